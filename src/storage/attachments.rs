//! AttachVolume and DetachVolume with AWS's refusals (aws-facts §7.3).
use super::durations::Durations;
use super::events::Event;
use super::volume::{AttachState, Attachment, VolumeState};
use super::volumes::{is_root, schedule};
use crate::compute::{self, InstanceState};
use crate::error::ApiError;
use crate::world::World;

/// Linux device names EC2 accepts for EBS: `/dev/sd[a-z]`, `/dev/xvd[a-z]`, optionally with a
/// partition digit or a second letter (`/dev/xvdba`).
pub fn valid_device_name(d: &str) -> bool {
    let rest = d.strip_prefix("/dev/sd").or_else(|| d.strip_prefix("/dev/xvd")).or_else(|| d.strip_prefix("xvd"));
    match rest {
        Some(r) => {
            let letters = r.chars().take_while(|c| c.is_ascii_lowercase()).count();
            (1..=2).contains(&letters) && r[letters..].chars().all(|c| c.is_ascii_digit()) && r.len() - letters <= 2
        }
        None => false,
    }
}

/// Every device name an instance already uses: EBS attachments (the root among them) and
/// instance-store disks (the root of an instance-store-backed instance among them).
pub fn devices_in_use(w: &World, region: &str, instance_id: &str) -> Vec<String> {
    let r = &w.regions[region];
    let mut used: Vec<String> = r.storage.attached_to(instance_id).into_iter().map(|(a, _)| a.device.clone()).collect();
    used.extend(r.storage.local.get(instance_id).into_iter().flatten().map(|d| d.device_name.clone()));
    used
}

