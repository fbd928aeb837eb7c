//! Start, stop (and hibernate), reboot, terminate, and a shutdown from inside the OS.
//! Each call checks every instance first, then moves them; the timed second half of each
//! transition is an event (see `events.rs`).
use super::instance::{Instance, InstanceState, StatusCheck};
use super::{check_instance_ids, Durations, Event};
use crate::catalog;
use crate::error::ApiError;
use crate::sim::clock::gmt;
use crate::world::{Event as WorldEvent, World};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateChange {
    pub id: String,
    pub previous: InstanceState,
    pub current: InstanceState,
}

fn region_name(region: &str) -> &'static str {
    crate::geo::region(region).expect("checked by the caller").name
}

fn instances<'w>(w: &'w World, region: &str, ids: &[String]) -> Vec<&'w Instance> {
    ids.iter().map(|id| &w.regions[region].compute.instances[id]).collect()
}

/// How long until a transition finishes, and the event that finishes it.
type Finish = (u64, fn(String, u64) -> Event);

/// Moves one instance along an edge of the lifecycle graph and schedules the event that ends it.
fn transition(
    w: &mut World,
    region: &str,
    id: &str,
    to: InstanceState,
    reason: Option<(&str, &str)>,
    user_initiated: bool,
    after: Option<Finish>,
) -> StateChange {
    let now = w.now();
    let i = w.regions.get_mut(region).expect("checked").compute.instances.get_mut(id).expect("checked");
    let previous = i.state;
    assert!(previous.can_move_to(to), "illegal edge {previous:?} -> {to:?}");
    i.state = to;
    i.generation += 1;
    if previous == InstanceState::Running && to != InstanceState::Running {
        if let Some((_, left @ None)) = i.run_periods.last_mut() {
            *left = Some(now);
        }
    }
    if let Some((code, message)) = reason {
        i.state_reason = Some((code.to_string(), message.to_string()));
    }
    if user_initiated {
        i.transition_reason = format!("User initiated ({})", gmt(now));
    }
    let generation = i.generation;
    if let Some((ms, make)) = after {
        w.schedule(ms, WorldEvent::Compute { region: region_name(region), event: make(id.to_string(), generation) });
    }
    StateChange { id: id.to_string(), previous, current: to }
}

fn unchanged(i: &Instance) -> StateChange {
    StateChange { id: i.id.clone(), previous: i.state, current: i.state }
}

pub fn start(w: &mut World, region: &str, ids: &[String]) -> Result<Vec<StateChange>, ApiError> {
    check_instance_ids(w, region, ids)?;
    for i in instances(w, region, ids) {
        let has_root = i.is_instance_store_backed() || w.regions[region].storage.attached_to(&i.id).iter().any(|(a, _)| a.device == i.root_device_name);
        if i.state == InstanceState::Stopped && !has_root {
            return Err(ApiError::new(
                "IncorrectInstanceState",
                format!("The instance '{}' does not have a volume attached at root ({}).", i.id, i.root_device_name),
            )
            .hint(
                format!(
                    "An EBS-backed instance boots from the volume at its root device. Attach a volume at {} (attach_volume), then start it.",
                    i.root_device_name
                ),
                format!("EBS 기반 인스턴스는 루트 장치의 볼륨으로 부팅합니다. {}에 볼륨을 연결(attach_volume)한 뒤 시작하세요.", i.root_device_name),
            ));
        }
        crate::purchase::spot::check_user_start(w, region, i)?;
        match i.state {
            InstanceState::Stopped | InstanceState::Pending | InstanceState::Running => {}
            s => {
                return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{}' is not in a state from which it can be started.", i.id)).hint(
                    match s {
                        InstanceState::Stopping => "The instance is still stopping. Wait until it is 'stopped' (waiter instance_stopped), then start it.",
                        _ => "A terminated instance is gone for good: it can never be started again. Launch a new one (from an AMI if you saved one).",
                    },
                    match s {
                        InstanceState::Stopping => "인스턴스가 아직 중지 중입니다. '중지됨'이 된 뒤(waiter instance_stopped) 시작하세요.",
                        _ => "종료된 인스턴스는 영구히 사라져 다시 시작할 수 없습니다. 새로 시작하세요(저장해 둔 AMI가 있다면 그것으로).",
                    },
                ));
            }
        }
    }
    let mut out = Vec::new();
    for id in ids {
        let i = &w.regions[region].compute.instances[id];
        if i.state != InstanceState::Stopped {
            out.push(unchanged(i));
            continue;
        }
        let store_backed = i.is_instance_store_backed();
        let boot = Durations::boot(&mut w.rng, store_backed);
        let now = w.now();
        let info = w.regions[region].info;
        let World { regions, rng, .. } = &mut *w;
        let r = regions.get_mut(region).expect("checked");
        // A new public address on every start; the private address stays (UG:Stop_Start).
        r.network.assign_auto_public_ip_on_start(id, info, rng);
        let i = r.compute.instances.get_mut(id).expect("checked");
        i.launch_time = now;
        i.state_reason = None;
        i.transition_reason = String::new();
        i.starts += 1;
        out.push(transition(w, region, id, InstanceState::Pending, None, false, Some((boot, |id, generation| Event::Booted { id, generation }))));
    }
    Ok(out)
}

