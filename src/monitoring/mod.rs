//! CloudWatch metrics: the workload of instances (CPU, network, T-family credits) and the metric store.
//! Nothing is materialised per minute: EC2 metrics are derived when read (`query::datapoints`)
//! from the load segments (`workload`), the routed requests and `Instance.run_periods`.
pub mod control;
pub mod credits;
pub mod custom;
pub mod ec2_metrics;
pub mod elb_metrics;
pub mod errors;
pub mod list;
pub mod ops;
pub mod query;
pub mod time;
pub mod workload;

pub use credits::surplus_credits_charged;
pub use query::{datapoints, Datapoint, MetricKey, Stat};
pub use workload::{on_health_round, on_io, on_request, set_load, Load};

use crate::world::World;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One region's state of this domain. Big stores sit behind `Arc` (copy on write) so that
/// cloning the world stays cheap.
#[derive(Debug, Clone, Default)]
pub struct RegionMonitoring {
    /// PutMetricData's metrics.
    pub custom: custom::CustomStore,
    /// Per instance: load segments, served requests per minute, credit-mode and monitoring changes.
    pub work: BTreeMap<String, Arc<workload::InstanceWork>>,
    /// Per (load balancer ARN, target group ARN or ""): request outcomes per minute.
    pub elb: BTreeMap<(String, String), Arc<elb_metrics::ElbSeries>>,
    /// Per target group: (when, load balancer ARNs, healthy, unhealthy) each time the counts change.
    pub health: BTreeMap<String, Arc<Vec<elb_metrics::HealthCount>>>,
    /// Hourly checkpoints of the CPU credit walk (not part of the world's identity; see `credits`).
    pub credit_cache: credits::CreditCache,
    /// Final AWS/EC2 samples per metric key (not part of the world's identity; see `ec2_metrics`).
    pub sample_cache: ec2_metrics::SampleCache,
}

/// Timed transitions of this domain, run by `World::advance_to` (none: metrics are derived lazily).
#[derive(Debug, Clone)]
pub enum Event {}

pub fn apply_event(_w: &mut World, _region: &'static str, event: Event) {
    match event {}
}
