//! Elastic Load Balancing v2: load balancers with nodes in their subnets, listeners and rules,
//! target groups whose targets are health-checked in virtual time, and the routing of requests
//! (one implementation for `lb.request`, `send_traffic` and the real HTTP front).
//!
//! Files: `model` (the resources), `names` (ARNs, DNS names, name rules), `load_balancer`,
//! `listener`, `rule_store` (create/modify/priorities), `target_group` (settings, attributes),
//! `targets` (register/deregister, health states), `health` (checks that run), `rules/`
//! (conditions: parsing, validation, matching; redirect keywords), `apps` (what an instance
//! serves), `http` (requests and responses), `routing` (listener → rule → action → target),
//! `select` (algorithms, stickiness, fail-open), `diagram` (the SVG picture), `events` (timed transitions), `errors`.
pub mod apps;
pub mod diagram;
pub mod errors;
pub mod events;
pub mod health;
pub mod http;
pub mod listener;
pub mod load_balancer;
pub mod model;
pub mod names;
pub mod routing;
pub mod rule_store;
pub mod rules;
pub mod select;
pub mod tags;
pub mod target_group;
pub mod targets;

pub use events::{apply_event, Event};
pub use model::*;

use std::collections::BTreeMap;

/// One region's load balancing: every map is keyed by ARN (deterministic order).
#[derive(Debug, Clone, Default)]
pub struct RegionElb {
    pub load_balancers: BTreeMap<String, LoadBalancer>,
    pub target_groups: BTreeMap<String, TargetGroup>,
    pub listeners: BTreeMap<String, Listener>,
    pub rules: BTreeMap<String, Rule>,
    /// What each instance serves, by (instance id, port) (`apps`).
    pub apps: crate::sim::Versioned<BTreeMap<(String, u16), apps::Served>>,
    /// What instances launched from a launch template serve at boot, by (template id, port).
    pub launch_apps: BTreeMap<(String, u16), apps::Served>,
    /// Routing's counters (`routing`).
    pub traffic: routing::Traffic,
}
