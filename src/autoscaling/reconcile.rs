//! What a group does in virtual time: health checks, moving members through their lifecycle,
//! and launching or terminating until capacity equals desired, balanced across its AZs.
//!
//! Runs after every call that changes a group and on a region tick every `TICK_MS` while any
//! group exists (AWS checks health and capacity continuously; the period is ours).
use super::activity::{self, at};
use super::model::{Group, Lifecycle, Member, TemplateRef, Unhealthy};
use super::Event;
use crate::compute::{launch_templates as lt, InstanceState};
use crate::elb::targets::{self, TargetSpec};
use crate::elb::HealthState;
use crate::error::ApiError;
use crate::sim::Millis;
use crate::world::{Event as WorldEvent, World};
use std::collections::BTreeMap;

/// How often groups look at their instances (not published by AWS; a plausible fixed period).
pub const TICK_MS: Millis = 10_000;
/// First retry after a failed launch; doubles per failure up to `MAX_BACKOFF_MS` (AWS backs off
/// too, with unpublished timings).
pub const FIRST_BACKOFF_MS: Millis = 10_000;
pub const MAX_BACKOFF_MS: Millis = 600_000;

/// Keeps one tick queued while the region has groups.
pub fn ensure_tick(w: &mut World, region: &str) {
    let Some(reg) = w.regions.get_mut(region) else { return };
    if reg.autoscaling.tick_queued || reg.autoscaling.groups.is_empty() {
        return;
    }
    reg.autoscaling.tick_queued = true;
    let name = reg.info.name;
    w.schedule(TICK_MS, WorldEvent::AutoScaling { region: name, event: Event::Tick });
}

pub fn tick(w: &mut World, region: &'static str) {
    if let Some(reg) = w.regions.get_mut(region) {
        reg.autoscaling.tick_queued = false;
    }
    let names: Vec<String> = w.regions[region].autoscaling.groups.keys().cloned().collect();
    for n in names {
        reconcile(w, region, &n);
    }
    ensure_tick(w, region);
}

fn group<'w>(w: &'w World, region: &str, name: &str) -> Option<&'w Group> {
    w.regions.get(region)?.autoscaling.groups.get(name)
}

fn group_mut<'w>(w: &'w mut World, region: &str, name: &str) -> Option<&'w mut Group> {
    w.regions.get_mut(region)?.autoscaling.groups.get_mut(name)
}

/// One pass over a group: lifecycle and health first, then capacity.
pub fn reconcile(w: &mut World, region: &str, name: &str) {
    if group(w, region, name).is_none() {
        return;
    }
    step_members(w, region, name);
    take_out_unhealthy(w, region, name);
    fix_capacity(w, region, name);
    finish_delete(w, region, name);
    ensure_tick(w, region);
}

/// The health an attached target group reports for an instance (None: not registered).
fn elb_states(w: &World, region: &str, g: &Group, id: &str) -> Vec<HealthState> {
    let reg = &w.regions[region];
    g.target_groups
        .iter()
        .filter_map(|arn| reg.elb.target_groups.get(arn))
        .flat_map(|tg| tg.targets.values().filter(|t| t.key.id == id).map(|t| targets::health_of(reg, tg, t).state).collect::<Vec<_>>())
        .collect()
}

/// Registers a Pending member in the group's target groups once it runs (ELB registers only
/// running instances), so health checks start while it is still Pending.
pub fn register_running(w: &mut World, region: &str, g: &Group, id: &str) {
    for arn in &g.target_groups {
        let registered =
            w.regions[region].elb.target_groups.get(arn).is_some_and(|tg| tg.targets.values().any(|t| t.key.id == id && t.state != HealthState::Draining));
        if !registered {
            let _ = targets::register(w, region, arn, &[TargetSpec { id: id.to_string(), ..Default::default() }]);
        }
    }
}

