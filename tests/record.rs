//! Recording and replay: every call (refused ones too) and every step of time is logged; a
//! saved recording replays to the same world, and any edit is refused with the entry named.
use ec2lab::record::{self, Entry, Outcome, Recording};
use ec2lab::Cloud;
use serde_json::{json, Value};

const R: &str = "us-east-1";

/// A small session: find an AMI, launch two, a refused call, wait, stop one, wait.
fn session(seed: u64) -> Cloud {
    let mut c = Cloud::new(seed);
    let v = c.call("ec2", R, "DescribeImages", json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap();
    let ami = v["Images"][0]["ImageId"].as_str().unwrap().to_string();
    let v = c.call("ec2", R, "RunInstances", json!({"ImageId": ami, "InstanceType": "t2.micro", "MinCount": 2, "MaxCount": 2})).unwrap();
    let id = v["Instances"][0]["InstanceId"].as_str().unwrap().to_string();
    assert!(c.call("ec2", R, "StopInstances", json!({"InstanceIds": ["i-0123456789abcdef0"]})).is_err());
    c.advance(30_000);
    c.advance(30_000);
    c.call("ec2", R, "StopInstances", json!({"InstanceIds": [id]})).unwrap();
    c.advance(120_000);
    c
}

fn saved(c: &Cloud) -> Recording {
    c.recording(R)
}

fn text(rec: &Recording) -> String {
    serde_json::to_string(rec).unwrap()
}

#[test]
fn every_call_and_step_of_time_is_logged_in_order() {
    let c = session(0);
    let kinds: Vec<String> = c
        .log
        .entries
        .iter()
        .map(|e| match e {
            Entry::Call { operation, outcome: Outcome::Error(code), .. } => format!("{operation}!{code}"),
            Entry::Call { operation, .. } => operation.clone(),
            Entry::Advance { .. } => "advance".into(),
        })
        .collect();
    // the two advances in a row merge into one entry
    assert_eq!(kinds, ["DescribeImages", "RunInstances", "StopInstances!InvalidInstanceID.NotFound", "advance", "StopInstances", "advance"]);
    let Entry::Advance { to_ms, events } = &c.log.entries[3] else { panic!() };
    assert_eq!(*to_ms, ec2lab::sim::clock::DEFAULT_START + 60_000);
    assert!(*events >= 2, "both launches finished");
}

#[test]
fn a_recording_replays_to_the_same_world_and_log() {
    let c = session(7);
    let (back, rec) = record::load(&text(&saved(&c)), None).unwrap();
    assert_eq!(rec.seed, 7);
    assert_eq!(back.now(), c.now());
    assert_eq!(back.log, c.log);
    assert_eq!(record::world_digest(&back.world), record::world_digest(&c.world));
    // and the replayed cloud records on: saving it again gives the same file
    assert_eq!(text(&saved(&back)), text(&saved(&c)));
}

#[test]
fn the_digest_depends_on_the_state_only() {
    assert_eq!(record::world_digest(&session(3).world), record::world_digest(&session(3).world));
    assert_ne!(record::world_digest(&session(3).world), record::world_digest(&session(4).world));
    let mut c = session(3);
    c.advance(1);
    assert_ne!(record::world_digest(&c.world), record::world_digest(&session(3).world));
    assert!(record::world_digest(&c.world).starts_with("sha256:"));
}

fn refused(rec: &Recording) -> record::ReplayError {
    match record::load(&text(rec), None) {
        Ok(_) => panic!("the edited recording was accepted"),
        Err(e) => e,
    }
}

#[test]
fn an_edited_parameter_is_named_by_its_entry() {
    let mut rec = saved(&session(0));
    let Entry::Call { params, .. } = &mut rec.entries[1] else { panic!() };
    params["InstanceType"] = json!("t3.micro");
    let e = refused(&rec);
    assert_eq!(e.entry, Some(2));
    assert!(
        e.to_string().starts_with("entry 2 of 6: ec2:RunInstances in us-east-1 at 2025-01-06T09:00:00.000Z, the outcome: expected success (response "),
        "{e}"
    );
}

#[test]
fn an_edited_outcome_is_refused() {
    let mut rec = saved(&session(0));
    let Entry::Call { outcome, .. } = &mut rec.entries[2] else { panic!() };
    *outcome = Outcome::Ok("0000000000000000".into());
    let e = refused(&rec);
    assert_eq!(e.entry, Some(3));
    assert_eq!(e.expected, "success (response 0000000000000000)");
    assert_eq!(e.got, "refused with InvalidInstanceID.NotFound");
}

#[test]
fn a_removed_entry_or_step_of_time_is_refused() {
    let mut rec = saved(&session(0));
    rec.entries.remove(3); // the wait: the stop is then made too early
    let e = refused(&rec);
    assert_eq!(e.entry, Some(4));
    assert!(e.subject.contains("the virtual time of the call"), "{e}");

    let mut rec = saved(&session(0));
    rec.entries.truncate(5); // the last wait dropped: the final time differs
    let e = refused(&rec);
    assert_eq!((e.entry, e.subject.as_str()), (None, "the final virtual time"));
}

#[test]
fn an_edited_digest_or_count_of_events_is_refused() {
    let mut rec = saved(&session(0));
    rec.digest = format!("sha256:{}", "0".repeat(64));
    assert_eq!(refused(&rec).subject, "the digest of the final state");

    let mut rec = saved(&session(0));
    rec.entries.remove(0); // a read-only call: the state is the same, the log is not
    let e = refused(&rec);
    assert_eq!((e.entry, e.subject.as_str()), (None, "the digest of the log"));

    let mut rec = saved(&session(0));
    let Entry::Advance { events, .. } = &mut rec.entries[3] else { panic!() };
    *events += 1;
    let e = refused(&rec);
    assert_eq!(e.entry, Some(4));
    assert!(e.subject.contains("the events that ran"));
}

#[test]
fn another_seed_is_refused_when_one_is_expected_and_an_edited_seed_does_not_replay() {
    let rec = saved(&session(5));
    let e = record::load(&text(&rec), Some(6)).err().unwrap();
    assert_eq!((e.subject.as_str(), e.expected.as_str(), e.got.as_str()), ("the seed", "6", "5"));

    let mut rec = saved(&session(5));
    rec.seed = 6; // ids now differ from the recorded responses
    let e = refused(&rec);
    assert_eq!(e.entry, Some(2), "{e}");
}

#[test]
fn truncated_and_foreign_files_are_refused_with_a_reason() {
    let full = text(&saved(&session(0)));
    let e = record::load(&full[..full.len() / 2], None).err().unwrap();
    assert!(e.to_string().contains("the file ends early (truncated?)"), "{e}");

    let e = record::load("{\"hello\": 1}", None).err().unwrap();
    assert!(e.to_string().contains("not an ec2lab recording"), "{e}");

    let mut v: Value = serde_json::from_str(&full).unwrap();
    v["format_version"] = json!(99);
    let e = record::load(&v.to_string(), None).err().unwrap();
    assert_eq!((e.expected.as_str(), e.got.as_str()), ("1", "99"));

    let mut v: Value = serde_json::from_str(&full).unwrap();
    v["entries"][0]["shell"] = json!("rm -rf /");
    assert!(record::load(&v.to_string(), None).is_err(), "unknown members are refused, never run");
}

#[test]
fn a_refused_call_replays_as_refused() {
    let mut c = Cloud::new(0);
    assert!(c.call("ec2", "mars-east-1", "DescribeInstances", json!({})).is_err());
    assert!(c.call("ec2", R, "NoSuchThing", json!({})).is_err());
    assert!(c.call("ec2", R, "DescribeInstances", json!({"Bogus": 1})).is_err());
    let (back, _) = record::load(&text(&saved(&c)), None).unwrap();
    assert_eq!(back.log, c.log);
    assert_eq!(back.log.entries.len(), 3);
}
