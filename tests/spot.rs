//! Spot through the door: requests, fulfilment, the price model, interruptions with the
//! two-minute notice read from instance metadata, persistent stop/restart, refusals.
use ec2lab::purchase::price::Market;
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";
const AZ: &str = "us-east-1a";
const TYPE: &str = "m5.large";
const MIN: u64 = 60_000;

fn ami(c: &mut Cloud) -> String {
    let v = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap();
    v["Images"][0]["ImageId"].as_str().unwrap().to_string()
}

fn market(c: &Cloud) -> Market<'static> {
    Market::new(c.world.seed, R, AZ, TYPE).unwrap()
}

fn request(c: &mut Cloud, extra: Value) -> Result<Value, ec2lab::ApiError> {
    let img = ami(c);
    let mut p = json!({"LaunchSpecification": {"ImageId": img, "InstanceType": TYPE, "Placement": {"AvailabilityZone": AZ}}});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    c.call("ec2", R, "RequestSpotInstances", p).map(|v| v["SpotInstanceRequests"][0].clone())
}

fn req(c: &mut Cloud, id: &str) -> Value {
    c.call("ec2", R, "DescribeSpotInstanceRequests", json!({"SpotInstanceRequestIds": [id]})).unwrap()["SpotInstanceRequests"][0].clone()
}

fn inst(c: &mut Cloud, id: &str) -> Value {
    c.call("ec2", R, "DescribeInstances", json!({"InstanceIds": [id]})).unwrap()["Reservations"][0]["Instances"][0].clone()
}

fn md(c: &mut Cloud, id: &str, path: &str) -> (u64, String) {
    let v = c.call("ec2lab", R, "GetInstanceMetadata", json!({"InstanceId": id, "Path": path})).unwrap();
    (v["Status"].as_u64().unwrap(), v["Body"].as_str().unwrap().to_string())
}

/// A seed whose first interruption of a request at the current price is a price rise (not a
/// capacity crunch) within a week, and that rise.
fn price_rise_first(from_seed: u64) -> (Cloud, u64) {
    for seed in from_seed.. {
        let c = Cloud::new(seed);
        let m = market(&c);
        let now = c.now();
        let week = now + 7 * 24 * 3_600_000;
        let Some(t) = m.first_above(m.price_at(now), now + 10_000, week) else { continue };
        let crunch = ec2lab::purchase::capacity::next_crunch(seed, R, AZ, TYPE, now, week + 14 * 24 * 3_600_000).map_or(u64::MAX, |(s, _)| s);
        if crunch > t + 14 * 24 * 3_600_000 {
            return (c, t);
        }
    }
    unreachable!()
}

fn price_str(p: f64) -> String {
    format!("{p:.6}")
}

#[test]
fn a_request_is_evaluated_then_fulfilled_and_the_instance_says_spot() {
    let mut c = Cloud::new(1);
    let r = request(&mut c, json!({"TagSpecifications": [{"ResourceType": "spot-instances-request", "Tags": [{"Key": "k", "Value": "v"}]}]})).unwrap();
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("open"), Some("pending-evaluation")));
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    assert!(id.starts_with("sir-") && id.len() == 12);
    // Default max price: the on-demand price.
    let od = ec2lab::purchase::on_demand_price(R, TYPE).unwrap().hourly;
    assert_eq!(r["SpotPrice"], json!(price_str(od)));
    c.advance(10_000);
    let r = req(&mut c, &id);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("active"), Some("fulfilled")));
    let iid = r["InstanceId"].as_str().unwrap().to_string();
    assert_eq!(r["LaunchedAvailabilityZone"], json!(AZ));
    let i = inst(&mut c, &iid);
    assert_eq!(i["InstanceLifecycle"], json!("spot"));
    assert_eq!(i["SpotInstanceRequestId"], json!(id));
    let filtered = c.call("ec2", R, "DescribeInstances", json!({"Filters": [{"Name": "instance-lifecycle", "Values": ["spot"]}]})).unwrap();
    assert_eq!(filtered["Reservations"].as_array().unwrap().len(), 1);
    let mut shape = r.clone();
    shape["InstanceId"] = json!("<instance>");
    insta::assert_json_snapshot!("spot_request_fulfilled", shape);
}