fn step_members(w: &mut World, region: &str, name: &str) {
    let now = w.now();
    let g = group(w, region, name).expect("checked").clone();
    for m in g.members.values() {
        let state = w.regions[region].compute.instances.get(&m.id).map(|i| i.state).unwrap_or(InstanceState::Terminated);
        match m.lifecycle {
            Lifecycle::Pending | Lifecycle::InService => {
                let down = matches!(state, InstanceState::Stopping | InstanceState::Stopped | InstanceState::ShuttingDown | InstanceState::Terminated);
                if down && m.unhealthy.is_none() {
                    // A stopped or terminated instance is unhealthy at once, grace period or not (§13).
                    group_mut(w, region, name).expect("checked").members.get_mut(&m.id).expect("member").unhealthy = Some(Unhealthy::Ec2);
                    continue;
                }
                if m.lifecycle == Lifecycle::Pending && state == InstanceState::Running {
                    register_running(w, region, &g, &m.id);
                    let elb = g.health_check_type == "ELB" && !g.target_groups.is_empty();
                    let states = elb_states(w, region, &g, &m.id);
                    let healthy = !states.is_empty() && states.iter().all(|s| *s == HealthState::Healthy);
                    let grace_over = now >= m.launched_at + (g.grace_s.max(0) as u64) * 1000;
                    if !elb || healthy || grace_over {
                        let mm = group_mut(w, region, name).expect("checked").members.get_mut(&m.id).expect("member");
                        mm.lifecycle = Lifecycle::InService;
                        mm.in_service_at = Some(now);
                        let act = mm.launch_activity.clone();
                        activity::update(w, region, &act, "Successful", 100, None);
                    }
                }
                if m.lifecycle == Lifecycle::InService && m.unhealthy.is_none() && g.health_check_type == "ELB" {
                    let grace_over = m.in_service_at.is_some_and(|t| now >= t + (g.grace_s.max(0) as u64) * 1000);
                    if grace_over && elb_states(w, region, &g, &m.id).contains(&HealthState::Unhealthy) {
                        group_mut(w, region, name).expect("checked").members.get_mut(&m.id).expect("member").unhealthy = Some(Unhealthy::Elb);
                    }
                }
            }
            Lifecycle::Terminating => {
                if !m.terminate_called && m.terminate_at.is_some_and(|t| now >= t) {
                    terminate_instance(w, region, name, &m.id);
                }
                let state = w.regions[region].compute.instances.get(&m.id).map(|i| i.state).unwrap_or(InstanceState::Terminated);
                let called = group(w, region, name).and_then(|g| g.members.get(&m.id)).is_some_and(|m| m.terminate_called);
                if called && state == InstanceState::Terminated {
                    if let Some(act) = m.terminate_activity.clone() {
                        activity::update(w, region, &act, "Successful", 100, None);
                    }
                    // Terminated: the member leaves the group (DescribeAutoScalingGroups no longer lists it).
                    group_mut(w, region, name).expect("checked").members.remove(&m.id);
                }
            }
            Lifecycle::Terminated => {
                group_mut(w, region, name).expect("checked").members.remove(&m.id);
            }
        }
    }
}

/// Calls EC2 TerminateInstances for a member whose draining is over. Auto Scaling terminates
/// even instances with termination protection (the protection guards against API calls by
/// people, not the group), so the flag is cleared first.
fn terminate_instance(w: &mut World, region: &str, name: &str, id: &str) {
    if let Some(inst) = w.regions.get_mut(region).and_then(|r| r.compute.instances.get_mut(id)) {
        inst.disable_api_termination = false;
    }
    let exists = w.regions[region].compute.instances.get(id).is_some_and(|i| i.state != InstanceState::Terminated);
    if exists {
        let _ = crate::compute::terminate(w, region, &[id.to_string()]);
    }
    if let Some(m) = group_mut(w, region, name).and_then(|g| g.members.get_mut(id)) {
        m.terminate_called = true;
        m.terminate_at = None;
    }
}

fn health_cause(kind: Unhealthy, now: Millis) -> String {
    match kind {
        Unhealthy::Ec2 => {
            format!("At {} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.", at(now))
        }
        Unhealthy::Elb => format!("At {} an instance was taken out of service in response to an ELB system health check failure.", at(now)),
        Unhealthy::User => format!("At {} an instance was taken out of service in response to a user health-check.", at(now)),
    }
}

fn take_out_unhealthy(w: &mut World, region: &str, name: &str) {
    let now = w.now();
    let g = group(w, region, name).expect("checked").clone();
    for m in g.members.values() {
        if let (Some(kind), Lifecycle::Pending | Lifecycle::InService) = (m.unhealthy, m.lifecycle) {
            begin_termination(w, region, name, &m.id, health_cause(kind, now));
        }
    }
}

