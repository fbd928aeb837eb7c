//! The bill through the door (service `ec2lab`): per-second compute with the 60-second minimum,
//! nothing for stopped instances but their storage and addresses, EBS by size/type over time,
//! snapshots by stored blocks, Elastic IPs, load balancers, the free tier, Savings Plans, the
//! ledger of deleted resources, the forecast, Lightsail, refusals, and the weekend-left-on figure.
use ec2lab::{ApiError, Cloud};
use serde_json::{json, Value};

const R: &str = "us-east-1";
const SEOUL: &str = "ap-northeast-2";
const H: u64 = 3_600_000;

fn ec2(c: &mut Cloud, region: &str, op: &str, p: Value) -> Value {
    c.call("ec2", region, op, p).unwrap_or_else(|e| panic!("{op}: {e:?}"))
}

fn lab(c: &mut Cloud, op: &str, p: Value) -> Result<Value, ApiError> {
    c.call("ec2lab", R, op, p)
}

fn image(c: &mut Cloud, region: &str) -> String {
    let v = ec2(c, region, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]}));
    v["Images"][0]["ImageId"].as_str().unwrap().to_string()
}

fn launch(c: &mut Cloud, region: &str, itype: &str, n: u32) -> Vec<String> {
    let img = image(c, region);
    let v = ec2(c, region, "RunInstances", json!({"ImageId": img, "InstanceType": itype, "MinCount": n, "MaxCount": n}));
    v["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap().to_string()).collect()
}

fn run_periods(c: &Cloud, region: &str, id: &str) -> Vec<(u64, Option<u64>)> {
    c.world.regions[region].compute.instances[id].run_periods.clone()
}

/// Advances until the instance is running (boot takes seeded seconds).
fn until_running(c: &mut Cloud, region: &str, id: &str) -> u64 {
    for _ in 0..600 {
        if let Some((s, None)) = run_periods(c, region, id).last().copied() {
            return s;
        }
        c.advance(1_000);
    }
    panic!("{id} never ran")
}

fn bill(c: &mut Cloud, free_tier: bool) -> Value {
    lab(c, "GetBill", json!({"FreeTier": free_tier})).unwrap()
}

fn lines<'a>(b: &'a Value, usage_prefix: &str) -> Vec<&'a Value> {
    b["Lines"].as_array().unwrap().iter().filter(|l| l["UsageType"].as_str().unwrap().contains(usage_prefix)).collect()
}

