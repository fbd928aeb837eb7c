//! The `cloudwatch` service (Amazon CloudWatch: metrics and alarms). One file per group of operations; the rules live in their domain.
mod alarms;
mod metrics;

use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub const OPERATIONS: &[&str] = &[
    // metrics (src/api/cloudwatch/metrics.rs)
    "PutMetricData",
    "GetMetricStatistics",
    "GetMetricData",
    "ListMetrics",
    // alarms (src/api/cloudwatch/alarms.rs)
    "PutMetricAlarm",
    "DescribeAlarms",
    "DescribeAlarmsForMetric",
    "DescribeAlarmHistory",
    "SetAlarmState",
    "DeleteAlarms",
    "EnableAlarmActions",
    "DisableAlarmActions",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        "PutMetricData" => handle(p, |r| metrics::put_metric_data(w, region, r)),
        "GetMetricStatistics" => handle(p, |r| metrics::get_metric_statistics(w, region, r)),
        "GetMetricData" => handle(p, |r| metrics::get_metric_data(w, region, r)),
        "ListMetrics" => handle(p, |r| metrics::list_metrics(w, region, r)),
        // alarms
        "PutMetricAlarm" => handle(p, |r| alarms::put_metric_alarm(w, region, r)),
        "DescribeAlarms" => handle(p, |r| alarms::describe_alarms(w, region, r)),
        "DescribeAlarmsForMetric" => handle(p, |r| alarms::describe_alarms_for_metric(w, region, r)),
        "DescribeAlarmHistory" => handle(p, |r| alarms::describe_alarm_history(w, region, r)),
        "SetAlarmState" => handle(p, |r| alarms::set_alarm_state(w, region, r)),
        "DeleteAlarms" => handle(p, |r| alarms::delete_alarms(w, region, r)),
        "EnableAlarmActions" => handle(p, |r| alarms::enable_alarm_actions(w, region, r)),
        "DisableAlarmActions" => handle(p, |r| alarms::disable_alarm_actions(w, region, r)),
        "TagResource" => handle(p, |r| alarms::tag_resource(w, region, r)),
        "UntagResource" => handle(p, |r| alarms::untag_resource(w, region, r)),
        "ListTagsForResource" => handle(p, |r| alarms::list_tags_for_resource(w, region, r)),
        _ => return None,
    })
}