pub fn stop(w: &mut World, region: &str, ids: &[String], hibernate: bool, force: bool) -> Result<Vec<StateChange>, ApiError> {
    check_instance_ids(w, region, ids)?;
    for i in instances(w, region, ids) {
        if i.is_instance_store_backed() {
            return Err(ApiError::new("UnsupportedOperation", format!("The instance '{}' does not have an 'ebs' root device type and cannot be stopped.", i.id))
                .hint("An instance-store-backed instance can only run or be terminated: its root disk lives on the host and would be lost. Use an EBS-backed AMI if you need to stop.", "인스턴스 스토어 기반 인스턴스는 실행하거나 종료만 할 수 있습니다(루트 디스크가 호스트에 있어 사라짐). 중지가 필요하면 EBS 기반 AMI를 쓰세요."));
        }
        match i.state {
            InstanceState::Running | InstanceState::Stopping | InstanceState::Stopped => {}
            // Force is accepted in any state but shutting-down and terminated (UG:TroubleshootingInstancesStopping).
            InstanceState::Pending if force => {}
            InstanceState::Pending => {
                return Err(ApiError::new("IncorrectInstanceState", format!("This instance '{}' is not in a state from which it can be stopped.", i.id)).hint(
                    "The instance is still pending. Wait until it is running (waiter instance_running), then stop it.",
                    "인스턴스가 아직 대기 중입니다. 실행 중이 된 뒤(waiter instance_running) 중지하세요.",
                ))
            }
            _ => {
                return Err(ApiError::new("IncorrectInstanceState", format!("This instance '{}' is not in a state from which it can be stopped.", i.id)).hint(
                    "A terminated (or terminating) instance cannot be stopped or started again.",
                    "종료되었거나 종료 중인 인스턴스는 중지하거나 다시 시작할 수 없습니다.",
                ))
            }
        }
        crate::purchase::spot::check_user_stop(w, region, i)?;
        if i.disable_api_stop && matches!(i.state, InstanceState::Running | InstanceState::Pending) {
            return Err(ApiError::new(
                "OperationNotPermitted",
                format!("The instance '{}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.", i.id),
            )
            .hint(
                "Stop protection is on. Turn it off first: modify_instance_attribute(InstanceId=..., DisableApiStop={'Value': False}).",
                "중지 방지가 켜져 있습니다. 먼저 끄세요: modify_instance_attribute(InstanceId=..., DisableApiStop={'Value': False}).",
            ));
        }
        if hibernate && i.state == InstanceState::Running && !i.hibernation_configured {
            return Err(ApiError::new("UnsupportedHibernationConfiguration", format!("The instance '{}' is not enabled for hibernation.", i.id))
                .hint("Hibernation must be enabled at launch (HibernationOptions={'Configured': True}); it cannot be turned on later. Stop without Hibernate instead.", "최대 절전은 시작할 때(HibernationOptions={'Configured': True}) 켜야 하며 나중에 켤 수 없습니다. Hibernate 없이 중지하세요."));
        }
    }
    let mut out = Vec::new();
    for id in ids {
        let i = &w.regions[region].compute.instances[id];
        match i.state {
            InstanceState::Pending if force => {
                let ms = Durations::stop(&mut w.rng, true);
                out.push(begin_stop(w, region, id, ms, false, USER_SHUTDOWN));
            }
            InstanceState::Running => {
                let memory = catalog::instance_type(&i.instance_type).map(|t| t.memory_mib).unwrap_or(1024);
                let ms = if hibernate { Durations::hibernate(&mut w.rng, memory) } else { Durations::stop(&mut w.rng, force) };
                let reason =
                    if hibernate { ("Client.UserInitiatedHibernate", "Client.UserInitiatedHibernate: User initiated hibernate") } else { USER_SHUTDOWN };
                out.push(begin_stop(w, region, id, ms, hibernate, reason));
            }
            InstanceState::Stopping if force => {
                // Force gets an instance out of a stuck stop: the stop finishes shortly.
                let ms = Durations::stop(&mut w.rng, true);
                let i = w.regions.get_mut(region).expect("checked").compute.instances.get_mut(id).expect("checked");
                i.generation += 1;
                let generation = i.generation;
                w.schedule(ms, WorldEvent::Compute { region: region_name(region), event: Event::Stopped { id: id.clone(), generation } });
                out.push(unchanged(&w.regions[region].compute.instances[id]));
            }
            _ => out.push(unchanged(i)),
        }
    }
    Ok(out)
}