/// Takes a member out of service: deregistered from the group's target groups, then
/// terminated once the longest deregistration delay has passed (or at once).
pub fn begin_termination(w: &mut World, region: &str, name: &str, id: &str, cause: String) -> Option<String> {
    let now = w.now();
    let g = group(w, region, name)?.clone();
    let m = g.members.get(id)?.clone();
    let mut delay_ms: Millis = 0;
    for arn in &g.target_groups {
        let registered =
            w.regions[region].elb.target_groups.get(arn).is_some_and(|tg| tg.targets.values().any(|t| t.key.id == id && t.state != HealthState::Draining));
        if !registered {
            continue;
        }
        let (d, in_use) = {
            let reg = &w.regions[region];
            let tg = &reg.elb.target_groups[arn];
            (tg.deregistration_delay_s() * 1000, crate::elb::target_group::in_use(&reg.elb, arn))
        };
        if targets::deregister(w, region, arn, &[TargetSpec { id: id.to_string(), ..Default::default() }]).is_ok() && in_use {
            delay_ms = delay_ms.max(d);
        }
    }
    let status = if delay_ms > 0 { "WaitingForELBConnectionDraining" } else { "InProgress" };
    let act = activity::start(w, region, &g, format!("Terminating EC2 instance: {id}"), cause, status, activity::details(&m.subnet_id, &m.az));
    {
        let mm = group_mut(w, region, name)?.members.get_mut(id)?;
        mm.lifecycle = Lifecycle::Terminating;
        mm.terminate_activity = Some(act.clone());
        mm.terminate_at = Some(now + delay_ms);
    }
    if delay_ms == 0 {
        terminate_instance(w, region, name, id);
    } else {
        // Make sure a tick lands when draining ends.
        let rn = w.regions[region].info.name;
        w.schedule(delay_ms, WorldEvent::AutoScaling { region: rn, event: Event::Check { group: name.to_string() } });
    }
    Some(act)
}

/// Subnets in the order a launch should try them: the AZ with the fewest members first
/// (balanced across AZs), ties in the order VPCZoneIdentifier lists them.
fn subnets_in_order(g: &Group, w: &World, region: &str) -> Vec<(String, String)> {
    let reg = &w.regions[region];
    let mut cands: Vec<(usize, usize, String, String)> = Vec::new();
    for (i, s) in g.subnets.iter().enumerate() {
        let Some(sub) = reg.network.subnets.get(s) else { continue };
        let n =
            g.members.values().filter(|m| m.az == sub.az && matches!(m.lifecycle, Lifecycle::Pending | Lifecycle::InService) && m.unhealthy.is_none()).count();
        cands.push((n, i, s.clone(), sub.az.clone()));
    }
    cands.sort();
    cands.into_iter().map(|(_, _, s, az)| (s, az)).collect()
}

/// Launch errors that belong to one AZ: with the default capacity distribution strategy
/// (balanced-best-effort) the group then tries another AZ (AS:AvailabilityZoneDistribution).
fn az_specific(e: &ApiError) -> bool {
    matches!(e.code.as_str(), "Unsupported" | "InsufficientInstanceCapacity" | "InsufficientFreeAddressesInSubnet" | "InsufficientCapacity")
}

fn fix_capacity(w: &mut World, region: &str, name: &str) {
    let now = w.now();
    let g = group(w, region, name).expect("checked").clone();
    let capacity = g.capacity();
    let desired = if g.deleting { 0 } else { g.desired };
    if capacity < desired {
        if now < g.retry_at {
            return;
        }
        let mut cap = capacity;
        while cap < desired {
            let cause = format!(
                "{}At {} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {} to {}.",
                g.pending_cause.as_deref().map(|c| format!("{c}  ")).unwrap_or_default(),
                at(now),
                cap,
                desired
            );
            if launch_one(w, region, name, cause, true).is_err() {
                return;
            }
            cap += 1;
        }
        if let Some(g) = group_mut(w, region, name) {
            g.pending_cause = None;
        }
    } else if capacity > desired && g.rebalancing && capacity == desired + 1 {
        rebalance_terminate(w, region, name, &g);
    } else if capacity > desired {
        let victims = super::termination::choose(w, region, &g, (capacity - desired) as usize);
        let mut cap = capacity;
        for id in victims {
            let cause = format!(
                "{}At {} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {} to {}.  At {} instance {} was selected for termination.",
                g.pending_cause.as_deref().map(|c| format!("{c}  ")).unwrap_or_default(),
                at(now),
                cap,
                desired,
                at(now),
                id
            );
            begin_termination(w, region, name, &id, cause);
            cap -= 1;
        }
        if let Some(g) = group_mut(w, region, name) {
            g.pending_cause = None;
        }
    } else {
        if let Some(g) = group_mut(w, region, name) {
            g.pending_cause = None;
            g.rebalancing = false;
        }
        rebalance_launch(w, region, name, &g);
    }
}