#[test]
fn a_max_price_below_the_price_waits_as_price_too_low_and_run_instances_refuses() {
    let mut c = Cloud::new(2);
    let p = market(&c).price_at(c.now());
    let r = request(&mut c, json!({"SpotPrice": price_str(p * 0.5)})).unwrap();
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    c.advance(10_000);
    let r = req(&mut c, &id);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("open"), Some("price-too-low")));
    assert!(r.get("InstanceId").is_none());
    let img = ami(&mut c);
    let e = c
        .call(
            "ec2",
            R,
            "RunInstances",
            json!({"ImageId": img, "InstanceType": TYPE, "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": AZ},
                   "InstanceMarketOptions": {"MarketType": "spot", "SpotOptions": {"MaxPrice": price_str(p * 0.5)}}}),
        )
        .unwrap_err();
    assert_eq!(e.code, "SpotMaxPriceTooLow");
    assert!(e.message.contains("lower than the minimum required Spot request fulfillment price"), "{}", e.message);
}

#[test]
fn run_instances_with_market_options_launches_a_spot_instance_at_once() {
    let mut c = Cloud::new(3);
    let img = ami(&mut c);
    let v = c
        .call(
            "ec2",
            R,
            "RunInstances",
            json!({"ImageId": img, "InstanceType": TYPE, "MinCount": 2, "MaxCount": 2, "InstanceMarketOptions": {"MarketType": "spot"}}),
        )
        .unwrap();
    let ids: Vec<String> = v["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap().to_string()).collect();
    let rids: Vec<String> = v["Instances"].as_array().unwrap().iter().map(|i| i["SpotInstanceRequestId"].as_str().unwrap().to_string()).collect();
    assert_eq!(v["Instances"][0]["InstanceLifecycle"], json!("spot"));
    assert_ne!(rids[0], rids[1], "one request per instance");
    // Without an AZ, EC2 picks the cheapest pool.
    let az = v["Instances"][0]["Placement"]["AvailabilityZone"].as_str().unwrap().to_string();
    let now = c.now();
    let cheapest = c.world.regions[R]
        .info
        .zones()
        .into_iter()
        .filter_map(|z| ec2lab::purchase::spot_price(&c.world, R, &z.name, TYPE, now).map(|p| (z.name, p)))
        .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap())
        .unwrap();
    assert_eq!(az, cheapest.0);
    let r = req(&mut c, &rids[0]);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str(), r["InstanceId"].as_str()), (Some("active"), Some("fulfilled"), Some(ids[0].as_str())));
    // One-time Spot Instances cannot be stopped.
    c.advance(60_000);
    let e = c.call("ec2", R, "StopInstances", json!({"InstanceIds": [ids[0]]})).unwrap_err();
    assert_eq!(e.code, "UnsupportedOperation");
    // Cancelling leaves the instance running (AWS).
    let v = c.call("ec2", R, "CancelSpotInstanceRequests", json!({"SpotInstanceRequestIds": [rids[0]]})).unwrap();
    assert_eq!(v["CancelledSpotInstanceRequests"][0]["State"], json!("cancelled"));
    assert_eq!(req(&mut c, &rids[0])["Status"]["Code"], json!("request-canceled-and-instance-running"));
    assert_eq!(inst(&mut c, &ids[0])["State"]["Name"], json!("running"));
    // Terminating by hand: instance-terminated-by-user, the request stays cancelled.
    c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [ids[1]]})).unwrap();
    c.advance(5 * MIN);
    let r = req(&mut c, &rids[1]);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("closed"), Some("instance-terminated-by-user")));
}

