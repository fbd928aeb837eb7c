//! Switching an instance's monitoring (basic ↔ detailed), its CPU credit mode (standard ↔
//! unlimited), and setting its load: the rules behind MonitorInstances/UnmonitorInstances,
//! ModifyInstanceCreditSpecification and ec2lab's SetLoad. Changes are remembered with their
//! time so that metrics of the past keep the resolution and mode they had then.
use super::workload::{self, Load};
use crate::compute::{self, InstanceState};
use crate::error::ApiError;
use crate::world::World;

fn require_ids(ids: &[String]) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Err(ApiError::missing_parameter("The request must contain the parameter InstanceId")
            .hint("Name at least one instance in InstanceIds.", "InstanceIds에 인스턴스를 하나 이상 지정하세요."));
    }
    Ok(())
}

fn gone(id: &str, state: InstanceState, what: &str) -> ApiError {
    ApiError::new("IncorrectInstanceState", format!("The instance '{id}' is not in a state from which it can be {what}: it is {}.", state.name())).hint(
        "A terminated (or terminating) instance cannot change any more; launch a new one.",
        "종료되었거나 종료 중인 인스턴스는 더 이상 바꿀 수 없습니다. 새 인스턴스를 시작하세요.",
    )
}

/// MonitorInstances (`detailed` = true) / UnmonitorInstances: returns the ids in request order.
/// The answer's state is `pending` / `disabling` as AWS's; the change applies from now.
pub fn set_monitoring(w: &mut World, region: &str, ids: &[String], detailed: bool) -> Result<(), ApiError> {
    require_ids(ids)?;
    compute::check_instance_ids(w, region, ids)?;
    for id in ids {
        let i = compute::instance(w, region, id)?;
        if matches!(i.state, InstanceState::Terminated | InstanceState::ShuttingDown) {
            return Err(gone(id, i.state, "monitored"));
        }
    }
    for id in ids {
        let (launch, was) = {
            let i = compute::instance(w, region, id)?;
            (i.launch_time, i.detailed_monitoring)
        };
        if was != detailed {
            workload::record_monitoring(w, region, id, launch, was, detailed);
            compute::instance_mut(w, region, id)?.detailed_monitoring = detailed;
        }
    }
    Ok(())
}

/// One item of ModifyInstanceCreditSpecification that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditFailure {
    pub instance_id: String,
    pub code: String,
    pub message: String,
}

/// ModifyInstanceCreditSpecification: applies each item it can, reports the others (AWS answers
/// per instance). Refused as a whole only for a request without items or with an unknown mode.
pub fn modify_credit_specification(w: &mut World, region: &str, items: &[(String, String)]) -> Result<(Vec<String>, Vec<CreditFailure>), ApiError> {
    if items.is_empty() {
        return Err(ApiError::missing_parameter("The request must contain the parameter InstanceCreditSpecifications")
            .hint("Give at least one {InstanceId, CpuCredits} pair.", "{InstanceId, CpuCredits} 쌍을 하나 이상 지정하세요."));
    }
    for (_, mode) in items {
        if mode != "standard" && mode != "unlimited" {
            return Err(ApiError::invalid_parameter_value(format!(
                "The value '{mode}' for parameter CpuCredits is invalid. Valid values are 'standard' and 'unlimited'."
            ))
            .hint(
                "CpuCredits is 'standard' (throttled to baseline when credits run out) or 'unlimited' (keeps bursting; surplus credits may be charged).",
                "CpuCredits는 'standard'(크레딧이 떨어지면 기준 성능으로 제한) 또는 'unlimited'(계속 버스트, 잉여 크레딧은 과금될 수 있음)입니다.",
            ));
        }
    }
    let mut ok = vec![];
    let mut failed = vec![];
    for (id, mode) in items {
        let fail = |code: &str, message: String| CreditFailure { instance_id: id.clone(), code: code.into(), message };
        let i = match compute::instance(w, region, id) {
            Ok(i) => i,
            Err(e) => {
                failed.push(fail(&e.code, e.message));
                continue;
            }
        };
        if super::credits::spec(&i.instance_type).is_none() {
            failed.push(fail(
                "UnsupportedOperation",
                format!("The instance type {} does not support CPU credit specifications: only burstable (T) types do.", i.instance_type),
            ));
            continue;
        }
        if matches!(i.state, InstanceState::Terminated | InstanceState::ShuttingDown) {
            failed.push(fail("IncorrectInstanceState", format!("The instance '{id}' is {}.", i.state.name())));
            continue;
        }
        let was = i.credit_specification.as_deref().map_or_else(|| super::credits::default_unlimited(&i.instance_type), |m| m == "unlimited");
        let launch = i.launch_time;
        let unlimited = mode == "unlimited";
        if was != unlimited {
            workload::record_mode(w, region, id, launch, was, unlimited);
        }
        compute::instance_mut(w, region, id)?.credit_specification = Some(mode.clone());
        ok.push(id.clone());
    }
    Ok((ok, failed))
}

/// ec2lab's SetLoad: the instance's explicit CPU (% of the instance) and network load from now on.
pub fn set_instance_load(w: &mut World, region: &str, id: &str, load: Load) -> Result<(), ApiError> {
    let i = compute::instance(w, region, id)?;
    if matches!(i.state, InstanceState::Terminated | InstanceState::ShuttingDown) {
        return Err(gone(id, i.state, "loaded"));
    }
    if !load.cpu.is_finite() || !(0.0..=100.0).contains(&load.cpu) {
        return Err(ApiError::invalid_parameter_value(format!("The value {} for parameter Cpu is invalid: it is a percentage from 0 to 100.", load.cpu)).hint(
            "Cpu is the share of the whole instance (all vCPUs) the workload wants, 0 to 100. A burstable instance may get less (throttled to its baseline).",
            "Cpu는 인스턴스 전체(모든 vCPU)에서 워크로드가 원하는 비율로 0~100입니다. 버스트 가능 인스턴스는 크레딧이 없으면 기준 성능으로 제한됩니다.",
        ));
    }
    for (v, name) in [(load.network_in, "NetworkIn"), (load.network_out, "NetworkOut")] {
        if !v.is_finite() || v < 0.0 {
            return Err(ApiError::invalid_parameter_value(format!("The value {v} for parameter {name} is invalid: it is bytes per second, 0 or more.")).hint(
                "Network load is given in bytes per second (e.g. 1e6 for about 1 MB/s).",
                "네트워크 부하는 초당 바이트로 지정합니다(예: 약 1 MB/s는 1e6).",
            ));
        }
    }
    workload::set_load(w, region, id, load);
    Ok(())
}