pub fn reboot(w: &mut World, region: &str, ids: &[String]) -> Result<(), ApiError> {
    check_instance_ids(w, region, ids)?;
    for i in instances(w, region, ids) {
        if !matches!(i.state, InstanceState::Running | InstanceState::Terminated | InstanceState::ShuttingDown) {
            return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{}' is not in a state from which it can be rebooted.", i.id)).hint(
                "Only a running instance can be rebooted. Start a stopped instance instead; a pending one will be running shortly.",
                "실행 중인 인스턴스만 재부팅할 수 있습니다. 중지된 인스턴스는 시작하고, 대기 중인 인스턴스는 곧 실행됩니다.",
            ));
        }
    }
    for id in ids {
        // Requests for terminated instances are ignored (BC:ec2/RebootInstances).
        if w.regions[region].compute.instances[id].state != InstanceState::Running {
            continue;
        }
        let ms = Durations::reboot(&mut w.rng);
        let now = w.now();
        let i = w.regions.get_mut(region).expect("checked").compute.instances.get_mut(id).expect("checked");
        i.rebooting_until = Some(now + ms);
        i.instance_status = StatusCheck::Initializing;
        let generation = i.generation;
        w.schedule(ms, WorldEvent::Compute { region: region_name(region), event: Event::Rebooted { id: id.clone(), generation } });
    }
    Ok(())
}

/// What TerminateInstances did: with termination protection in play AWS still terminates the
/// instances of other AZs, then reports the refusal (BC:ec2/TerminateInstances).
#[derive(Debug)]
pub struct TerminateOutcome {
    pub changes: Vec<StateChange>,
    pub refusal: Option<ApiError>,
}