/// The price rises above the max price at T: metadata 404 before, rebalance recommendation no
/// earlier than 30 min before, the notice at T with time T+2 min, termination at T+2 min.
#[test]
fn a_price_rise_gives_the_two_minute_notice_then_terminates() {
    let (mut c, t) = price_rise_first(4);
    let m = market(&c);
    let p0 = m.price_at(c.now());
    let r = request(&mut c, json!({"SpotPrice": price_str(p0)})).unwrap();
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    c.advance(10_000);
    let iid = req(&mut c, &id)["InstanceId"].as_str().unwrap().to_string();
    c.advance(2 * MIN);
    assert_eq!(md(&mut c, &iid, "spot/instance-action").0, 404);
    assert_eq!(md(&mut c, &iid, "instance-life-cycle").1, "spot");
    assert_eq!(md(&mut c, &iid, "placement/availability-zone").1, AZ);
    assert_eq!(md(&mut c, &iid, "instance-id").1, iid);
    if t > c.now() + 31 * MIN {
        c.advance_to(t - 31 * MIN);
        assert_eq!(md(&mut c, &iid, "events/recommendations/rebalance").0, 404);
    }
    c.advance_to(t - 1);
    assert_eq!(md(&mut c, &iid, "spot/instance-action").0, 404);
    let (status, body) = md(&mut c, &iid, "events/recommendations/rebalance");
    assert_eq!(status, 200, "the rebalance recommendation comes before the notice");
    assert!(body.starts_with("{\"noticeTime\": \""), "{body}");
    c.advance_to(t);
    let (status, body) = md(&mut c, &iid, "spot/instance-action");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["action"], json!("terminate"));
    let want = ec2lab::sim::clock::iso8601(t + 2 * MIN);
    assert_eq!(v["time"].as_str().unwrap(), format!("{}Z", &want[..19]));
    let r = req(&mut c, &id);
    assert_eq!(r["Status"]["Code"], json!("marked-for-termination"));
    assert_eq!(inst(&mut c, &iid)["State"]["Name"], json!("running"));
    c.advance_to(t + 2 * MIN - 1);
    assert_eq!(inst(&mut c, &iid)["State"]["Name"], json!("running"));
    c.advance_to(t + 2 * MIN);
    let i = inst(&mut c, &iid);
    assert_eq!(i["State"]["Name"], json!("shutting-down"));
    assert_eq!(i["StateReason"]["Code"], json!("Server.SpotInstanceTermination"));
    c.advance(10 * MIN);
    let r = req(&mut c, &id);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("closed"), Some("instance-terminated-by-price")));
    assert_eq!(inst(&mut c, &iid)["State"]["Name"], json!("terminated"));
}

/// A persistent request with stop: EC2 stops the instance, StartInstances is refused
/// (IncorrectSpotRequestState), and EC2 restarts it itself once the price is back under the max.
#[test]
fn a_persistent_request_stops_and_ec2_restarts_the_instance() {
    let (mut c, t) = price_rise_first(20);
    let m = market(&c);
    let p0 = m.price_at(c.now());
    let r = request(&mut c, json!({"SpotPrice": price_str(p0), "Type": "persistent", "InstanceInterruptionBehavior": "stop"})).unwrap();
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    c.advance(10_000);
    let iid = req(&mut c, &id)["InstanceId"].as_str().unwrap().to_string();
    c.advance_to(t);
    let (_, body) = md(&mut c, &iid, "spot/instance-action");
    assert!(body.contains("\"action\": \"stop\""), "{body}");
    assert_eq!(req(&mut c, &id)["Status"]["Code"], json!("marked-for-stop"));
    c.advance_to(t + 2 * MIN);
    assert_eq!(inst(&mut c, &iid)["StateReason"]["Code"], json!("Server.SpotInstanceShutdown"));
    c.advance(3 * MIN);
    assert_eq!(inst(&mut c, &iid)["State"]["Name"], json!("stopped"));
    let r = req(&mut c, &id);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("disabled"), Some("instance-stopped-by-price")));
    let e = c.call("ec2", R, "StartInstances", json!({"InstanceIds": [iid]})).unwrap_err();
    assert_eq!(e.code, "IncorrectSpotRequestState");
    assert_eq!(inst(&mut c, &iid)["State"]["Name"], json!("stopped"), "a refused call changes nothing");
    // When the price is back at or below the max, EC2 starts the same instance again.
    let back = m.first_at_or_below(p0, c.now(), c.now() + 14 * 24 * 3_600_000).unwrap();
    c.advance_to(back + 30 * MIN);
    let r = req(&mut c, &id);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str(), r["InstanceId"].as_str()), (Some("active"), Some("fulfilled"), Some(iid.as_str())));
    assert_eq!(inst(&mut c, &iid)["State"]["Name"], json!("running"));
    assert_eq!(md(&mut c, &iid, "spot/instance-action").0, 404, "the old notice is gone");
}

#[test]
fn a_forced_interruption_and_hibernate_without_two_minutes() {
    let mut c = Cloud::new(6);
    let r = request(&mut c, json!({"Type": "persistent", "InstanceInterruptionBehavior": "hibernate"})).unwrap();
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    c.advance(2 * MIN);
    let iid = req(&mut c, &id)["InstanceId"].as_str().unwrap().to_string();
    let v = c.call("ec2lab", R, "InterruptSpotInstance", json!({"InstanceId": iid})).unwrap();
    assert_eq!(v["Action"], json!("hibernate"));
    c.advance(1);
    // Hibernation starts at once: the notice's time is now.
    let i = inst(&mut c, &iid);
    assert_eq!(i["State"]["Name"], json!("stopping"));
    let (status, body) = md(&mut c, &iid, "spot/instance-action");
    assert_eq!(status, 200);
    assert!(body.contains("hibernate"));
    c.advance(10 * MIN);
    assert_eq!(req(&mut c, &id)["Status"]["Code"], json!("instance-stopped-no-capacity"));
}

