//! ec2lab's own operations, beside AWS's: the teaching aids (explanations, diagrams) that the
//! Python surfaces show. They go through the same door so no surface computes anything itself.
mod billing;
mod elb;
mod elb_diagram;
mod elb_health;
mod explain;
mod inbox;
mod instances;
mod marketplace;
mod metadata;
mod monitoring;
mod network_diagrams;
pub mod reachability;
mod storage;
mod storage_diagrams;

use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

pub const OPERATIONS: &[&str] = &[
    "ExplainInstanceType",
    "ShutdownFromOs",
    "LifecycleDiagram",
    "AcceptMarketplaceTerms",
    "InstanceDevicesDiagram",
    "SnapshotChain",
    "Mount",
    "WriteFile",
    "ReadFile",
    "ListDir",
    "ListDevices",
    "IoTest",
    "SnapshotBlocks",
    "VpcDiagram",
    "ReachabilityDiagram",
    "CanConnect",
    // Load balancing (src/api/lab/elb.rs)
    "Serve",
    "StopServing",
    "Fail",
    "RouteRequest",
    "SendTraffic",
    // Health checks behind DescribeTargetHealth (src/api/lab/elb_health.rs)
    "HealthChecks",
    // The workload behind CloudWatch metrics (src/api/lab/monitoring.rs)
    "SetLoad",
    "Inbox",
    // The bill (src/api/lab/billing.rs)
    "GetBill",
    "ForecastBill",
    "LightsailComparison",
    "GetPrices",
    "PurchaseSavingsPlan",
    "DescribeSavingsPlans",
    // Instance metadata and Spot interruptions (src/api/lab/metadata.rs)
    "GetInstanceMetadata",
    "InterruptSpotInstance",
    // The load balancer picture (src/api/lab/elb_diagram.rs)
    "LoadBalancerDiagram",
];

pub fn dispatch(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        "ExplainInstanceType" => handle(p, explain::explain_instance_type),
        "ShutdownFromOs" => handle(p, |r| instances::shutdown_from_os(w, region, r)),
        "LifecycleDiagram" => handle(p, |r| instances::lifecycle_diagram(w, region, r)),
        "AcceptMarketplaceTerms" => handle(p, |r| marketplace::accept_marketplace_terms(w, r)),
        "InstanceDevicesDiagram" => handle(p, |r| storage_diagrams::instance_devices_diagram(w, region, r)),
        "SnapshotChain" => handle(p, |r| storage_diagrams::snapshot_chain(w, region, r)),
        "Mount" => handle(p, |r| storage::mount(w, region, r)),
        "WriteFile" => handle(p, |r| storage::write_file(w, region, r)),
        "ReadFile" => handle(p, |r| storage::read_file(w, region, r)),
        "ListDir" => handle(p, |r| storage::list_dir(w, region, r)),
        "ListDevices" => handle(p, |r| storage::list_devices(w, region, r)),
        "IoTest" => handle(p, |r| storage::io_test(w, region, r)),
        "SnapshotBlocks" => handle(p, |r| storage::snapshot_blocks(w, region, r)),
        "VpcDiagram" => handle(p, |r| network_diagrams::vpc_diagram(w, region, r)),
        "ReachabilityDiagram" => handle(p, |r| network_diagrams::reachability_diagram(w, region, r)),
        "CanConnect" => handle(p, |r| reachability::can_connect(w, region, r)),
        "Serve" => handle(p, |r| elb::serve(w, region, r)),
        "StopServing" => handle(p, |r| elb::stop_serving(w, region, r)),
        "Fail" => handle(p, |r| elb::fail(w, region, r)),
        "RouteRequest" => handle(p, |r| elb::route_request(w, region, r)),
        "SendTraffic" => handle(p, |r| elb::send_traffic(w, region, r)),
        "HealthChecks" => handle(p, |r| elb_health::health_checks(w, region, r)),
        "SetLoad" => handle(p, |r| monitoring::set_load(w, region, r)),
        "Inbox" => handle(p, |r| inbox::inbox(w, r)),
        "GetBill" => handle(p, |r| billing::get_bill(w, r)),
        "ForecastBill" => handle(p, |r| billing::forecast_bill(w, r)),
        "LightsailComparison" => handle(p, |r| billing::lightsail_comparison(region, r)),
        "GetPrices" => handle(p, |r| billing::get_prices(region, r)),
        "PurchaseSavingsPlan" => handle(p, |r| billing::purchase_savings_plan(w, r)),
        "DescribeSavingsPlans" => handle(p, |r| billing::describe_savings_plans(w, r)),
        "GetInstanceMetadata" => handle(p, |r| metadata::get_instance_metadata(w, region, r)),
        "InterruptSpotInstance" => handle(p, |r| metadata::interrupt_spot_instance(w, region, r)),
        "LoadBalancerDiagram" => handle(p, |r| elb_diagram::load_balancer_diagram(w, region, r)),
        _ => return None,
    })
}
