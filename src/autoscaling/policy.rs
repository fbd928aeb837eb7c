//! Scaling policies: what an alarm action on a policy ARN does to its group.

use crate::world::World;

/// Called by the alarms domain each time an alarm whose actions include `policy_arn` is
/// evaluated in the state that triggers it (every minute while in ALARM, as AWS repeats
/// Auto Scaling actions). `metric_value` is the breaching datapoint (None when the state came
/// from missing data or SetAlarmState); `threshold` is the alarm's threshold (step adjustments
/// are relative to it). An unknown or deleted policy is ignored, as AWS drops the action.
pub fn on_alarm(w: &mut World, region: &'static str, policy_arn: &str, alarm_name: &str, metric_value: Option<f64>, threshold: f64) {
    let _ = (w, region, policy_arn, alarm_name, metric_value, threshold);
}