/// AttachVolume: `attaching`, then `attached` a few seconds later. DeleteOnTermination is
/// false for volumes attached this way (§7.3).
pub fn attach_volume(w: &mut World, region: &str, volume_id: &str, instance_id: &str, device: &str) -> Result<Attachment, ApiError> {
    let v = w.region(region)?.storage.volume(volume_id)?.clone();
    let i = compute::instance(w, region, instance_id)?.clone();
    if !valid_device_name(device) {
        return Err(ApiError::invalid_parameter_value(format!("Value ({device}) for parameter device is invalid. {device} is not a valid EBS device name."))
            .hint(
                "Use a Linux device name such as /dev/sdf to /dev/sdp (EC2 recommends these for data volumes).",
                "/dev/sdf ~ /dev/sdp 같은 리눅스 장치 이름을 쓰세요(데이터 볼륨에 권장).",
            ));
    }
    match v.state {
        VolumeState::Available => {}
        VolumeState::InUse if v.multi_attach => {
            if v.attachment(instance_id).is_some() {
                return Err(ApiError::new("VolumeInUse", format!("{volume_id} is already attached to an instance"))
                    .hint("This Multi-Attach volume is already attached to this instance.", "이 Multi-Attach 볼륨은 이미 이 인스턴스에 연결되어 있습니다."));
            }
            if v.attachments.len() >= 16 {
                return Err(ApiError::new("AttachmentLimitExceeded", format!("Volume {volume_id} is already attached to 16 instances.")).hint(
                    "A Multi-Attach volume attaches to at most 16 Nitro instances.",
                    "Multi-Attach 볼륨은 최대 16개의 Nitro 인스턴스에 연결할 수 있습니다.",
                ));
            }
            if crate::catalog::instance_type(&i.instance_type).and_then(|t| t.hypervisor.clone()).as_deref() != Some("nitro") {
                return Err(ApiError::new("UnsupportedOperation", format!("Multi-Attach requires a Nitro-based instance; {} is not.", i.instance_type)).hint(
                    "Multi-Attach volumes attach only to Nitro instances (t3, m5, c5 and newer).",
                    "Multi-Attach 볼륨은 Nitro 인스턴스(t3, m5, c5 이상)에만 연결됩니다.",
                ));
            }
        }
        VolumeState::InUse => return Err(ApiError::new("VolumeInUse", format!("{volume_id} is already attached to an instance")).hint(
            "An EBS volume attaches to one instance at a time (except io1/io2 with Multi-Attach). Detach it first, wait for 'available', then attach it here.",
            "EBS 볼륨은 한 번에 한 인스턴스에만 연결됩니다(Multi-Attach io1/io2 제외). 먼저 분리하고 'available'이 된 뒤 연결하세요.",
        )),
        s => {
            return Err(ApiError::new("IncorrectState", format!("vol '{volume_id}' is not 'available'; it is '{}'.", s.name())).hint(
                "A volume can be attached only when it is 'available': wait for a new volume (waiter volume_available).",
                "볼륨은 'available' 상태일 때만 연결할 수 있습니다. 새 볼륨이면 volume_available 웨이터로 기다리세요.",
            ))
        }
    }
    if v.az != i.az {
        return Err(ApiError::new("InvalidVolume.ZoneMismatch", format!("The volume '{volume_id}' is not in the same availability zone as instance '{instance_id}'")).hint(
            format!("The volume is in {} and the instance in {}: a volume attaches only within its AZ. To move data across AZs, snapshot the volume and create a new volume from the snapshot in {}.", v.az, i.az, i.az),
            format!("볼륨은 {}, 인스턴스는 {}에 있습니다. 볼륨은 같은 가용 영역 안에서만 연결됩니다. 다른 영역으로 옮기려면 스냅샷을 만들고 {}에서 그 스냅샷으로 새 볼륨을 만드세요.", v.az, i.az, i.az),
        ));
    }
    if !matches!(i.state, InstanceState::Running | InstanceState::Stopped) {
        return Err(ApiError::new("IncorrectState", format!("Instance '{instance_id}' is not 'running'.")).hint(
            format!("Volumes attach to a running or stopped instance; this one is '{}'. Wait until it is running or stopped.", i.state.name()),
            format!("볼륨은 실행 중이거나 중지된 인스턴스에만 연결됩니다. 지금은 '{}'입니다. running 또는 stopped가 될 때까지 기다리세요.", i.state.name()),
        ));
    }
    if devices_in_use(w, region, instance_id).iter().any(|d| d == device) {
        return Err(ApiError::invalid_parameter_value(format!("Invalid value '{device}' for unixDevice. Attachment point {device} is already in use")).hint(
            "Another volume (or the root, or an instance-store disk) already uses this device name on the instance. Pick a free one, e.g. the next of /dev/sdf../dev/sdp.",
            "이 인스턴스에서 다른 볼륨(또는 루트, 인스턴스 스토어)이 이미 이 장치 이름을 씁니다. /dev/sdf~/dev/sdp 중 빈 이름을 고르세요.",
        ));
    }
    let limit = crate::catalog::ebs::ebs_limits(&i.instance_type).map_or(28, |l| l.max_attachments) as usize;
    if w.regions[region].storage.attached_to(instance_id).len() >= limit {
        return Err(ApiError::new("AttachmentLimitExceeded", format!("Instance '{instance_id}' has reached its limit of {limit} attached EBS volumes.")).hint(
            format!("{} can attach at most {limit} EBS volumes. Detach one first, or use a bigger volume.", i.instance_type),
            format!("{}에는 EBS 볼륨을 최대 {limit}개까지 연결할 수 있습니다. 먼저 하나를 분리하거나 더 큰 볼륨을 쓰세요.", i.instance_type),
        ));
    }
    let now = w.now();
    let a = Attachment {
        instance_id: instance_id.to_string(),
        device: device.to_string(),
        state: AttachState::Attaching,
        attach_time: now,
        delete_on_termination: false,
    };
    let v = w.regions.get_mut(region).expect("checked").storage.volumes.get_mut(volume_id).expect("checked");
    v.attachments.push(a.clone());
    v.state = VolumeState::InUse;
    v.generation += 1;
    let after = Durations::attach(&mut w.rng);
    schedule(w, region, after, Event::Attached { volume_id: volume_id.to_string(), instance_id: instance_id.to_string() });
    Ok(a)
}