/// Live members (Pending or InService, not marked unhealthy) per AZ of the group's subnets.
fn per_az(w: &World, region: &str, g: &Group) -> BTreeMap<String, usize> {
    let reg = &w.regions[region];
    let mut n: BTreeMap<String, usize> = g.subnets.iter().filter_map(|s| reg.network.subnets.get(s)).map(|s| (s.az.clone(), 0)).collect();
    for m in g.members.values().filter(|m| matches!(m.lifecycle, Lifecycle::Pending | Lifecycle::InService) && m.unhealthy.is_none()) {
        *n.entry(m.az.clone()).or_insert(0) += 1;
    }
    n
}

/// AZRebalance: when explicit terminations (or a recovered AZ) leave the AZs more than one
/// instance apart, AWS launches in the emptiest AZ first and terminates in the fullest once the
/// new instance is in service, exceeding MaxSize by at most 10 % or one instance meanwhile
/// (AS:ec2-auto-scaling-benefits, "Instance distribution").
fn rebalance_launch(w: &mut World, region: &str, name: &str, g: &Group) {
    let settled = g.members.values().all(|m| m.lifecycle != Lifecycle::Pending && m.unhealthy.is_none());
    let counts = per_az(w, region, g);
    let (lo, hi) = (counts.values().min().copied().unwrap_or(0), counts.values().max().copied().unwrap_or(0));
    let room = g.capacity() < g.max + (g.max / 10).max(1);
    if g.deleting || !settled || hi - lo <= 1 || !room || w.now() < g.retry_at {
        return;
    }
    let cause = format!("At {} an instance was launched to aid in balancing the group's zones.", at(w.now()));
    if launch_one(w, region, name, cause, false).is_ok() {
        if let Some(g) = group_mut(w, region, name) {
            g.rebalancing = true;
        }
    }
}

/// The second half of a rebalance: once the new member is in service, one member of the
/// fullest AZ is terminated (the termination policy chooses, as for a scale-in).
fn rebalance_terminate(w: &mut World, region: &str, name: &str, g: &Group) {
    if g.members.values().any(|m| m.lifecycle == Lifecycle::Pending) {
        return;
    }
    if let Some(gm) = group_mut(w, region, name) {
        gm.rebalancing = false;
    }
    let now = w.now();
    for id in super::termination::choose(w, region, g, 1) {
        let cause = format!(
            "At {} an instance was taken out of service to aid in balancing the group's zones.  At {} instance {} was selected for termination.",
            at(now),
            at(now),
            id
        );
        begin_termination(w, region, name, &id, cause);
    }
}

/// Launches one instance from the group's template into the next subnet. A failure is recorded
/// as a Failed activity and retried later with backoff.
/// `fallback`: on an AZ's own failure, try the next AZ (not for rebalancing, whose point is
/// the AZ it asked for).
fn launch_one(w: &mut World, region: &str, name: &str, cause: String, fallback: bool) -> Result<String, ApiError> {
    let g = group(w, region, name).expect("checked").clone();
    let order = subnets_in_order(&g, w, region);
    if order.is_empty() {
        return Err(ApiError::new("ValidationError", "No subnet"));
    }
    let mut tried_azs: Vec<String> = Vec::new();
    let mut last = None;
    for (subnet, az) in order {
        if tried_azs.contains(&az) {
            continue;
        }
        match launch_in(w, region, name, &cause, &subnet, &az) {
            Ok(id) => return Ok(id),
            Err(e) => {
                let elsewhere = fallback && az_specific(&e);
                tried_azs.push(az);
                last = Some(e);
                if !elsewhere {
                    break;
                }
            }
        }
    }
    // Every AZ failed (or the failure is not an AZ's): retry later with backoff.
    let now = w.now();
    if let Some(g) = group_mut(w, region, name) {
        g.launch_failures += 1;
        let backoff = (FIRST_BACKOFF_MS << (g.launch_failures - 1).min(10)).min(MAX_BACKOFF_MS);
        g.retry_at = now + backoff;
        let rn = w.regions[region].info.name;
        w.schedule(backoff, WorldEvent::AutoScaling { region: rn, event: Event::Check { group: name.to_string() } });
    }
    Err(last.expect("tried at least one subnet"))
}

