//! ModifyInstanceAttribute: which attribute may change in which state.
use super::instance::{InstanceState, ShutdownBehavior};
use super::instance_mut;
use crate::catalog;
use crate::error::ApiError;
use crate::world::World;
use base64::Engine;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeChange {
    InstanceType(String),
    DisableApiTermination(bool),
    DisableApiStop(bool),
    ShutdownBehavior(String),
    /// base64, as on the wire
    UserData(String),
    EbsOptimized(bool),
    EnaSupport(bool),
    /// `simple` turns on Intel 82599 enhanced networking; it cannot be turned off.
    SriovNetSupport(String),
    /// Paravirtual kernel/RAM disk images (AKI/ARI): only for paravirtual instances.
    Kernel(String),
    Ramdisk(String),
    /// BlockDeviceMappings: (device name, DeleteOnTermination) of attached EBS volumes.
    DeleteOnTermination(Vec<(String, bool)>),
}

fn not_stopped(id: &str, what: &str) -> ApiError {
    ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is not in the 'stopped' state.")).hint(
        format!("The {what} can only change while the instance is stopped: stop it, wait for 'stopped', change it, start it again."),
        format!("{what}은(는) 인스턴스가 중지된 동안에만 바꿀 수 있습니다. 중지하고 '중지됨'을 기다린 뒤 바꾸고 다시 시작하세요."),
    )
}

