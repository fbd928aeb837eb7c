//! The alarms domain functions other domains call (Auto Scaling target tracking creates and
//! deletes its alarms through them): put_metric_alarm creates in INSUFFICIENT_DATA, a re-put
//! replaces the configuration but keeps the state, refusals change nothing, delete_alarms skips
//! unknown names; the minute tick exists only while alarms exist.
use ec2lab::alarms::{self, AlarmConfig, Comparison, State};
use ec2lab::world::World;

const R: &str = "us-east-1";

fn cfg(name: &str) -> AlarmConfig {
    AlarmConfig {
        name: name.into(),
        namespace: "AWS/EC2".into(),
        metric_name: "CPUUtilization".into(),
        dimensions: vec![("AutoScalingGroupName".into(), "web".into())],
        threshold: 50.0,
        comparison: Comparison::GreaterThanThreshold,
        evaluation_periods: 3,
        ..Default::default()
    }
}

#[test]
fn put_creates_insufficient_data_and_reput_keeps_state() {
    let mut w = World::new(1);
    alarms::put_metric_alarm(&mut w, R, cfg("a")).unwrap();
    let a = &w.regions[R].alarms.alarms["a"];
    assert_eq!(a.state, State::InsufficientData);
    assert_eq!(a.reason, "Unchecked: Initial alarm creation");
    assert_eq!(a.arn, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a");
    assert!(w.regions[R].alarms.ticking);
    w.regions.get_mut(R).unwrap().alarms.alarms.get_mut("a").unwrap().state = State::Alarm;
    let mut c2 = cfg("a");
    c2.threshold = 70.0;
    alarms::put_metric_alarm(&mut w, R, c2).unwrap();
    let a = &w.regions[R].alarms.alarms["a"];
    assert_eq!((a.state, a.config.threshold), (State::Alarm, 70.0));
    let kinds: Vec<_> = w.regions[R].alarms.history.iter().map(|h| h.summary.clone()).collect();
    assert_eq!(kinds, ["Alarm \"a\" created", "Alarm \"a\" updated"]);
}

#[test]
fn refused_config_changes_nothing() {
    let mut w = World::new(1);
    let before = format!("{w:?}");
    let mut bad = cfg("a");
    bad.period = 45;
    let e = alarms::put_metric_alarm(&mut w, R, bad).unwrap_err();
    assert_eq!(e.code, "ValidationError");
    let mut bad = cfg("a");
    bad.datapoints_to_alarm = Some(4);
    assert!(alarms::put_metric_alarm(&mut w, R, bad).is_err());
    assert_eq!(format!("{w:?}"), before);
}

#[test]
fn delete_skips_unknown_names_and_tick_stops_without_alarms() {
    let mut w = World::new(1);
    alarms::put_metric_alarm(&mut w, R, cfg("a")).unwrap();
    alarms::put_metric_alarm(&mut w, R, cfg("b")).unwrap();
    alarms::delete_alarms(&mut w, R, &["a".into(), "nope".into()]).unwrap();
    assert_eq!(w.regions[R].alarms.alarms.keys().collect::<Vec<_>>(), ["b"]);
    alarms::delete_alarms(&mut w, R, &["b".into()]).unwrap();
    let t = w.now();
    w.advance_to(t + 120_000);
    assert!(!w.regions[R].alarms.ticking);
    assert!(w.next_event_at().is_none(), "no alarm event is left in the queue");
}
