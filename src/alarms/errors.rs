//! CloudWatch's refusals (codes from BC:cw), each with an English and a Korean hint.
use crate::error::ApiError;

pub fn validation(msg: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", msg).hint(en, ko)
}

pub fn invalid_value(msg: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter_value(msg).hint(en, ko)
}

pub fn alarm_not_found(name: &str) -> ApiError {
    ApiError::new("ResourceNotFound", format!("Alarm {name} not found")).status(404).hint(
        format!("There is no alarm named '{name}' in this region; check DescribeAlarms (names are case-sensitive)."),
        format!("이 리전에 '{name}' 알람이 없습니다. DescribeAlarms로 확인하세요(이름은 대소문자를 구분합니다)."),
    )
}

pub fn limit_exceeded(max: usize) -> ApiError {
    ApiError::new("LimitExceeded", format!("The maximum allowed number of alarms ({max}) has been reached.")).hint(
        format!("An account has at most {max} alarms per region; delete alarms you no longer need."),
        format!("계정당 리전마다 알람은 최대 {max}개입니다. 필요 없는 알람을 지우세요."),
    )
}