/// One launch attempt in one subnet; a failure is recorded as a Failed activity.
fn launch_in(w: &mut World, region: &str, name: &str, cause: &str, subnet: &str, az: &str) -> Result<String, ApiError> {
    let now = w.now();
    let g = group(w, region, name).expect("checked").clone();
    let (subnet, az) = (subnet.to_string(), az.to_string());
    let cause = cause.to_string();
    let attempt = (|| -> Result<(String, i64, lt::TemplateData), ApiError> {
        let t = lt::find(w, region, Some(&g.template.id), None)?;
        let n = lt::resolve_version(t, Some(&g.template.version))?;
        let data = t.version(n).expect("resolved").data.clone();
        let spec = lt::launch_spec(&data, Some(&subnet));
        let (_, ids) = crate::compute::run_instances(w, region, &spec)?;
        Ok((ids[0].clone(), n, data))
    })();
    let (id, version, _data) = match attempt {
        Ok(x) => x,
        Err(e) => {
            let mut desc_msg = e.message.clone();
            if !desc_msg.ends_with('.') {
                desc_msg.push('.');
            }
            let act = activity::start(
                w,
                region,
                &g,
                format!("Launching a new EC2 instance.  Status Reason: {desc_msg} Launching EC2 instance failed."),
                cause,
                "Failed",
                activity::details(&subnet, &az),
            );
            activity::update(w, region, &act, "Failed", 100, Some(format!("{desc_msg} Launching EC2 instance failed.")));
            return Err(e);
        }
    };
    // Tags AWS puts on every group instance, then the group's tags marked PropagateAtLaunch.
    let mut tags = vec![
        ("aws:autoscaling:groupName".to_string(), g.name.clone()),
        ("aws:ec2launchtemplate:id".to_string(), g.template.id.clone()),
        ("aws:ec2launchtemplate:version".to_string(), version.to_string()),
    ];
    tags.extend(g.tags.iter().filter(|t| t.propagate_at_launch).map(|t| (t.key.clone(), t.value.clone())));
    let (itype, image) = {
        let reg = w.regions.get_mut(region).expect("checked");
        reg.tags.set(&id, &tags);
        let i = &reg.compute.instances[&id];
        (i.instance_type.clone(), i.image_id.clone())
    };
    // What the template's user data would start at boot (ec2lab Serve with LaunchTemplateName).
    crate::elb::apps::start_launch_apps(w, region, &g.template.id, &id);
    let act = activity::start(w, region, &g, format!("Launching a new EC2 instance: {id}"), cause, "InProgress", activity::details(&subnet, &az));
    let member = Member {
        id: id.clone(),
        az,
        subnet_id: subnet,
        instance_type: itype,
        image_id: image,
        lifecycle: Lifecycle::Pending,
        unhealthy: None,
        template: TemplateRef { version: version.to_string(), ..g.template.clone() },
        template_version: version,
        launched_at: now,
        in_service_at: None,
        terminate_at: None,
        terminate_called: false,
        protected_from_scale_in: g.new_instances_protected,
        launch_activity: act,
        terminate_activity: None,
    };
    if let Some(g) = group_mut(w, region, name) {
        g.members.insert(id.clone(), member);
        g.launch_failures = 0;
        g.retry_at = 0;
    }
    Ok(id)
}

/// A force-deleted group disappears once its last instance is terminated.
fn finish_delete(w: &mut World, region: &str, name: &str) {
    let Some(g) = group(w, region, name) else { return };
    if g.deleting && g.members.is_empty() {
        let reg = w.regions.get_mut(region).expect("checked");
        reg.autoscaling.groups.remove(name);
        reg.autoscaling.policies.retain(|_, p| p.group != name);
    }
}
