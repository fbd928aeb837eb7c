//! The usage ledger: what the bill needs about resources that are no longer in the world
//! (terminated instances vanish, volumes, snapshots, Elastic IPs and load balancers are deleted)
//! and about changes the world does not keep (an instance's earlier type, a snapshot's earlier
//! stored size). Fed by one-line hook calls in the domains that create, change and delete
//! those resources; everything still alive is read from the world itself at bill time.
use crate::compute::Instance;
use crate::elb::model::LoadBalancer;
use crate::sim::Millis;
use crate::storage::snapshot::Snapshot;
use crate::storage::volume::{Volume, VolumeSettings};
use crate::world::World;
use std::collections::BTreeSet;

/// An instance that vanished: its billable history.
#[derive(Debug, Clone, PartialEq)]
pub struct GoneInstance {
    pub region: String,
    pub id: String,
    pub instance_type: String,
    pub az: String,
    pub platform_details: String,
    pub usage_operation: String,
    pub run_periods: Vec<(Millis, Option<Millis>)>,
    pub spot: bool,
}

/// A deleted volume: lifetime and settings over time (`(from, settings)`, oldest first).
#[derive(Debug, Clone, PartialEq)]
pub struct GoneVolume {
    pub region: String,
    pub id: String,
    pub created: Millis,
    pub deleted: Millis,
    pub settings: Vec<(Millis, VolumeSettings)>,
}

