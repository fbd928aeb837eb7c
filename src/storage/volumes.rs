//! CreateVolume, DeleteVolume, ModifyVolume: every check first, then the change and the timed
//! event that ends it (aws-facts §7.2, §7.3).
use super::block::{Device, DirtySince, GIB};
use super::durations::Durations;
use super::events::Event;
use super::types;
use super::volume::{Modification, ModificationState, Volume, VolumeSettings, VolumeState};
use crate::error::ApiError;
use crate::sim::{IdGen, Millis};
use crate::world::{Event as WorldEvent, World, ACCOUNT_ID};

/// What CreateVolume asks for, in domain terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VolumeSpec {
    pub availability_zone: String,
    pub size_gib: Option<i64>,
    pub volume_type: Option<String>,
    pub iops: Option<i64>,
    pub throughput: Option<i64>,
    pub snapshot_id: Option<String>,
    pub encrypted: Option<bool>,
    pub multi_attach: bool,
    pub tags: Vec<(String, String)>,
}

pub(crate) fn region_name(region: &str) -> &'static str {
    crate::geo::region(region).expect("checked by the caller").name
}

pub(crate) fn schedule(w: &mut World, region: &str, after: Millis, event: Event) {
    w.schedule(after, WorldEvent::Storage { region: region_name(region), event });
}

