//! The door itself: every listed operation dispatches, nothing else does, errors are AWS-shaped.
use ec2lab::Cloud;
use serde_json::json;

#[test]
fn listed_operations_are_exactly_the_dispatched_ones() {
    for service in ["ec2", "ec2lab"] {
        let listed = Cloud::implemented_operations(service);
        let known: Vec<String> = ec2lab::api::shapes::all().get(service).map(|s| s.operations.keys().cloned().collect()).unwrap_or_default();
        for op in listed {
            let mut c = Cloud::new(0);
            let r = c.call(service, "us-east-1", op, json!({"NoSuchParameterAnywhere": 1}));
            // Dispatched: the request is parsed, so the bogus parameter is refused by validation.
            assert_eq!(r.unwrap_err().code, "ParamValidation", "{service}:{op} is listed but not dispatched");
        }
        for op in known.iter().filter(|o| !listed.contains(&o.as_str())) {
            let mut c = Cloud::new(0);
            let e = c.call(service, "us-east-1", op, json!({})).unwrap_err();
            assert_eq!(e.code, "NotImplemented", "{service}:{op} is dispatched but not listed");
        }
    }
}

#[test]
fn unknown_operation_and_region_are_refused() {
    let mut c = Cloud::new(0);
    assert_eq!(c.call("ec2", "us-east-1", "LaunchRockets", json!({})).unwrap_err().code, "InvalidAction");
    assert_eq!(c.call("ec2", "mars-1", "DescribeRegions", json!({})).unwrap_err().code, "InvalidRegion");
}

#[test]
fn dry_run_answers_would_have_succeeded_and_changes_nothing() {
    let mut c = Cloud::new(0);
    let e = c.call("ec2", "us-east-1", "DescribeRegions", json!({"DryRun": true})).unwrap_err();
    assert_eq!(e.code, "DryRunOperation");
    assert_eq!(e.status, 412);
}