#[test]
fn a_forced_interruption_of_a_persistent_terminate_request_relaunches() {
    let mut c = Cloud::new(7);
    let r = request(&mut c, json!({"Type": "persistent"})).unwrap();
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    c.advance(2 * MIN);
    let first = req(&mut c, &id)["InstanceId"].as_str().unwrap().to_string();
    c.call("ec2lab", R, "InterruptSpotInstance", json!({"InstanceId": first})).unwrap();
    let e = c.call("ec2lab", R, "InterruptSpotInstance", json!({"InstanceId": first})).unwrap_err();
    assert_eq!(e.code, "IncorrectInstanceState");
    c.advance(2 * MIN + 1);
    assert_eq!(inst(&mut c, &first)["StateReason"]["Code"], json!("Server.SpotInstanceTermination"));
    c.advance(MIN);
    let r = req(&mut c, &id);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("open"), Some("instance-terminated-no-capacity")));
    // EC2 looks again 5-15 minutes later and launches a new instance.
    c.advance(12 * MIN);
    let r = req(&mut c, &id);
    assert_ne!(r["InstanceId"].as_str().unwrap(), first, "a new instance for the persistent request");
}

#[test]
fn price_history_is_newest_first_and_filtered() {
    let mut c = Cloud::new(8);
    c.advance(24 * 3_600_000);
    let v =
        c.call("ec2", R, "DescribeSpotPriceHistory", json!({"InstanceTypes": [TYPE], "AvailabilityZone": AZ, "ProductDescriptions": ["Linux/UNIX"]})).unwrap();
    let rows = v["SpotPriceHistory"].as_array().unwrap();
    assert!(rows.len() >= 3, "{v}");
    let times: Vec<&str> = rows.iter().map(|r| r["Timestamp"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);
    let od = ec2lab::purchase::on_demand_price(R, TYPE).unwrap().hourly;
    for r in rows {
        let p: f64 = r["SpotPrice"].as_str().unwrap().parse().unwrap();
        assert!(p > 0.0 && p < od);
        assert_eq!(r["AvailabilityZone"], json!(AZ));
    }
    insta::assert_json_snapshot!("spot_price_history_row", rows[0]);
    let e = c.call("ec2", R, "DescribeSpotPriceHistory", json!({"Filters": [{"Name": "colour", "Values": ["x"]}]})).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn refusals_leave_the_world_unchanged() {
    let mut c = Cloud::new(9);
    let img = ami(&mut c);
    let before = format!("{:?}", c.world);
    let cases = [
        ("RequestSpotInstances", json!({"SpotPrice": "0.0005", "LaunchSpecification": {"ImageId": img, "InstanceType": TYPE}}), "InvalidParameterValue"),
        (
            "RequestSpotInstances",
            json!({"InstanceInterruptionBehavior": "stop", "LaunchSpecification": {"ImageId": img, "InstanceType": TYPE}}),
            "InvalidParameterCombination",
        ),
        ("RequestSpotInstances", json!({"LaunchSpecification": {"ImageId": "ami-12345678", "InstanceType": TYPE}}), "InvalidAMIID.NotFound"),
        ("RequestSpotInstances", json!({"InstanceCount": 0, "LaunchSpecification": {"ImageId": img, "InstanceType": TYPE}}), "InvalidParameterValue"),
        (
            "RunInstances",
            json!({"ImageId": img, "InstanceType": TYPE, "MinCount": 1, "MaxCount": 1, "InstanceMarketOptions": {"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent"}}}),
            "InvalidParameterCombination",
        ),
        (
            "RunInstances",
            json!({"ImageId": img, "InstanceType": "m5.large", "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": "us-east-1z"},
                   "InstanceMarketOptions": {"MarketType": "spot"}}),
            "InvalidParameterValue",
        ),
        ("DescribeSpotInstanceRequests", json!({"SpotInstanceRequestIds": ["sir-nothere1"]}), "InvalidSpotInstanceRequestID.NotFound"),
        ("CancelSpotInstanceRequests", json!({"SpotInstanceRequestIds": ["sir-nothere1"]}), "InvalidSpotInstanceRequestID.NotFound"),
    ];
    for (op, p, code) in cases {
        let e = c.call("ec2", R, op, p).unwrap_err();
        assert_eq!(e.code, code, "{op}: {}", e.message);
        assert!(!e.hint_for("en").is_empty() && !e.hint_for("ko").is_empty(), "{op} hints");
        assert_eq!(format!("{:?}", c.world), before, "{op} changed the world");
    }
}