pub fn terminate(w: &mut World, region: &str, ids: &[String]) -> Result<TerminateOutcome, ApiError> {
    check_instance_ids(w, region, ids)?;
    let protected: Vec<(String, String, &'static str)> = instances(w, region, ids)
        .into_iter()
        .filter(|i| !matches!(i.state, InstanceState::Terminated | InstanceState::ShuttingDown))
        .filter_map(|i| {
            if i.disable_api_termination {
                Some((i.id.clone(), i.az.clone(), "disableApiTermination"))
            } else if i.disable_api_stop {
                Some((i.id.clone(), i.az.clone(), "disableApiStop"))
            } else {
                None
            }
        })
        .collect();
    let blocked_azs: Vec<&String> = protected.iter().map(|(_, az, _)| az).collect();
    let mut changes = Vec::new();
    for id in ids {
        let i = &w.regions[region].compute.instances[id];
        if blocked_azs.contains(&&i.az) {
            continue;
        }
        if matches!(i.state, InstanceState::Terminated | InstanceState::ShuttingDown) {
            changes.push(unchanged(i));
            continue;
        }
        changes.push(begin_termination(w, region, id, USER_SHUTDOWN));
    }
    let refusal = protected.first().map(|(id, az, attr)| {
        let done: Vec<&str> = changes.iter().filter(|c| c.previous != c.current).map(|c| c.id.as_str()).collect();
        let (what_en, what_ko, member) = if *attr == "disableApiStop" {
            ("Stop protection (disableApiStop) is on, and it blocks API termination too", "중지 방지(disableApiStop)가 켜져 있으며, 이는 API 종료도 막습니다", "DisableApiStop")
        } else {
            ("Termination protection (disableApiTermination) is on", "종료 방지(disableApiTermination)가 켜져 있습니다", "DisableApiTermination")
        };
        let mut en = format!("{what_en}. Turn it off first: modify_instance_attribute(InstanceId='{id}', {member}={{'Value': False}}). Every instance of this call in {az} was left alone.");
        let mut ko = format!("{what_ko}. 먼저 끄세요: modify_instance_attribute(InstanceId='{id}', {member}={{'Value': False}}). 이 호출에서 {az}에 있는 인스턴스는 모두 그대로 두었습니다.");
        if !done.is_empty() {
            en.push_str(&format!(" Instances in other AZs were terminated: {}.", done.join(", ")));
            ko.push_str(&format!(" 다른 가용 영역의 인스턴스는 종료되었습니다: {}.", done.join(", ")));
        }
        ApiError::new("OperationNotPermitted", format!("The instance '{id}' may not be terminated. Modify its '{attr}' instance attribute and try again.")).hint(en, ko)
    });
    Ok(TerminateOutcome { changes, refusal })
}

const USER_SHUTDOWN: (&str, &str) = ("Client.UserInitiatedShutdown", "Client.UserInitiatedShutdown: User initiated shutdown");

/// → stopping; the stop finishes after `ms` (events.rs). RAM is kept only for a hibernation.
fn begin_stop(w: &mut World, region: &str, id: &str, ms: u64, hibernate: bool, reason: (&str, &str)) -> StateChange {
    let i = w.regions.get_mut(region).expect("checked").compute.instances.get_mut(id).expect("checked");
    i.hibernated = hibernate;
    i.system_status = StatusCheck::NotApplicable;
    i.instance_status = StatusCheck::NotApplicable;
    transition(w, region, id, InstanceState::Stopping, Some(reason), true, Some((ms, |id, generation| Event::Stopped { id, generation })))
}

/// Any live state → shutting-down. Billing and the public address end at once; the rest goes
/// when the instance reaches `terminated` (events.rs).
fn begin_termination(w: &mut World, region: &str, id: &str, reason: (&str, &str)) -> StateChange {
    let was_running = matches!(w.regions[region].compute.instances[id].state, InstanceState::Running | InstanceState::Pending | InstanceState::Stopping);
    let ms = Durations::terminate(&mut w.rng, was_running);
    let World { regions, .. } = &mut *w;
    let r = regions.get_mut(region).expect("checked");
    let i = r.compute.instances.get_mut(id).expect("checked");
    i.system_status = StatusCheck::NotApplicable;
    i.instance_status = StatusCheck::NotApplicable;
    r.network.release_auto_public_ips(id);
    transition(w, region, id, InstanceState::ShuttingDown, Some(reason), true, Some((ms, |id, generation| Event::Terminated { id, generation })))
}

/// `sudo shutdown -h now` inside the instance: stops or terminates it according to its
/// InstanceInitiatedShutdownBehavior. Protection attributes do not apply (UG:terminating-instances);
/// an instance-store-backed instance is always terminated.
pub fn shutdown_from_os(w: &mut World, region: &str, id: &str) -> Result<StateChange, ApiError> {
    check_instance_ids(w, region, &[id.to_string()])?;
    let i = &w.regions[region].compute.instances[id];
    if i.state != InstanceState::Running {
        return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is not running, so its operating system cannot shut it down.")).hint(
            "Only a running instance has an operating system that can run `shutdown`.",
            "실행 중인 인스턴스에서만 운영 체제가 `shutdown`을 실행할 수 있습니다.",
        ));
    }
    let reason = ("Client.InstanceInitiatedShutdown", "Client.InstanceInitiatedShutdown: Instance initiated shutdown");
    let terminate = i.is_instance_store_backed() || i.shutdown_behavior == super::ShutdownBehavior::Terminate;
    if terminate {
        Ok(begin_termination(w, region, id, reason))
    } else {
        let ms = Durations::stop(&mut w.rng, false);
        Ok(begin_stop(w, region, id, ms, false, reason))
    }
}

/// EC2 itself interrupts an instance (a Spot interruption): stop (or hibernate) or terminate it
/// with the given StateReason. The caller has checked that the instance is running.
pub fn service_interrupt(w: &mut World, region: &str, id: &str, action: &str, reason: (&str, &str)) -> StateChange {
    let now = w.now();
    let change = if action == "terminate" {
        begin_termination(w, region, id, reason)
    } else {
        let hibernate = action == "hibernate";
        let memory = catalog::instance_type(&w.regions[region].compute.instances[id].instance_type).map(|t| t.memory_mib).unwrap_or(1024);
        let ms = if hibernate { Durations::hibernate(&mut w.rng, memory) } else { Durations::stop(&mut w.rng, false) };
        begin_stop(w, region, id, ms, hibernate, reason)
    };
    if let Some(i) = w.regions.get_mut(region).and_then(|r| r.compute.instances.get_mut(id)) {
        i.transition_reason = format!("Service initiated ({})", gmt(now));
    }
    change
}
