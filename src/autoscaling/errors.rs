//! Auto Scaling's refusals: AWS's codes and messages, with what to do instead.
use crate::error::ApiError;

pub fn validation(msg: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", msg).hint(en, ko)
}

/// Update / SetDesiredCapacity / PutScalingPolicy on a group that does not exist.
pub fn group_not_found_null() -> ApiError {
    validation(
        "AutoScalingGroup name not found - null",
        "No Auto Scaling group has this name in this Region (names are case-sensitive); list them with describe_auto_scaling_groups.",
        "이 리전에 이 이름의 Auto Scaling 그룹이 없습니다(대소문자 구분). describe_auto_scaling_groups로 목록을 보세요.",
    )
}

pub fn group_not_found(name: &str) -> ApiError {
    validation(
        format!("AutoScalingGroup name not found - AutoScalingGroup '{name}' not found"),
        format!("No Auto Scaling group is named {name} in this Region; list them with describe_auto_scaling_groups."),
        format!("이 리전에 {name} Auto Scaling 그룹이 없습니다. describe_auto_scaling_groups로 목록을 보세요."),
    )
}

pub fn group_exists(name: &str) -> ApiError {
    ApiError::new("AlreadyExists", format!("AutoScalingGroup by this name already exists - A group with the name {name} already exists")).hint(
        format!("Group names are unique per Region: change {name} with update_auto_scaling_group, or choose another name."),
        format!("그룹 이름은 리전마다 고유합니다. update_auto_scaling_group으로 {name}을(를) 바꾸거나 다른 이름을 쓰세요."),
    )
}

pub fn instance_not_in_group(id: &str) -> ApiError {
    validation(
        format!("Instance Id not found - No managed instance found for instance ID: {id}"),
        format!("{id} is not a member of any Auto Scaling group (it may already be terminated and gone); see describe_auto_scaling_instances."),
        format!("{id}는 어떤 Auto Scaling 그룹에도 속하지 않습니다(이미 종료되어 빠졌을 수 있습니다). describe_auto_scaling_instances를 보세요."),
    )
}

pub fn in_progress() -> ApiError {
    ApiError::new("ScalingActivityInProgress", "The operation can't be performed because there are scaling activities in progress.").hint(
        "The group is still in its cooldown or launching/terminating from the last change. Wait (advance time) and call again, or leave HonorCooldown off.",
        "그룹이 아직 쿨다운 중이거나 지난 변경의 시작/종료가 진행 중입니다. 시간을 보낸 뒤 다시 호출하거나 HonorCooldown을 끄세요.",
    )
}