/// DetachVolume: `detaching`, then gone (the volume `available` again). The root volume of an
/// instance that is not stopped cannot be detached. Detaching unmounts it in the guest.
pub fn detach_volume(
    w: &mut World,
    region: &str,
    volume_id: &str,
    instance_id: Option<&str>,
    device: Option<&str>,
    force: bool,
) -> Result<Attachment, ApiError> {
    let v = w.region(region)?.storage.volume(volume_id)?.clone();
    if let Some(id) = instance_id {
        compute::check_instance_ids(w, region, &[id.to_string()])?;
    }
    let a = match instance_id {
        Some(id) => v.attachment(id),
        None if v.attachments.len() > 1 => {
            return Err(ApiError::missing_parameter("The request must contain the parameter instanceId").hint(
                "This Multi-Attach volume is attached to several instances: say which one with InstanceId.",
                "이 Multi-Attach 볼륨은 여러 인스턴스에 연결되어 있습니다. InstanceId로 어느 것인지 주세요.",
            ))
        }
        None => v.attachments.first(),
    };
    let Some(a) = a.cloned() else {
        return Err(match instance_id {
            Some(id) if !v.attachments.is_empty() => ApiError::new("IncorrectState", format!("Volume '{volume_id}' is not attached to instance '{id}'.")).hint(
                "Name the instance the volume is attached to (see describe_volumes Attachments).",
                "볼륨이 연결된 인스턴스를 지정하세요(describe_volumes의 Attachments).",
            ),
            _ => ApiError::new("IncorrectState", format!("Volume '{volume_id}' is in the '{}' state.", v.state.name()))
                .hint("The volume is not attached to anything, so there is nothing to detach.", "볼륨이 어디에도 연결되어 있지 않아 분리할 것이 없습니다."),
        });
    };
    if let Some(d) = device {
        if d != a.device {
            return Err(ApiError::invalid_parameter_value(format!("Volume '{volume_id}' is attached at '{}', not at '{d}'.", a.device))
                .hint("Device must be the name the volume is attached at, or left out.", "Device는 볼륨이 연결된 이름이어야 하며 생략할 수 있습니다."));
        }
    }
    if a.state == AttachState::Detaching {
        return Err(ApiError::new("IncorrectState", format!("Volume '{volume_id}' is already detaching from '{}'.", a.instance_id))
            .hint("The detach is under way; wait for the volume to become 'available'.", "분리가 진행 중입니다. 볼륨이 'available'이 될 때까지 기다리세요."));
    }
    let inst = &w.regions[region].compute.instances[&a.instance_id];
    if is_root(w, region, &a.instance_id, &a.device) && inst.state != InstanceState::Stopped {
        return Err(ApiError::new("OperationNotPermitted", format!("Unable to detach root volume '{volume_id}' from instance '{}'.", a.instance_id)).hint(
            "The root volume can be detached only while the instance is stopped: stop it first (the OS runs from this disk).",
            "루트 볼륨은 인스턴스가 중지된 동안에만 분리할 수 있습니다(OS가 이 디스크에서 실행됨). 먼저 중지하세요.",
        ));
    }
    let r = w.regions.get_mut(region).expect("checked");
    if let Some(g) = r.storage.guests.get_mut(&a.instance_id) {
        g.mounts.retain(|_, dev| dev != &a.device);
    }
    let v = r.storage.volumes.get_mut(volume_id).expect("checked");
    let att = v.attachment_mut(&a.instance_id).expect("checked");
    att.state = AttachState::Detaching;
    let out = att.clone();
    v.generation += 1;
    let after = Durations::detach(&mut w.rng, force);
    schedule(w, region, after, Event::Detached { volume_id: volume_id.to_string(), instance_id: a.instance_id.clone() });
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn device_names() {
        for ok in ["/dev/sdf", "/dev/xvda", "/dev/sda1", "xvdf", "/dev/xvdba"] {
            assert!(super::valid_device_name(ok), "{ok}");
        }
        for bad in ["/dev/nvme1n1", "sdf", "/dev/sd", "/dev/sdF", "/dev/sdf123"] {
            assert!(!super::valid_device_name(bad), "{bad}");
        }
    }
}
