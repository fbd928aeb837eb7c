//! CloudWatch's refusals for metrics, with what rule was broken in English and Korean.
use crate::error::ApiError;

pub fn invalid(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter_value(message).hint(en, ko)
}

pub fn combination(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter_combination(message).hint(en, ko)
}

pub fn missing(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::missing_parameter(message).hint(en, ko)
}

pub fn aws_namespace(ns: &str) -> ApiError {
    invalid(
        format!("The value {ns} for parameter Namespace is invalid."),
        "Namespaces starting with 'AWS/' are reserved for AWS services' own metrics. Put your metrics in your own namespace, e.g. 'MyApp'.",
        "'AWS/'로 시작하는 네임스페이스는 AWS 서비스 전용입니다. 'MyApp'처럼 자신의 네임스페이스를 쓰세요.",
    )
}

pub fn bad_period(at: &str, period: i64) -> ApiError {
    invalid(
        format!("The parameter {at} must be a multiple of 60 (or 1, 5, 10, 20 or 30 for high-resolution metrics); got {period}."),
        "CloudWatch periods are 1, 5, 10, 20, 30 seconds (high resolution) or a multiple of 60 seconds: 60 for 1-minute data, 300 for 5-minute data.",
        "CloudWatch 기간(Period)은 1, 5, 10, 20, 30초(고해상도) 또는 60의 배수입니다. 1분 데이터는 60, 5분 데이터는 300을 쓰세요.",
    )
}

pub fn start_after_end(start: &str, end: &str) -> ApiError {
    invalid(
        format!("The parameter {start} must be less than the parameter {end}."),
        "The time range is [StartTime, EndTime): StartTime comes first.",
        "시간 범위는 [StartTime, EndTime)입니다. StartTime이 EndTime보다 앞서야 합니다.",
    )
}
