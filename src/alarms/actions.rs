//! Alarm actions. They run on state transitions only (for the new state's list), except Auto
//! Scaling policy actions, which repeat at every evaluation while the alarm stays in that state
//! (CW:AlarmThatSendsEmail; aws-facts §12). Each run leaves an `Action` history item.
//! EC2 actions act on the alarm's InstanceId dimension through compute's domain functions;
//! `recover` is modelled as a reboot (ec2lab has no failing host to move away from).
use super::config::{classify, Action};
use super::history;
use super::message;
use super::store::{Alarm, State};
use crate::world::World;
use serde_json::json;

fn actions_for(a: &Alarm, s: State) -> &Vec<String> {
    match s {
        State::Ok => &a.config.ok_actions,
        State::Alarm => &a.config.alarm_actions,
        State::InsufficientData => &a.config.insufficient_data_actions,
    }
}

/// Runs every action of the alarm's new state, once (the alarm has already moved to it).
pub fn run_transition(w: &mut World, region: &'static str, a: &Alarm, old: State) {
    if !a.config.actions_enabled {
        return;
    }
    for arn in actions_for(a, a.state).clone() {
        let (ok, detail) = run_one(w, region, a, old, &arn);
        let item = history::action(&a.config.name, w.now(), a.state_updated, &arn, ok, detail);
        if let Some(r) = w.regions.get_mut(region) {
            r.alarms.history.push(item);
        }
    }
}

/// At an evaluation that left the state as it was: Auto Scaling actions of that state run again.
pub fn repeat_autoscaling(w: &mut World, region: &'static str, name: &str, value: Option<f64>) {
    let Some(a) = w.regions.get(region).and_then(|r| r.alarms.alarms.get(name)) else { return };
    if !a.config.actions_enabled || actions_for(a, a.state).is_empty() {
        return;
    }
    let threshold = a.config.threshold;
    let policies: Vec<String> = actions_for(a, a.state).iter().filter(|arn| matches!(classify(arn), Some(Action::AutoScaling(_)))).cloned().collect();
    for p in policies {
        crate::autoscaling::policy::on_alarm(w, region, &p, name, value, threshold);
    }
}

fn run_one(w: &mut World, region: &'static str, a: &Alarm, old: State, arn: &str) -> (bool, serde_json::Value) {
    match classify(arn) {
        Some(Action::Sns(topic)) => {
            let out = message::outgoing(region, a, old);
            let published = out.default.clone();
            match crate::sns::publish(w, region, &topic, out) {
                Ok(id) => (true, json!({"publishedMessage": {"messageId": id}})),
                Err(e) => (false, json!({"error": format!("Resource: {topic} ... {}", e.message)})),
            }
            .map_published(published)
        }
        Some(Action::Ec2(verb)) => {
            let Some(id) = a.config.instance_id().map(str::to_string) else {
                return (false, json!({"error": "The alarm's metric has no InstanceId dimension"}));
            };
            let ids = vec![id.clone()];
            let r = match verb.as_str() {
                "stop" => crate::compute::stop(w, region, &ids, false, false).map(|_| ()),
                "terminate" => crate::compute::terminate(w, region, &ids).map(|_| ()),
                _ => crate::compute::reboot(w, region, &ids),
            };
            match r {
                Ok(()) => (true, json!({"instanceId": id})),
                Err(e) => (false, json!({"instanceId": id, "error": format!("{}: {}", e.code, e.message)})),
            }
        }
        Some(Action::AutoScaling(policy)) => {
            crate::autoscaling::policy::on_alarm(w, region, &policy, &a.config.name, a.last_value, a.config.threshold);
            (true, json!({}))
        }
        Some(Action::Other(_)) | None => {
            (false, json!({"error": "ec2lab does not simulate this action type (Lambda, SSM); only SNS, EC2 and Auto Scaling actions run"}))
        }
    }
}

/// Adds the published message to a successful SNS action's detail (as AWS's HistoryData does).
trait MapPublished {
    fn map_published(self, msg: String) -> Self;
}

impl MapPublished for (bool, serde_json::Value) {
    fn map_published(mut self, msg: String) -> Self {
        if self.0 {
            self.1["publishedMessage"]["message"] = json!(msg);
        }
        self
    }
}