fn sum(ls: &[&Value], key: &str) -> f64 {
    ls.iter().map(|l| l[key].as_f64().unwrap()).sum()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn stop(c: &mut Cloud, region: &str, id: &str) {
    ec2(c, region, "StopInstances", json!({"InstanceIds": [id]}));
}

#[test]
fn twenty_seconds_cost_a_minute_and_three_minutes_forty_cost_exactly_that() {
    let mut c = Cloud::new(1);
    let id = launch(&mut c, R, "t3.micro", 1).remove(0);
    until_running(&mut c, R, &id);
    c.advance(20_000);
    stop(&mut c, R, &id);
    c.advance(5 * 60_000);
    let b = bill(&mut c, false);
    let box_ = lines(&b, "BoxUsage:t3.micro");
    assert!(close(sum(&box_, "Quantity"), 60.0 / 3600.0), "{box_:?}");
    assert!(close(sum(&box_, "Cost"), 0.0104 / 60.0));
    // Start again for 3 min 40 s: a new minimum per start, but 220 s is billed as 220 s.
    ec2(&mut c, R, "StartInstances", json!({"InstanceIds": [id]}));
    until_running(&mut c, R, &id);
    c.advance(220_000);
    stop(&mut c, R, &id);
    c.advance(5 * 60_000);
    let b = bill(&mut c, false);
    let box_ = lines(&b, "BoxUsage:t3.micro");
    assert!(close(sum(&box_, "Quantity"), 280.0 / 3600.0), "{box_:?}");
    assert_eq!(box_[0]["Unit"], "Hrs");
    assert_eq!(box_[0]["PurchaseOption"], "On Demand");
    assert_eq!(box_[0]["ResourceId"], id.as_str());
    assert_eq!(box_[0]["Estimated"], false);
}

#[test]
fn a_stopped_instance_costs_only_its_storage() {
    let mut c = Cloud::new(2);
    let id = launch(&mut c, R, "m5.large", 1).remove(0);
    until_running(&mut c, R, &id);
    c.advance(H);
    stop(&mut c, R, &id);
    c.advance(2 * 60_000);
    let before = bill(&mut c, false);
    c.advance(10 * H);
    let after = bill(&mut c, false);
    assert!(close(sum(&lines(&before, "BoxUsage"), "Cost"), sum(&lines(&after, "BoxUsage"), "Cost")));
    let ebs_before = sum(&lines(&before, "EBS:VolumeUsage"), "Cost");
    let ebs_after = sum(&lines(&after, "EBS:VolumeUsage"), "Cost");
    assert!(ebs_after > ebs_before, "storage keeps costing while stopped");
    // The auto-assigned public IPv4 went back to the pool at stop: no more IPv4 hours.
    let ip_before = sum(&lines(&before, "PublicIPv4"), "Quantity");
    let ip_after = sum(&lines(&after, "PublicIPv4"), "Quantity");
    assert!(ip_before > 0.9 && close(ip_before, ip_after), "{ip_before} {ip_after}");
}

#[test]
fn ebs_bills_the_provisioned_size_over_time_and_modifications_change_the_rate() {
    let mut c = Cloud::new(3);
    let v =
        ec2(&mut c, R, "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 100, "VolumeType": "gp3"}))["VolumeId"].as_str().unwrap().to_string();
    let t0 = c.now();
    c.advance(24 * H);
    ec2(&mut c, R, "ModifyVolume", json!({"VolumeId": v, "Size": 200, "Iops": 6000, "Throughput": 250}));
    c.advance(24 * H);
    let b = lab(&mut c, "GetBill", json!({"FreeTier": false, "Since": (t0 / 1000) as f64})).unwrap();
    let month = 31.0 * 24.0; // January 2025
    let gb_mo = sum(&lines(&b, "EBS:VolumeUsage.gp3"), "Quantity");
    assert!(close(gb_mo, (100.0 * 24.0 + 200.0 * 24.0) / month), "{gb_mo}");
    let iops = lines(&b, "EBS:VolumeP-IOPS.gp3");
    assert!(close(sum(&iops, "Quantity"), 3000.0 * 24.0 / month));
    let tp = lines(&b, "EBS:VolumeP-Throughput.gp3");
    assert!(close(sum(&tp, "Quantity"), 125.0 * 24.0 / month));
    assert!(close(sum(&tp, "Cost"), 125.0 * 24.0 / month * 0.04));
    // Deleted: the ledger keeps its usage; nothing more accrues.
    ec2(&mut c, R, "DeleteVolume", json!({"VolumeId": v}));
    c.advance(60_000);
    let b1 = bill(&mut c, false);
    c.advance(24 * H);
    let b2 = bill(&mut c, false);
    assert!(!c.world.regions[R].storage.volumes.contains_key(&v));
    let q1 = sum(&lines(&b1, "EBS:VolumeUsage.gp3"), "Quantity");
    assert!(q1 > gb_mo && close(q1, sum(&lines(&b2, "EBS:VolumeUsage.gp3"), "Quantity")));
}

#[test]
fn snapshots_bill_only_the_blocks_they_store() {
    let mut c = Cloud::new(4);
    let id = launch(&mut c, R, "t3.micro", 1).remove(0);
    until_running(&mut c, R, &id);
    let az = c.world.regions[R].compute.instances[&id].az.clone();
    let v = ec2(&mut c, R, "CreateVolume", json!({"AvailabilityZone": az, "Size": 10, "VolumeType": "gp3"}))["VolumeId"].as_str().unwrap().to_string();
    c.advance(60_000);
    ec2(&mut c, R, "AttachVolume", json!({"VolumeId": v, "InstanceId": id, "Device": "/dev/sdf"}));
    c.advance(10_000);
    lab(&mut c, "Mount", json!({"InstanceId": id, "DeviceName": "/dev/sdf", "Path": "/data"})).unwrap();
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(vec![7u8; 4 * 1024 * 1024]);
    lab(&mut c, "WriteFile", json!({"InstanceId": id, "Path": "/data/a", "Data": data})).unwrap();
    let s1 = ec2(&mut c, R, "CreateSnapshot", json!({"VolumeId": v}))["SnapshotId"].as_str().unwrap().to_string();
    let t0 = c.now();
    c.advance(10 * H);
    let stored = c.world.regions[R].storage.snapshots[&s1].stored_bytes() as f64;
    assert!(stored < 10.0 * (1u64 << 30) as f64 / 100.0, "a 10 GiB volume with 4 MiB written stores a few MiB");
    let b = lab(&mut c, "GetBill", json!({"FreeTier": false, "Since": (t0 / 1000) as f64})).unwrap();
    let snap = lines(&b, "EBS:SnapshotUsage");
    let expect = stored / (1u64 << 30) as f64 * 10.0 / (31.0 * 24.0);
    assert!(close(sum(&snap, "Quantity"), expect), "{snap:?} {expect}");
    assert_eq!(snap[0]["ResourceId"], s1.as_str());
    // Deleted: the charge stops, the ledger keeps what was used.
    ec2(&mut c, R, "DeleteSnapshot", json!({"SnapshotId": s1}));
    let q = sum(&lines(&bill(&mut c, false), "EBS:SnapshotUsage"), "Quantity");
    c.advance(10 * H);
    assert!(close(q, sum(&lines(&bill(&mut c, false), "EBS:SnapshotUsage"), "Quantity")));
}

#[test]
fn elastic_ips_and_load_balancers_bill_by_the_hour() {
    let mut c = Cloud::new(5);
    let a = ec2(&mut c, R, "AllocateAddress", json!({}))["AllocationId"].as_str().unwrap().to_string();
    let subnets: Vec<String> =
        ec2(&mut c, R, "DescribeSubnets", json!({}))["Subnets"].as_array().unwrap()[..2].iter().map(|s| s["SubnetId"].as_str().unwrap().to_string()).collect();
    let lb = c.call("elbv2", R, "CreateLoadBalancer", json!({"Name": "web", "Subnets": subnets})).unwrap()["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    c.advance(90 * 60_000);
    let b = bill(&mut c, false);
    let eip = lines(&b, "PublicIPv4:IdleAddress");
    assert_eq!(eip[0]["ResourceId"], a.as_str());
    assert!(close(sum(&eip, "Cost"), 1.5 * 0.005));
    let lbh = lines(&b, "LoadBalancerUsage");
    assert_eq!(lbh[0]["ResourceId"], lb.as_str());
    assert!(close(sum(&lbh, "Quantity"), 2.0), "90 minutes are two started hours: {lbh:?}");
    // Two internet-facing nodes, two public addresses.
    let nodes: Vec<_> = lines(&b, "PublicIPv4:InUseAddress").into_iter().filter(|l| l["ResourceId"] == lb.as_str()).collect();
    assert!(close(sum(&nodes, "Quantity"), 3.0));
    // Released and deleted: they stay on the bill for the time they existed, and stop there.
    ec2(&mut c, R, "ReleaseAddress", json!({"AllocationId": a}));
    c.call("elbv2", R, "DeleteLoadBalancer", json!({"LoadBalancerArn": lb})).unwrap();
    let b1 = bill(&mut c, false);
    c.advance(5 * H);
    let b2 = bill(&mut c, false);
    assert!(close(b1["Total"].as_f64().unwrap(), b2["Total"].as_f64().unwrap()), "{b1} {b2}");
}

#[test]
fn the_free_tier_covers_750_micro_hours_a_month_and_never_goes_below_zero() {
    let mut c = Cloud::new(6);
    let ids = launch(&mut c, SEOUL, "t2.micro", 2);
    until_running(&mut c, SEOUL, &ids[0]);
    until_running(&mut c, SEOUL, &ids[1]);
    // 2 instances x 300 h = 600 h: all free (the compute part).
    c.advance(300 * H);
    let b = bill(&mut c, true);
    let credit: Vec<_> = lines(&b, "FreeTier:BoxUsage");
    let used = sum(&lines(&b, "APN2-BoxUsage:t2.micro"), "Cost");
    assert!(close(-sum(&credit, "Cost"), used), "{credit:?}");
    // Past 750 hours in the month (January has 744 h left after the 6th; 2 x 400 = 800 h).
    c.advance(100 * H);
    let b = bill(&mut c, true);
    let credit = lines(&b, "FreeTier:BoxUsage");
    assert!(close(sum(&credit, "Quantity"), 750.0), "{credit:?}");
    assert!(close(-sum(&credit, "Cost"), 750.0 * 0.0144));
    assert!(b["Total"].as_f64().unwrap() > 0.0);
    assert!(b["Savings"]["FreeTier"].as_f64().unwrap() > 0.0);
    // t3.micro is not free where t2.micro is offered.
    let t3 = launch(&mut c, SEOUL, "t3.micro", 1).remove(0);
    until_running(&mut c, SEOUL, &t3);
    c.advance(H);
    let b = bill(&mut c, true);
    assert!(lines(&b, "FreeTier:BoxUsage").iter().all(|l| l["Description"].as_str().unwrap().contains("t2.micro")));
}

#[test]
fn terminated_instances_stay_on_the_bill_after_they_vanish() {
    let mut c = Cloud::new(7);
    let id = launch(&mut c, R, "c5.large", 1).remove(0);
    until_running(&mut c, R, &id);
    c.advance(2 * H);
    ec2(&mut c, R, "TerminateInstances", json!({"InstanceIds": [id]}));
    c.advance(3 * H);
    assert!(!c.world.regions[R].compute.instances.contains_key(&id), "vanished");
    let b = bill(&mut c, false);
    let l = lines(&b, "BoxUsage:c5.large");
    assert_eq!(l[0]["ResourceId"], id.as_str());
    let q = sum(&l, "Quantity");
    assert!(q > 2.0 && q < 2.1, "{q}");
}

#[test]
fn a_type_change_keeps_the_old_type_for_the_runs_before_it() {
    let mut c = Cloud::new(8);
    let id = launch(&mut c, R, "t3.micro", 1).remove(0);
    until_running(&mut c, R, &id);
    c.advance(H);
    stop(&mut c, R, &id);
    c.advance(5 * 60_000);
    ec2(&mut c, R, "ModifyInstanceAttribute", json!({"InstanceId": id, "InstanceType": {"Value": "m5.large"}}));
    ec2(&mut c, R, "StartInstances", json!({"InstanceIds": [id]}));
    until_running(&mut c, R, &id);
    c.advance(H);
    let b = bill(&mut c, false);
    assert!(sum(&lines(&b, "BoxUsage:t3.micro"), "Quantity") > 0.99);
    assert!(sum(&lines(&b, "BoxUsage:m5.large"), "Quantity") > 0.99);
}

#[test]
fn a_savings_plan_charges_its_commitment_and_covers_usage_at_its_discount() {
    let mut c = Cloud::new(9);
    let id = launch(&mut c, R, "m5.large", 1).remove(0);
    until_running(&mut c, R, &id);
    // Bought at the top of an hour: the commitment is charged for every started hour.
    let to_hour = H - c.now() % H;
    c.advance(to_hour);
    let sp = lab(&mut c, "PurchaseSavingsPlan", json!({"Commitment": 0.05, "TermYears": 1})).unwrap()["SavingsPlanId"].as_str().unwrap().to_string();
    let t0 = c.now();
    c.advance(10 * H);
    let b = lab(&mut c, "GetBill", json!({"FreeTier": false, "Since": (t0 / 1000) as f64})).unwrap();
    let fee = b["Lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["Kind"] == "fee" && l["ResourceId"] == sp.as_str())
        .map(|l| l["Cost"].as_f64().unwrap())
        .sum::<f64>();
    assert!(close(fee, 0.5), "10 hours x $0.05: {fee}");
    let covered = -sum(&lines(&b, "SavingsPlanNegation"), "Cost");
    // $0.05 buys $0.05 / (1 - 0.27) of On-Demand usage an hour (m5.large is $0.096).
    assert!(close(covered, 10.0 * 0.05 / 0.73), "{covered}");
    assert!(b["Total"].as_f64().unwrap() < 10.0 * 0.096);
    // Saved: what it covered minus what it cost.
    assert!(close(b["Savings"]["SavingsPlans"].as_f64().unwrap(), covered - fee));
    let d = lab(&mut c, "DescribeSavingsPlans", json!({})).unwrap();
    assert_eq!(d["SavingsPlans"][0]["State"], "active");
    assert_eq!(d["SavingsPlans"][0]["PaymentOption"], "No Upfront");
}

#[test]
fn the_forecast_is_the_bill_you_get_when_you_leave_it_running() {
    let mut c = Cloud::new(10);
    let ids = launch(&mut c, SEOUL, "t3.medium", 2);
    for i in &ids {
        until_running(&mut c, SEOUL, i);
    }
    ec2(&mut c, SEOUL, "AllocateAddress", json!({}));
    let now = c.now();
    let f = lab(&mut c, "ForecastBill", json!({"Hours": 48, "FreeTier": false})).unwrap();
    c.advance(48 * H);
    let b = lab(&mut c, "GetBill", json!({"FreeTier": false, "Since": now as f64 / 1000.0})).unwrap();
    assert!(close(f["Total"].as_f64().unwrap(), b["Total"].as_f64().unwrap()), "{} vs {}", f["Total"], b["Total"]);
    assert_eq!(f["Hours"], 48.0);
}

#[test]
fn weekend_left_on_figure() {
    // Friday 18:00 to Monday 09:00 (63 h) in Seoul: a web fleet of 3 t3.medium behind an ALB,
    // their 8 GiB gp3 roots, their public addresses and one forgotten Elastic IP.
    let mut c = Cloud::new(11);
    let ids = launch(&mut c, SEOUL, "t3.medium", 3);
    for i in &ids {
        until_running(&mut c, SEOUL, i);
    }
    let subnets: Vec<String> = ec2(&mut c, SEOUL, "DescribeSubnets", json!({}))["Subnets"].as_array().unwrap()[..2]
        .iter()
        .map(|s| s["SubnetId"].as_str().unwrap().to_string())
        .collect();
    c.call("elbv2", SEOUL, "CreateLoadBalancer", json!({"Name": "web", "Subnets": subnets})).unwrap();
    ec2(&mut c, SEOUL, "AllocateAddress", json!({}));
    let f = c.call("ec2lab", SEOUL, "ForecastBill", json!({"Hours": 63, "FreeTier": false})).unwrap();
    let mut by_usage = serde_json::Map::new();
    for l in f["Lines"].as_array().unwrap() {
        let k = l["UsageType"].as_str().unwrap().to_string();
        let e = by_usage.entry(k).or_insert(json!(0.0));
        *e = json!(((e.as_f64().unwrap() + l["Cost"].as_f64().unwrap()) * 1e4).round() / 1e4);
    }
    let figure = json!({"Hours": 63, "Total": (f["Total"].as_f64().unwrap() * 1e4).round() / 1e4, "ByUsageType": by_usage});
    println!("weekend left on (63 h, Seoul): {figure:#}");
    insta::assert_json_snapshot!("weekend_left_on", figure);
}

#[test]
fn get_bill_shape() {
    let mut c = Cloud::new(12);
    let id = launch(&mut c, R, "t3.micro", 1).remove(0);
    until_running(&mut c, R, &id);
    c.advance(H);
    let mut b = bill(&mut c, true);
    // Ids and times vary with the seed; the shape is what this pins.
    b["Since"] = json!("<since>");
    b["Until"] = json!("<until>");
    for l in b["Lines"].as_array_mut().unwrap() {
        l["ResourceId"] = json!(if l["ResourceId"] == "" { "" } else { "<id>" });
        for k in ["Quantity", "Cost", "Rate"] {
            l[k] = json!((l[k].as_f64().unwrap() * 1e6).round() / 1e6);
        }
    }
    for k in ["Charges", "Credits", "Total"] {
        b[k] = json!((b[k].as_f64().unwrap() * 1e6).round() / 1e6);
    }
    b["Savings"]["FreeTier"] = json!((b["Savings"]["FreeTier"].as_f64().unwrap() * 1e6).round() / 1e6);
    insta::assert_json_snapshot!("get_bill_shape", b);
}

#[test]
fn lightsail_comparison_and_prices() {
    let mut c = Cloud::new(13);
    let v = c.call("ec2lab", SEOUL, "LightsailComparison", json!({})).unwrap();
    assert_eq!(v["Bundles"].as_array().unwrap().len(), 7);
    assert!(v["Source"].as_str().unwrap().starts_with("https://aws.amazon.com/lightsail"));
    insta::assert_json_snapshot!("lightsail_seoul", v);
    let p = c.call("ec2lab", SEOUL, "GetPrices", json!({"InstanceTypes": ["t2.micro", "m7g.large", "c7i.large"]})).unwrap();
    assert_eq!(p["Prices"][0]["Hourly"], 0.0144);
    assert_eq!(p["Prices"][0]["Estimated"], false);
    assert_eq!(p["Prices"][1]["Estimated"], true);
    assert_eq!(p["Prices"][2]["Estimated"], true);
}

#[test]
fn refusals_leave_the_world_as_it_was() {
    let mut c = Cloud::new(14);
    c.advance(H);
    let before = format!("{:?}", c.world);
    let cases = [
        ("GetBill", json!({"Until": "2030-01-01T00:00:00Z"}), "InvalidParameterValue"),
        ("GetBill", json!({"Since": "2025-01-06T10:00:00Z", "Until": "2025-01-06T09:30:00Z"}), "InvalidParameterValue"),
        ("GetBill", json!({"Since": "last week"}), "InvalidParameterValue"),
        ("ForecastBill", json!({"Hours": 0}), "InvalidParameterValue"),
        ("ForecastBill", json!({"Hours": 1e9}), "InvalidParameterValue"),
        ("PurchaseSavingsPlan", json!({"Commitment": 0}), "ValidationException"),
        ("PurchaseSavingsPlan", json!({"Commitment": 1, "TermYears": 2}), "ValidationException"),
        ("PurchaseSavingsPlan", json!({"Commitment": 1, "PaymentOption": "Later"}), "ValidationException"),
        ("GetPrices", json!({"InstanceTypes": ["t9.huge"]}), "InvalidParameterValue"),
    ];
    for (op, p, code) in cases {
        let e = lab(&mut c, op, p.clone()).unwrap_err();
        assert_eq!(e.code, code, "{op} {p}");
        assert!(!e.hint_en.is_empty() && !e.hint_ko.is_empty(), "{op}: hints in English and Korean");
        assert_eq!(format!("{:?}", c.world), before, "{op} changed the world");
    }
}

#[test]
fn spot_usage_is_charged_at_the_spot_price_and_shows_the_saving() {
    let mut c = Cloud::new(15);
    let img = image(&mut c, R);
    let v = c
        .call(
            "ec2",
            R,
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "InstanceMarketOptions": {"MarketType": "spot"}}),
        )
        .unwrap();
    let id = v["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    let start = until_running(&mut c, R, &id);
    c.advance(10 * H);
    let now = c.now();
    let az = c.world.regions[R].compute.instances[&id].az.clone();
    let b = bill(&mut c, false);
    let spot = lines(&b, "SpotUsage:m5.large");
    assert_eq!(spot.len(), 1, "{b}");
    assert_eq!(spot[0]["PurchaseOption"], "Spot");
    // The Spot market may interrupt it (two-minute notice): the bill follows the run periods.
    let periods = c.world.regions[R].compute.instances[&id].run_periods.clone();
    assert_eq!(periods[0].0, start);
    let mut expect = 0.0;
    for (s, e) in periods {
        let e = e.unwrap_or(now);
        let changes = ec2lab::purchase::spot_price_changes(&c.world, R, &az, "m5.large", s, e);
        expect += changes.iter().enumerate().map(|(k, (t, p))| p * (changes.get(k + 1).map_or(e, |n| n.0) - t) as f64 / H as f64).sum::<f64>();
    }
    assert!((spot[0]["Cost"].as_f64().unwrap() - expect).abs() < 1e-5, "{} vs {expect}", spot[0]["Cost"]);
    let od = spot[0]["OnDemandCost"].as_f64().unwrap();
    assert!(close(od, spot[0]["Quantity"].as_f64().unwrap() * 0.096));
    assert!(b["Savings"]["SpotVsOnDemand"].as_f64().unwrap() > 0.0 && od > spot[0]["Cost"].as_f64().unwrap());
}

#[test]
fn a_reserved_instance_covers_matching_usage_and_costs_its_fee_every_hour() {
    let mut c = Cloud::new(16);
    let offers = ec2(
        &mut c,
        R,
        "DescribeReservedInstancesOfferings",
        json!({"InstanceType": "m5.large", "ProductDescription": "Linux/UNIX", "OfferingType": "No Upfront", "OfferingClass": "standard"}),
    );
    let offer = offers["ReservedInstancesOfferings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["Scope"] == "Region" && o["Duration"] == 31_536_000)
        .expect("a regional 1-year offering")
        .clone();
    let to_hour = H - c.now() % H;
    c.advance(to_hour);
    let ri =
        ec2(&mut c, R, "PurchaseReservedInstancesOffering", json!({"ReservedInstancesOfferingId": offer["ReservedInstancesOfferingId"], "InstanceCount": 1}))
            ["ReservedInstancesId"]
            .as_str()
            .unwrap()
            .to_string();
    let t0 = c.now();
    let ids = launch(&mut c, R, "m5.large", 2);
    for i in &ids {
        until_running(&mut c, R, i);
    }
    c.advance(5 * H);
    let b = lab(&mut c, "GetBill", json!({"FreeTier": false, "Since": t0 as f64 / 1000.0})).unwrap();
    let all: Vec<&Value> = b["Lines"].as_array().unwrap().iter().filter(|l| l["ResourceId"] == ri.as_str()).collect();
    let fee: f64 = all.iter().filter(|l| l["Kind"] == "fee").map(|l| l["Cost"].as_f64().unwrap()).sum();
    let hourly = offer["RecurringCharges"][0]["Amount"].as_f64().unwrap_or(0.0);
    assert!(hourly > 0.0 && hourly < 0.096, "a No Upfront RI costs less per hour than on-demand: {offer}");
    assert!(close(fee, 6.0 * hourly), "six started hours: {fee} vs {}", 6.0 * hourly);
    let credit: f64 = all.iter().filter(|l| l["Kind"] == "credit").map(|l| l["Cost"].as_f64().unwrap()).sum();
    // One instance-hour per hour: both instances' usage in the first, partial hour shares it.
    let covered_hours: f64 = all.iter().filter(|l| l["Kind"] == "credit").map(|l| l["Quantity"].as_f64().unwrap()).sum();
    let used = sum(&lines(&b, "BoxUsage:m5.large").into_iter().filter(|l| l["Kind"] == "usage").collect::<Vec<_>>(), "Quantity");
    assert!(covered_hours >= used / 2.0 && covered_hours <= 6.0 - (c.now() - t0) as f64 % H as f64 / H as f64, "{covered_hours} of {used}");
    assert!(close(-credit, covered_hours * 0.096));
    assert!(b["Savings"]["ReservedInstances"].as_f64().unwrap() > 0.0);
}

#[test]
fn unlimited_mode_surplus_credits_are_charged_per_vcpu_hour() {
    let mut c = Cloud::new(17);
    let id = launch(&mut c, R, "t3.micro", 1).remove(0);
    until_running(&mut c, R, &id);
    lab(&mut c, "SetLoad", json!({"InstanceId": id, "Cpu": 100.0})).unwrap();
    c.advance(30 * H);
    let b = bill(&mut c, false);
    let l = lines(&b, "CPUCredits:t3");
    assert_eq!(l.len(), 1, "{b}");
    let q = l[0]["Quantity"].as_f64().unwrap();
    assert_eq!(l[0]["Unit"], "vCPU-Hours");
    assert!(q > 1.0, "2 vCPUs at 100 % far above the 10 % baseline for 30 h: {q}");
    assert!(close(l[0]["Cost"].as_f64().unwrap(), q * 0.05));
    let charged = ec2lab::monitoring::credits::surplus_credits_charged(&c.world, R, &id, ec2lab::sim::clock::DEFAULT_START, c.now());
    assert!(close(q, charged / 60.0));
}

#[test]
fn alb_capacity_units_come_from_its_request_count() {
    let mut c = Cloud::new(18);
    let subnets: Vec<String> =
        ec2(&mut c, R, "DescribeSubnets", json!({}))["Subnets"].as_array().unwrap()[..2].iter().map(|s| s["SubnetId"].as_str().unwrap().to_string()).collect();
    let vpc = ec2(&mut c, R, "DescribeVpcs", json!({}))["Vpcs"][0]["VpcId"].as_str().unwrap().to_string();
    let sg = ec2(&mut c, R, "CreateSecurityGroup", json!({"GroupName": "web", "Description": "web", "VpcId": vpc}))["GroupId"].as_str().unwrap().to_string();
    ec2(
        &mut c,
        R,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
    );
    let lb = c.call("elbv2", R, "CreateLoadBalancer", json!({"Name": "web", "Subnets": subnets, "SecurityGroups": [sg]})).unwrap()["LoadBalancers"][0]
        ["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tg = c.call("elbv2", R, "CreateTargetGroup", json!({"Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc})).unwrap()["TargetGroups"][0]
        ["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    c.call(
        "elbv2",
        R,
        "CreateListener",
        json!({"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    )
    .unwrap();
    c.advance(5 * 60_000);
    lab(&mut c, "SendTraffic", json!({"LoadBalancer": lb, "RequestsPerSecond": 50, "Seconds": 120})).unwrap();
    c.advance(10 * 60_000);
    let b = bill(&mut c, false);
    let l = lines(&b, "LCUUsage");
    assert_eq!(l.len(), 1, "{b}");
    // 6,000 requests, one new connection each; 25 new connections a second for an hour = 1 LCU-hour.
    assert!(close(l[0]["Quantity"].as_f64().unwrap(), 6000.0 / 90_000.0), "{}", l[0]);
    assert!(close(l[0]["Cost"].as_f64().unwrap(), 6000.0 / 90_000.0 * 0.008));
}

#[test]
fn an_elastic_ip_on_an_instance_replaces_its_auto_assigned_address_on_the_bill() {
    let mut c = Cloud::new(19);
    let id = launch(&mut c, R, "t3.micro", 1).remove(0);
    until_running(&mut c, R, &id);
    let a = ec2(&mut c, R, "AllocateAddress", json!({}))["AllocationId"].as_str().unwrap().to_string();
    c.advance(H); // idle for an hour; the instance has its own address
    let assoc = ec2(&mut c, R, "AssociateAddress", json!({"AllocationId": a, "InstanceId": id}))["AssociationId"].as_str().unwrap().to_string();
    c.advance(2 * H); // in use for two hours; no auto-assigned address meanwhile
    ec2(&mut c, R, "DisassociateAddress", json!({"AssociationId": assoc}));
    c.advance(H); // idle again
    let b = bill(&mut c, false);
    let eip = |what: &str| lines(&b, what).into_iter().filter(|l| l["ResourceId"] == a.as_str()).map(|l| l["Quantity"].as_f64().unwrap()).sum::<f64>();
    assert!(close(eip("PublicIPv4:IdleAddress"), 2.0), "{b}");
    assert!(close(eip("PublicIPv4:InUseAddress"), 2.0));
    let own: f64 = lines(&b, "PublicIPv4:InUseAddress").into_iter().filter(|l| l["ResourceId"] == id.as_str()).map(|l| l["Quantity"].as_f64().unwrap()).sum();
    let ran = sum(&lines(&b, "BoxUsage:t3.micro"), "Quantity");
    assert!(close(own, ran - 2.0), "the instance's own address is not counted while the EIP is on it: {own} vs {ran}");
}