/// A snapshot's stored size changed after it was taken (blocks inherited from a deleted one).
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotStep {
    pub region: String,
    pub id: String,
    pub at: Millis,
    pub before: u64,
    pub after: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoneSnapshot {
    pub region: String,
    pub id: String,
    pub start: Millis,
    pub deleted: Millis,
    pub stored_bytes: u64,
}

/// An Elastic IP's allocation (released: `end`).
#[derive(Debug, Clone, PartialEq)]
pub struct EipSpan {
    pub region: String,
    pub allocation_id: String,
    pub start: Millis,
    pub end: Option<Millis>,
}

/// An Elastic IP's association from `at` on: the instance whose eth0 it is on (its
/// auto-assigned address is gone meanwhile), or just whether it is associated at all.
#[derive(Debug, Clone, PartialEq)]
pub struct EipState {
    pub region: String,
    pub allocation_id: String,
    pub at: Millis,
    pub associated: bool,
    pub instance_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoneLoadBalancer {
    pub region: String,
    pub arn: String,
    pub name: String,
    pub kind: String,
    pub internet_facing: bool,
    pub nodes: usize,
    pub created: Millis,
    pub deleted: Millis,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub instances: Vec<GoneInstance>,
    /// `(region, instance id, changed at, the type before)`: ModifyInstanceAttribute InstanceType.
    pub retypes: Vec<(String, String, Millis, String)>,
    /// Instances launched with an auto-assigned public IPv4 on eth0 (`(region, id)`).
    pub public_ipv4: BTreeSet<(String, String)>,
    pub volumes: Vec<GoneVolume>,
    pub snapshot_steps: Vec<SnapshotStep>,
    pub snapshots: Vec<GoneSnapshot>,
    pub eips: Vec<EipSpan>,
    /// Association changes of Elastic IPs, as observed by the hooks.
    pub eip_states: Vec<EipState>,
    pub load_balancers: Vec<GoneLoadBalancer>,
}

/// The settings a volume had over time, from its modifications (a modification bills the new
/// settings from the moment it starts, as EBS does).
pub fn volume_settings_history(v: &Volume) -> Vec<(Millis, VolumeSettings)> {
    let first = v.modifications.first().map(|m| m.original.clone()).unwrap_or_else(|| v.settings());
    let mut out = vec![(v.create_time, first)];
    out.extend(v.modifications.iter().map(|m| (m.start_time, m.target.clone())));
    out
}

impl Ledger {
    /// Hook: an instance leaves the world (compute's `Vanish`).
    pub fn instance_gone(&mut self, region: &str, i: Option<Instance>) {
        let Some(i) = i else { return };
        self.instances.push(GoneInstance {
            region: region.to_string(),
            spot: super::bill::is_spot(&i),
            id: i.id,
            instance_type: i.instance_type,
            az: i.az,
            platform_details: i.platform_details,
            usage_operation: i.usage_operation,
            run_periods: i.run_periods,
        });
    }

    /// Hook: a volume leaves the world (storage's `VolumeDeleted`).
    pub fn volume_gone(&mut self, region: &str, v: Option<Volume>, now: Millis) {
        let Some(v) = v else { return };
        self.volumes.push(GoneVolume { region: region.to_string(), settings: volume_settings_history(&v), id: v.id, created: v.create_time, deleted: now });
    }
}

/// Hook (compute launch): remember which new instances have an auto-assigned public IPv4.
pub fn instances_launched(w: &mut World, region: &str, ids: &[String]) {
    let r = &w.regions[region];
    let with_ip: Vec<String> = ids
        .iter()
        .filter(|id| {
            r.compute
                .instances
                .get(*id)
                .and_then(|i| i.network.as_ref())
                .and_then(|n| r.network.enis.get(&n.eni_id))
                .is_some_and(|e| e.auto_public_ip.is_some())
        })
        .cloned()
        .collect();
    for id in with_ip {
        w.billing.ledger.public_ipv4.insert((region.to_string(), id));
    }
}

/// Hook (compute attributes): the instance's type is about to change; its runs so far keep the
/// old type on the bill.
pub fn instance_retyped(w: &mut World, region: &str, id: &str) {
    let now = w.now();
    if let Some(i) = w.regions.get(region).and_then(|r| r.compute.instances.get(id)) {
        let old = i.instance_type.clone();
        w.billing.ledger.retypes.push((region.to_string(), id.to_string(), now, old));
    }
}

/// Hook (storage): snapshot `gone` was just deleted; the blocks it stored that others still
/// need moved to them, which grows what those snapshots store from now on.
pub fn snapshot_deleted(w: &mut World, region: &str, gone: Option<&Snapshot>) {
    let Some(gone) = gone else { return };
    let now = w.now();
    let mut steps = Vec::new();
    for s in w.regions[region].storage.snapshots.values() {
        let gained = gone.stored.iter().filter(|i| s.stored.contains(i) && s.blocks.get(**i).zip(gone.blocks.get(**i)).is_some_and(|(a, b)| a.same(b))).count();
        if gained > 0 {
            let after = s.stored_bytes();
            let before = after - gained as u64 * crate::storage::block::BLOCK_SIZE;
            steps.push(SnapshotStep { region: region.to_string(), id: s.id.clone(), at: now, before, after });
        }
    }
    let l = &mut w.billing.ledger;
    l.snapshot_steps.extend(steps);
    if gone.owner_id == crate::world::ACCOUNT_ID {
        l.snapshots.push(GoneSnapshot {
            region: region.to_string(),
            id: gone.id.clone(),
            start: gone.start_time,
            deleted: now,
            stored_bytes: gone.stored_bytes(),
        });
    }
}

/// Hook (AllocateAddress).
pub fn eip_allocated(w: &mut World, region: &str, allocation_id: &str) {
    let now = w.now();
    w.billing.ledger.eips.push(EipSpan { region: region.to_string(), allocation_id: allocation_id.to_string(), start: now, end: None });
    eip_observe(w, region);
}

/// Hook (AssociateAddress, DisassociateAddress; also run on allocate/release): records each
/// Elastic IP of the region whose association changed since it was last seen.
pub fn eip_observe(w: &mut World, region: &str) {
    let now = w.now();
    let Some(r) = w.regions.get(region) else { return };
    let mut changes = Vec::new();
    for e in r.network.elastic_ips.values() {
        let instance_id = e
            .association
            .as_ref()
            .and_then(|a| r.network.enis.get(&a.eni_id))
            .and_then(|eni| eni.attachment.as_ref())
            .filter(|att| att.device_index == 0)
            .map(|att| att.instance_id.clone());
        let associated = e.association.is_some();
        let last = w.billing.ledger.eip_states.iter().rev().find(|s| s.region == region && s.allocation_id == e.allocation_id);
        if last.is_none_or(|s| s.associated != associated || s.instance_id != instance_id) {
            changes.push(EipState { region: region.to_string(), allocation_id: e.allocation_id.clone(), at: now, associated, instance_id });
        }
    }
    w.billing.ledger.eip_states.extend(changes);
}

/// Hook (ReleaseAddress).
pub fn eip_released(w: &mut World, region: &str, allocation_id: &str) {
    let now = w.now();
    if let Some(e) = w.billing.ledger.eips.iter_mut().rev().find(|e| e.region == region && e.allocation_id == allocation_id && e.end.is_none()) {
        e.end = Some(now);
    }
}

/// Hook (DeleteLoadBalancer).
pub fn load_balancer_deleted(w: &mut World, region: &str, lb: &LoadBalancer) {
    let now = w.now();
    w.billing.ledger.load_balancers.push(GoneLoadBalancer {
        region: region.to_string(),
        arn: lb.arn.clone(),
        name: lb.name.clone(),
        kind: lb.kind.name().to_string(),
        internet_facing: matches!(lb.scheme, crate::elb::model::Scheme::InternetFacing),
        nodes: lb.nodes.len(),
        created: lb.created_at,
        deleted: now,
    });
}
