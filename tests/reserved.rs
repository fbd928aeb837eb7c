//! Reserved Instances through the door: offerings, purchase, describe, retirement in virtual time.
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

fn offerings(c: &mut Cloud, p: Value) -> Vec<Value> {
    c.call("ec2", R, "DescribeReservedInstancesOfferings", p).unwrap()["ReservedInstancesOfferings"].as_array().unwrap().clone()
}

fn one_year_regional(c: &mut Cloud, otype: &str) -> Value {
    offerings(
        c,
        json!({"InstanceType": "m5.large", "ProductDescription": "Linux/UNIX", "OfferingClass": "standard", "OfferingType": otype,
               "MaxDuration": 31536000, "Filters": [{"Name": "scope", "Values": ["Region"]}]}),
    )[0]
    .clone()
}

#[test]
fn offerings_are_filtered_and_priced_below_on_demand() {
    let mut c = Cloud::new(1);
    let v = offerings(&mut c, json!({"InstanceType": "m5.large", "AvailabilityZone": "us-east-1a", "OfferingClass": "convertible"}));
    assert!(!v.is_empty());
    assert!(v
        .iter()
        .all(|o| o["AvailabilityZone"] == json!("us-east-1a") && o["OfferingClass"] == json!("convertible") && o["Scope"] == json!("Availability Zone")));
    let od = ec2lab::purchase::on_demand_price(R, "m5.large").unwrap().hourly;
    let hours = 8760.0;
    for otype in ["No Upfront", "Partial Upfront", "All Upfront"] {
        let o = one_year_regional(&mut c, otype);
        let fixed = o["FixedPrice"].as_f64().unwrap();
        let hourly = o["RecurringCharges"].as_array().unwrap().first().map_or(0.0, |r| r["Amount"].as_f64().unwrap());
        let effective = fixed / hours + hourly;
        assert!(effective < od * 0.7 && effective > od * 0.5, "{otype}: {effective} vs {od}");
        assert_eq!(o["Duration"], json!(31536000));
    }
    insta::assert_json_snapshot!("offering_partial_upfront", one_year_regional(&mut c, "Partial Upfront"));
    // Pages of at most 100 with a NextToken.
    let page = c.call("ec2", R, "DescribeReservedInstancesOfferings", json!({"MaxResults": 5})).unwrap();
    assert_eq!(page["ReservedInstancesOfferings"].as_array().unwrap().len(), 5);
    let next = page["NextToken"].as_str().unwrap().to_string();
    let page2 = c.call("ec2", R, "DescribeReservedInstancesOfferings", json!({"MaxResults": 5, "NextToken": next})).unwrap();
    assert_ne!(page["ReservedInstancesOfferings"][0], page2["ReservedInstancesOfferings"][0]);
}

#[test]
fn a_purchase_is_active_for_its_term_then_retired() {
    let mut c = Cloud::new(2);
    let o = one_year_regional(&mut c, "All Upfront");
    let id = c
        .call("ec2", R, "PurchaseReservedInstancesOffering", json!({"ReservedInstancesOfferingId": o["ReservedInstancesOfferingId"], "InstanceCount": 2}))
        .unwrap()["ReservedInstancesId"]
        .as_str()
        .unwrap()
        .to_string();
    let d = c.call("ec2", R, "DescribeReservedInstances", json!({})).unwrap()["ReservedInstances"][0].clone();
    assert_eq!(d["ReservedInstancesId"], json!(id));
    assert_eq!((d["State"].as_str(), d["InstanceCount"].as_i64()), (Some("active"), Some(2)));
    assert_eq!(d["Start"], json!("2025-01-06T09:00:00.000Z"));
    assert_eq!(d["End"], json!("2026-01-06T09:00:00.000Z"), "1 year = 31,536,000 s");
    insta::assert_json_snapshot!("reserved_instances_active", d);
    let views = ec2lab::purchase::active_reservations(&c.world, R, c.now());
    assert_eq!(views.len(), 1);
    assert_eq!((views[0].count, views[0].az.as_deref(), views[0].instance_type.as_str()), (2, None, "m5.large"));
    c.advance(31_536_000_000 - 1);
    assert_eq!(c.call("ec2", R, "DescribeReservedInstances", json!({})).unwrap()["ReservedInstances"][0]["State"], json!("active"));
    c.advance(1);
    let d = c.call("ec2", R, "DescribeReservedInstances", json!({"Filters": [{"Name": "state", "Values": ["retired"]}]})).unwrap();
    assert_eq!(d["ReservedInstances"][0]["State"], json!("retired"));
    assert!(ec2lab::purchase::active_reservations(&c.world, R, c.now()).is_empty());
}

#[test]
fn refusals_leave_the_world_unchanged() {
    let mut c = Cloud::new(3);
    let o = one_year_regional(&mut c, "All Upfront");
    let oid = o["ReservedInstancesOfferingId"].as_str().unwrap().to_string();
    let before = format!("{:?}", c.world);
    let cases = [
        (
            "PurchaseReservedInstancesOffering",
            json!({"ReservedInstancesOfferingId": "438012d3-4052-4cc7-b2e3-8d3372e0e706", "InstanceCount": 1}),
            "InvalidReservedInstancesOfferingId",
        ),
        ("PurchaseReservedInstancesOffering", json!({"ReservedInstancesOfferingId": oid, "InstanceCount": 0}), "InvalidParameterValue"),
        (
            "PurchaseReservedInstancesOffering",
            json!({"ReservedInstancesOfferingId": oid, "InstanceCount": 1, "LimitPrice": {"Amount": 1.0, "CurrencyCode": "USD"}}),
            "ReservedInstancesLimitPriceExceeded",
        ),
        ("PurchaseReservedInstancesOffering", json!({"ReservedInstancesOfferingId": oid, "InstanceCount": 21}), "ReservedInstancesLimitExceeded"),
        ("DescribeReservedInstances", json!({"ReservedInstancesIds": ["11111111-2222-4333-a444-555555555555"]}), "InvalidReservedInstancesId.NotFound"),
        ("DescribeReservedInstancesOfferings", json!({"OfferingClass": "gold"}), "InvalidParameterValue"),
        ("DescribeReservedInstancesOfferings", json!({"Filters": [{"Name": "colour", "Values": ["x"]}]}), "InvalidParameterValue"),
    ];
    for (op, p, code) in cases {
        let e = c.call("ec2", R, op, p).unwrap_err();
        assert_eq!(e.code, code, "{op}: {}", e.message);
        assert!(!e.hint_for("en").is_empty() && !e.hint_for("ko").is_empty());
        assert_eq!(format!("{:?}", c.world), before, "{op} changed the world");
    }
}