fn check_zone(w: &World, region: &str, az: &str) -> Result<(), ApiError> {
    let info = w.region(region)?.info;
    if !info.zones().iter().any(|z| z.name == az) {
        return Err(ApiError::new("InvalidZone.NotFound", format!("The zone '{az}' does not exist.")).hint(
            format!(
                "Volumes live in one Availability Zone of the region; {region} has {}.",
                info.zones().iter().map(|z| z.name.clone()).collect::<Vec<_>>().join(", ")
            ),
            format!(
                "볼륨은 리전의 가용 영역 하나에 있습니다. {region}의 가용 영역: {}.",
                info.zones().iter().map(|z| z.name.clone()).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    Ok(())
}

/// A snapshot the account may restore: its own, or a public one (the catalog images' roots).
pub(crate) fn usable_snapshot<'w>(w: &'w World, region: &str, id: &str) -> Result<&'w super::Snapshot, ApiError> {
    let s = w.region(region)?.storage.snapshot(id)?;
    if s.owner_id != ACCOUNT_ID && !s.public {
        return Err(super::snapshot_not_found(id));
    }
    if s.state != super::SnapshotState::Completed {
        return Err(ApiError::new("IncorrectState", format!("Snapshot '{id}' is not 'completed'; it is still 'pending'.")).hint(
            "A volume can be created from a snapshot only once it is completed. Wait (waiter snapshot_completed), then try again.",
            "스냅샷이 완료된 뒤에만 볼륨을 만들 수 있습니다. snapshot_completed 웨이터로 기다린 뒤 다시 하세요.",
        ));
    }
    Ok(s)
}

/// Checks a volume's settings, with a snapshot's size as the floor; returns the settings and
/// the size to use (the snapshot's size when none is given).
pub fn check_spec(w: &World, region: &str, spec: &VolumeSpec) -> Result<(types::Settings, String, bool), ApiError> {
    let volume_type = spec.volume_type.clone().unwrap_or_else(|| "gp2".into());
    types::check_type(&volume_type)?;
    let snap = match &spec.snapshot_id {
        Some(id) => Some(usable_snapshot(w, region, id)?),
        None => None,
    };
    let size = match (spec.size_gib, snap) {
        (Some(s), _) => s,
        (None, Some(s)) => s.volume_size_gib as i64,
        (None, None) => {
            return Err(ApiError::missing_parameter("The request must contain the parameter size or snapshotId").hint(
                "Give Size (GiB) for an empty volume, or SnapshotId to restore one (its size is the default).",
                "빈 볼륨은 Size(GiB)를, 복원할 볼륨은 SnapshotId를 주세요(스냅샷 크기가 기본값).",
            ))
        }
    };
    if let Some(s) = snap {
        if size < s.volume_size_gib as i64 {
            return Err(ApiError::invalid_parameter_value(format!(
                "Volume of size {size}GB is smaller than snapshot '{}', expect size >= {}GB",
                s.id, s.volume_size_gib
            ))
            .hint(
                "A volume restored from a snapshot holds the snapshot's whole disk, so it can be larger but never smaller.",
                "스냅샷에서 복원한 볼륨은 스냅샷의 디스크 전체를 담으므로 더 클 수는 있어도 작을 수는 없습니다.",
            ));
        }
    }
    if !(0..=u32::MAX as i64).contains(&size) {
        return Err(ApiError::invalid_parameter_value(format!("Volume of {size}GiB is out of range.")).hint("Size is in GiB.", "Size 단위는 GiB입니다."));
    }
    let settings = types::check_settings(&volume_type, size as u32, spec.iops, spec.throughput)?;
    if spec.multi_attach && !matches!(volume_type.as_str(), "io1" | "io2") {
        return Err(ApiError::invalid_parameter_combination("Multi-Attach is supported only for io1 and io2 volumes.").hint(
            "Only Provisioned IOPS SSD volumes (io1, io2) can attach to several Nitro instances at once.",
            "여러 Nitro 인스턴스에 동시에 연결(Multi-Attach)할 수 있는 것은 io1, io2 볼륨뿐입니다.",
        ));
    }
    let encrypted = snap.is_some_and(|s| s.encrypted) || spec.encrypted.unwrap_or(false);
    Ok((settings, volume_type, encrypted))
}

/// A new volume in `creating` (not yet in the region), empty or with a snapshot's blocks.
#[allow(clippy::too_many_arguments)]
pub fn volume_from_snapshot(
    w: &mut World,
    region: &str,
    snapshot_id: Option<&str>,
    volume_type: &str,
    settings: &types::Settings,
    az: &str,
    encrypted: bool,
    multi_attach: bool,
) -> Volume {
    let id = IdGen::new_id(&mut w.rng, "vol");
    let now = w.now();
    let snap = snapshot_id.and_then(|s| w.regions[region].storage.snapshots.get(s));
    let size_bytes = settings.size_gib as u64 * GIB;
    let (data, unloaded, lineage, base) = match snap {
        Some(s) => {
            let own = s.owner_id == ACCOUNT_ID;
            // The dirty set is relative to the snapshot when a later snapshot is incremental to it.
            let since = if own { DirtySince::Snapshot(s.id.clone()) } else { DirtySince::Unknown };
            (Device::from_blocks(size_bytes, s.blocks.clone()).since(since), s.blocks.keys().collect(), s.lineage.clone(), own.then(|| s.id.clone()))
        }
        None => (Device::new(size_bytes), Default::default(), id.clone(), None),
    };
    Volume {
        id,
        volume_type: volume_type.to_string(),
        size_gib: settings.size_gib,
        iops: settings.iops,
        throughput: settings.throughput,
        az: az.to_string(),
        encrypted,
        snapshot_id: snapshot_id.map(str::to_string),
        create_time: now,
        state: VolumeState::Creating,
        multi_attach,
        attachments: vec![],
        data,
        unloaded,
        gp2_credits: types::GP2_CREDITS,
        credits_at: now,
        modifications: vec![],
        lineage,
        base_snapshot: base,
        generation: 1,
    }
}

/// CreateVolume: `creating`, then `available` a few seconds later.
pub fn create_volume(w: &mut World, region: &str, spec: &VolumeSpec) -> Result<String, ApiError> {
    check_zone(w, region, &spec.availability_zone)?;
    let (settings, volume_type, encrypted) = check_spec(w, region, spec)?;
    w.region(region)?.tags.check_set("new", &spec.tags)?;
    let vol = volume_from_snapshot(w, region, spec.snapshot_id.as_deref(), &volume_type, &settings, &spec.availability_zone, encrypted, spec.multi_attach);
    let id = vol.id.clone();
    let r = w.regions.get_mut(region).expect("checked");
    if !spec.tags.is_empty() {
        r.tags.set(&id, &spec.tags);
    }
    r.storage.volumes.insert(id.clone(), vol);
    let after = Durations::create_volume(&mut w.rng);
    schedule(w, region, after, Event::VolumeAvailable { id: id.clone(), generation: 1 });
    Ok(id)
}

/// DeleteVolume: only an `available` volume; `deleting` for a while, then gone.
pub fn delete_volume(w: &mut World, region: &str, id: &str) -> Result<(), ApiError> {
    let v = w.region(region)?.storage.volume(id)?;
    match v.state {
        VolumeState::Available => {}
        VolumeState::InUse => {
            let to = v.attachments.iter().map(|a| a.instance_id.clone()).collect::<Vec<_>>().join(", ");
            return Err(ApiError::new("VolumeInUse", format!("Volume {id} is currently attached to {to}")).hint(
                "A volume must be detached (state 'available') before it can be deleted: detach_volume first, wait for 'available', then delete.",
                "볼륨은 분리되어 'available' 상태여야 삭제할 수 있습니다. 먼저 detach_volume 후 'available'을 기다린 뒤 삭제하세요.",
            ));
        }
        s => {
            return Err(ApiError::new("IncorrectState", format!("The volume '{id}' is '{}'.", s.name())).hint(
                "Only an 'available' volume can be deleted: wait until a new volume is available; a deleting one is already on its way out.",
                "'available' 상태의 볼륨만 삭제할 수 있습니다. 새 볼륨은 available이 될 때까지 기다리세요.",
            ))
        }
    }
    let v = w.regions.get_mut(region).expect("checked").storage.volumes.get_mut(id).expect("checked");
    v.state = VolumeState::Deleting;
    v.generation += 1;
    let after = Durations::delete_volume(&mut w.rng);
    schedule(w, region, after, Event::VolumeDeleted { id: id.to_string() });
    Ok(())
}

/// At most 4 modifications per volume in a rolling 24 hours (BC:ec2/ModifyVolume).
pub const MODIFICATIONS_PER_DAY: usize = 4;
const DAY_MS: Millis = 24 * 3_600_000;

/// ModifyVolume: grow, change type/IOPS/throughput; `modifying` → `optimizing` → `completed`.
/// The new settings apply at once (the size is usable immediately, as on AWS).
#[allow(clippy::too_many_arguments)]
pub fn modify_volume(
    w: &mut World,
    region: &str,
    id: &str,
    size: Option<i64>,
    volume_type: Option<String>,
    iops: Option<i64>,
    throughput: Option<i64>,
    multi_attach: Option<bool>,
) -> Result<Modification, ApiError> {
    let now = w.now();
    let v = w.region(region)?.storage.volume(id)?;
    if !matches!(v.state, VolumeState::Available | VolumeState::InUse) {
        return Err(ApiError::new("IncorrectState", format!("The volume '{id}' is '{}'.", v.state.name()))
            .hint("Only an available or in-use volume can be modified.", "available 또는 in-use 볼륨만 수정할 수 있습니다."));
    }
    if let Some(m) = v.modifications.last().filter(|m| m.state != ModificationState::Completed) {
        return Err(ApiError::new("IncorrectModificationState", format!("Volume {id} is already being modified (state '{}').", m.state.name())).hint(
            "A volume can be modified again only after the previous modification has completed (describe_volumes_modifications shows its progress).",
            "이전 수정이 완료된 뒤에만 다시 수정할 수 있습니다(describe_volumes_modifications로 진행 상황 확인).",
        ));
    }
    let recent = v.modifications.iter().filter(|m| m.start_time + DAY_MS > now).count();
    if recent >= MODIFICATIONS_PER_DAY {
        return Err(ApiError::new("VolumeModificationRateExceeded", format!("You've reached the maximum modification rate per volume limit for {id}.")).hint(
            "A volume can be modified at most 4 times in a rolling 24 hours. Wait, or plan the changes into one call.",
            "볼륨은 24시간 동안 최대 4번까지 수정할 수 있습니다. 기다리거나 변경을 한 번에 모으세요.",
        ));
    }
    let original = v.settings();
    let new_type = volume_type.unwrap_or_else(|| original.volume_type.clone());
    let new_size = size.unwrap_or(original.size_gib as i64);
    if new_size < original.size_gib as i64 {
        return Err(ApiError::invalid_parameter_value(format!("New size ({new_size}) cannot be smaller than existing size ({}).", original.size_gib)).hint(
            "EBS volumes can only grow. To shrink, create a smaller volume and copy the files over.",
            "EBS 볼륨은 늘릴 수만 있습니다. 줄이려면 더 작은 볼륨을 만들고 파일을 옮기세요.",
        ));
    }
    // Provisioned settings carry over when the type keeps them (gp3 → gp3), else defaults apply.
    let keep = new_type == original.volume_type && new_type != "gp2";
    let iops = iops.or(if keep { original.iops.map(i64::from) } else { None });
    let throughput = throughput.or(if keep { original.throughput.map(i64::from) } else { None });
    let settings = types::check_settings(&new_type, new_size as u32, iops, throughput)?;
    let multi = multi_attach.unwrap_or(original.multi_attach);
    if multi && !matches!(new_type.as_str(), "io1" | "io2") {
        return Err(ApiError::invalid_parameter_combination("Multi-Attach is supported only for io1 and io2 volumes.")
            .hint("Only io1 and io2 volumes can be Multi-Attach.", "Multi-Attach는 io1, io2 볼륨만 가능합니다."));
    }
    if v.attachments.len() > 1 && !multi {
        return Err(ApiError::invalid_parameter_combination(format!("Multi-Attach cannot be turned off while {id} is attached to several instances."))
            .hint("Detach it from all but one instance first.", "먼저 하나만 남기고 분리하세요."));
    }
    let target =
        VolumeSettings { volume_type: new_type, size_gib: settings.size_gib, iops: settings.iops, throughput: settings.throughput, multi_attach: multi };
    if target == original {
        return Err(ApiError::invalid_parameter_combination("New settings are the same as the current ones; nothing to modify.")
            .hint("Give a bigger Size, another VolumeType, Iops or Throughput.", "더 큰 Size, 다른 VolumeType, Iops 또는 Throughput을 주세요."));
    }
    if matches!(target.volume_type.as_str(), "st1" | "sc1") && v.attachments.iter().any(|a| is_root(w, region, &a.instance_id, &a.device)) {
        return Err(ApiError::invalid_parameter_combination(format!("The volume type {} cannot be used for a root (boot) volume.", target.volume_type))
            .hint("st1 and sc1 HDD volumes cannot boot an instance.", "st1, sc1 HDD 볼륨으로는 부팅할 수 없습니다."));
    }
    let modifying = Durations::modifying(&mut w.rng);
    let optimizing = Durations::optimizing(&mut w.rng, target.size_gib);
    let m = Modification {
        state: ModificationState::Modifying,
        original,
        target: target.clone(),
        start_time: now,
        optimizing_at: now + modifying,
        end_time: now + modifying + optimizing,
    };
    let v = w.regions.get_mut(region).expect("checked").storage.volumes.get_mut(id).expect("checked");
    v.volume_type = target.volume_type;
    v.size_gib = target.size_gib;
    v.data.size_bytes = target.size_gib as u64 * GIB;
    v.iops = target.iops;
    v.throughput = target.throughput;
    v.multi_attach = target.multi_attach;
    v.modifications.push(m.clone());
    let n = v.modifications.len();
    schedule(w, region, modifying, Event::Optimizing { volume_id: id.to_string(), n });
    schedule(w, region, modifying + optimizing, Event::ModificationCompleted { volume_id: id.to_string(), n });
    Ok(m)
}

pub(crate) fn is_root(w: &World, region: &str, instance_id: &str, device: &str) -> bool {
    w.regions[region].compute.instances.get(instance_id).is_some_and(|i| i.root_device_name == device)
}