#[test]
fn a_user_may_stop_and_start_a_persistent_spot_instance_and_terminating_it_relaunches() {
    let mut c = Cloud::new(30);
    let img = ami(&mut c);
    let v = c
        .call(
            "ec2",
            R,
            "RunInstances",
            json!({"ImageId": img, "InstanceType": TYPE, "MinCount": 1, "MaxCount": 1, "ClientToken": "once",
                   "InstanceMarketOptions": {"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "stop"}}}),
        )
        .unwrap();
    let iid = v["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    let rid = v["Instances"][0]["SpotInstanceRequestId"].as_str().unwrap().to_string();
    // The same ClientToken answers the same launch and makes no second request.
    let again = c
        .call(
            "ec2",
            R,
            "RunInstances",
            json!({"ImageId": img, "InstanceType": TYPE, "MinCount": 1, "MaxCount": 1, "ClientToken": "once",
                   "InstanceMarketOptions": {"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "stop"}}}),
        )
        .unwrap();
    assert_eq!(again["Instances"][0]["InstanceId"], json!(iid));
    assert_eq!(c.call("ec2", R, "DescribeSpotInstanceRequests", json!({})).unwrap()["SpotInstanceRequests"].as_array().unwrap().len(), 1);
    c.advance(2 * MIN);
    c.call("ec2", R, "StopInstances", json!({"InstanceIds": [iid]})).unwrap();
    c.advance(3 * MIN);
    let r = req(&mut c, &rid);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("disabled"), Some("instance-stopped-by-user")));
    c.call("ec2", R, "StartInstances", json!({"InstanceIds": [iid]})).unwrap();
    c.advance(2 * MIN);
    let r = req(&mut c, &rid);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("active"), Some("fulfilled")));
    c.call("ec2", R, "TerminateInstances", json!({"InstanceIds": [iid]})).unwrap();
    c.advance(3 * MIN);
    let r = req(&mut c, &rid);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("open"), Some("instance-terminated-by-user")));
}

#[test]
fn an_open_request_expires_at_valid_until() {
    let mut c = Cloud::new(31);
    let p = market(&c).price_at(c.now());
    let until = ec2lab::sim::clock::iso8601(c.now() + 30 * MIN);
    let r = request(&mut c, json!({"SpotPrice": price_str(p * 0.5), "ValidUntil": until})).unwrap();
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    c.advance(31 * MIN);
    let r = req(&mut c, &id);
    assert_eq!((r["State"].as_str(), r["Status"]["Code"].as_str()), (Some("closed"), Some("schedule-expired")));
}

/// With the default max price (on-demand) only capacity interrupts: at the start of the pool's
/// seeded crunch, after the notice; during the crunch a new request waits `capacity-not-available`.
#[test]
fn a_capacity_crunch_interrupts_and_holds_new_requests() {
    let (mut c, start, end) = (40u64..)
        .find_map(|seed| {
            let c = Cloud::new(seed);
            let now = c.now();
            let (s, e) = ec2lab::purchase::capacity::next_crunch(seed, R, AZ, TYPE, now + 10 * MIN, now + 3 * 24 * 3_600_000)?;
            Some((c, s, e))
        })
        .unwrap();
    let r = request(&mut c, json!({})).unwrap();
    let id = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
    c.advance(10_000);
    let iid = req(&mut c, &id)["InstanceId"].as_str().unwrap().to_string();
    c.advance_to(start - 1);
    assert_eq!(md(&mut c, &iid, "spot/instance-action").0, 404);
    c.advance_to(start);
    let (status, body) = md(&mut c, &iid, "spot/instance-action");
    assert_eq!(status, 200, "{body}");
    c.advance_to(start + 2 * MIN);
    assert_eq!(inst(&mut c, &iid)["StateReason"]["Code"], json!("Server.SpotInstanceTermination"));
    c.advance(5 * MIN);
    assert_eq!(req(&mut c, &id)["Status"]["Code"], json!("instance-terminated-no-capacity"));
    if c.now() + MIN < end {
        let r = request(&mut c, json!({})).unwrap();
        let id2 = r["SpotInstanceRequestId"].as_str().unwrap().to_string();
        c.advance(10_000);
        if c.now() < end {
            assert_eq!(req(&mut c, &id2)["Status"]["Code"], json!("capacity-not-available"));
        }
        c.advance_to(end + 4 * 3_600_000);
        assert_eq!(req(&mut c, &id2)["State"], json!("active"), "fulfilled once capacity is back");
    }
}