pub fn modify_attribute(w: &mut World, region: &str, id: &str, change: AttributeChange) -> Result<(), ApiError> {
    let i = super::instance(w, region, id)?;
    if matches!(i.state, InstanceState::Terminated | InstanceState::ShuttingDown) {
        return Err(ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is not in a valid state for this operation."))
            .hint("A terminated instance cannot be changed.", "종료된 인스턴스는 바꿀 수 없습니다."));
    }
    match &change {
        AttributeChange::InstanceType(t) => {
            if i.state != InstanceState::Stopped {
                return Err(not_stopped(id, "instance type"));
            }
            if i.hibernation_configured {
                return Err(ApiError::new(
                    "UnsupportedOperation",
                    format!("The instance '{id}' is enabled for hibernation; its instance type cannot be changed."),
                )
                .hint(
                    "An instance launched with hibernation enabled keeps its type. Launch a new instance of the type you want.",
                    "최대 절전이 켜진 인스턴스는 유형을 바꿀 수 없습니다. 원하는 유형으로 새 인스턴스를 시작하세요.",
                ));
            }
            let itype = catalog::instance_type(t).ok_or_else(|| {
                ApiError::invalid_parameter_value(format!("Invalid value '{t}' for InstanceType.")).hint(
                    "Use an existing type name such as t3.small; ec2lab.explain_instance_type decodes names.",
                    "t3.small 같은 실제 유형 이름을 쓰세요. ec2lab.explain_instance_type이 이름을 풀어 줍니다.",
                )
            })?;
            if !itype.architectures.iter().any(|a| a == &i.architecture) {
                return Err(ApiError::invalid_parameter_value(format!(
                    "The instance type '{t}' does not support the architecture '{}' of instance '{id}'.",
                    i.architecture
                ))
                .hint(
                    "The new type must run the same architecture as the instance's AMI (x86_64 vs arm64/Graviton).",
                    "새 유형은 인스턴스의 AMI와 같은 아키텍처(x86_64 또는 arm64/Graviton)여야 합니다.",
                ));
            }
            if super::launch::boot_mode_for(itype, i.boot_mode.as_deref()).is_none() {
                return Err(ApiError::invalid_parameter_combination(format!(
                    "The instance type '{t}' does not support the boot mode '{}' of instance '{id}'.",
                    i.boot_mode.clone().unwrap_or_default()
                ))
                .hint(
                    "The instance's AMI needs a boot mode (UEFI or legacy BIOS) the new type does not offer. Pick a type that supports it.",
                    "인스턴스의 AMI가 요구하는 부팅 모드(UEFI 또는 레거시 BIOS)를 새 유형이 지원하지 않습니다. 지원하는 유형을 고르세요.",
                ));
            }
            if !catalog::offered_in_zone(t, region, &i.az) {
                return Err(ApiError::new(
                    "Unsupported",
                    format!("The requested instance type ({t}) is not supported in the Availability Zone ({}) of instance '{id}'.", i.az),
                )
                .hint(
                    "The instance stays in its AZ, so the new type must be offered there (describe_instance_type_offerings).",
                    "인스턴스는 가용 영역을 옮기지 않으므로 새 유형이 그 영역에서 제공되어야 합니다.",
                ));
            }
        }
        AttributeChange::UserData(data) => {
            if i.state != InstanceState::Stopped {
                return Err(not_stopped(id, "user data"));
            }
            let raw = base64::engine::general_purpose::STANDARD.decode(data).map_err(|_| {
                ApiError::invalid_parameter_value("Invalid BASE64 encoding of user data.")
                    .hint("UserData must be base64-encoded.", "UserData는 base64로 인코딩해야 합니다.")
            })?;
            if raw.len() > 16 * 1024 {
                return Err(ApiError::invalid_parameter_value("User data is limited to 16384 bytes")
                    .hint("User data holds at most 16 KB.", "사용자 데이터는 최대 16KB입니다."));
            }
        }
        AttributeChange::DisableApiStop(true) if i.is_instance_store_backed() => {
            return Err(ApiError::new("UnsupportedOperation", "Stop protection is not supported for instance store-backed instances.").hint(
                "An instance-store-backed instance cannot be stopped anyway; use termination protection.",
                "인스턴스 스토어 기반 인스턴스는 애초에 중지할 수 없습니다. 종료 방지를 쓰세요.",
            ));
        }
        AttributeChange::ShutdownBehavior(b) if b != "stop" && b != "terminate" => {
            return Err(ApiError::invalid_parameter_value(format!(
                "Value ({b}) for parameter instanceInitiatedShutdownBehavior is invalid. Expecting 'stop' or 'terminate'."
            ))
            .hint("InstanceInitiatedShutdownBehavior is 'stop' or 'terminate'.", "InstanceInitiatedShutdownBehavior는 'stop' 또는 'terminate'입니다."));
        }
        AttributeChange::EbsOptimized(_) if i.state != InstanceState::Stopped => return Err(not_stopped(id, "EBS optimization")),
        AttributeChange::EnaSupport(_) if i.state != InstanceState::Stopped => return Err(not_stopped(id, "ENA support")),
        AttributeChange::SriovNetSupport(_) if i.state != InstanceState::Stopped => return Err(not_stopped(id, "SR-IOV support")),
        AttributeChange::Kernel(_) | AttributeChange::Ramdisk(_) if i.state != InstanceState::Stopped => return Err(not_stopped(id, "kernel or RAM disk")),
        AttributeChange::SriovNetSupport(v) if v != "simple" => {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{v}' for sriovNetSupport. The only valid value is 'simple'.")).hint(
                "SriovNetSupport can only be set to 'simple'; once on, it cannot be turned off.",
                "SriovNetSupport는 'simple'로만 설정할 수 있으며 한 번 켜면 끌 수 없습니다.",
            ));
        }
        AttributeChange::Kernel(_) | AttributeChange::Ramdisk(_) if i.virtualization_type == "hvm" => {
            return Err(ApiError::new(
                "UnsupportedOperation",
                format!("The instance '{id}' uses HVM virtualization; kernel and RAM disk images apply only to paravirtual instances."),
            )
            .hint(
                "HVM instances boot their own kernel from the AMI; there is no separate kernel (AKI) or RAM disk (ARI) to change.",
                "HVM 인스턴스는 AMI의 커널로 부팅하므로 바꿀 별도의 커널(AKI)이나 RAM 디스크(ARI)가 없습니다.",
            ));
        }
        AttributeChange::DeleteOnTermination(devices) => {
            let attached = crate::storage::instance_devices(&w.regions[region], id);
            if let Some((d, _)) = devices.iter().find(|(d, _)| !attached.iter().any(|a| &a.device_name == d)) {
                return Err(ApiError::invalid_parameter_value(format!("No device is attached at '{d}' on instance '{id}'.")).hint(
                    "DeleteOnTermination can be changed only for EBS volumes attached to the instance; see its BlockDeviceMappings (describe_instances).",
                    "DeleteOnTermination은 인스턴스에 연결된 EBS 볼륨에만 바꿀 수 있습니다. describe_instances의 BlockDeviceMappings를 보세요.",
                ));
            }
            let r = w.regions.get_mut(region).expect("checked");
            for v in r.storage.volumes.values_mut() {
                if let Some(a) = v.attachment_mut(id) {
                    if let Some((_, dot)) = devices.iter().find(|(d, _)| d == &a.device) {
                        a.delete_on_termination = *dot;
                    }
                }
            }
            return Ok(());
        }
        _ => {}
    }
    let retype = if let AttributeChange::InstanceType(t) = &change { Some(t.clone()) } else { None };
    if retype.is_some() {
        crate::billing::ledger::instance_retyped(w, region, id);
    }
    let i = instance_mut(w, region, id)?;
    match change {
        AttributeChange::InstanceType(t) => {
            let itype = catalog::instance_type(&t).expect("checked");
            (i.cpu_cores, i.threads_per_core) = super::launch::cpu_topology(itype);
            i.current_boot_mode = super::launch::boot_mode_for(itype, i.boot_mode.as_deref()).expect("checked");
            i.credit_specification = itype
                .burstable
                .then(|| i.credit_specification.clone().unwrap_or_else(|| if t.starts_with("t2.") { "standard".into() } else { "unlimited".into() }));
            i.instance_type = t;
        }
        AttributeChange::DisableApiTermination(v) => i.disable_api_termination = v,
        AttributeChange::DisableApiStop(v) => i.disable_api_stop = v,
        AttributeChange::ShutdownBehavior(b) => i.shutdown_behavior = if b == "terminate" { ShutdownBehavior::Terminate } else { ShutdownBehavior::Stop },
        AttributeChange::UserData(d) => i.user_data = if d.is_empty() { None } else { Some(d) },
        AttributeChange::EbsOptimized(v) => i.ebs_optimized = v,
        AttributeChange::EnaSupport(v) => i.ena_support = v,
        AttributeChange::SriovNetSupport(_) => i.sriov_net_support = true,
        AttributeChange::Kernel(_) | AttributeChange::Ramdisk(_) => unreachable!("refused above: every modelled instance is HVM"),
        AttributeChange::DeleteOnTermination(_) => unreachable!("applied above"),
    }
    // The new type's instance-store disks (blank) replace the old type's.
    if let Some(t) = retype {
        crate::storage::launch::retype_disks(w, region, id, catalog::instance_type(&t).expect("checked"));
        let names: Vec<String> =
            w.regions[region].storage.local.get(id).into_iter().flatten().filter(|d| d.virtual_name != "root").map(|d| d.virtual_name.clone()).collect();
        instance_mut(w, region, id)?.ephemeral = names;
    }
    Ok(())
}
