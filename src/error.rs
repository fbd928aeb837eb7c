//! The one error type every operation returns: the AWS code and message, plus a teaching hint.
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorKind {
    /// An error the service itself returns (botocore's `ClientError`).
    Service,
    /// A request that botocore would refuse before sending (`ParamValidationError`).
    ParamValidation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub code: String,
    pub message: String,
    pub status: u16,
    pub hint_en: String,
    pub hint_ko: String,
}

impl ApiError {
    /// A client error (HTTP 400) with AWS's code and message.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError { kind: ErrorKind::Service, code: code.to_string(), message: message.into(), status: 400, hint_en: String::new(), hint_ko: String::new() }
    }
    /// Why AWS refused, and what to do instead, in English and Korean.
    pub fn hint(mut self, en: impl Into<String>, ko: impl Into<String>) -> Self {
        self.hint_en = en.into();
        self.hint_ko = ko.into();
        self
    }
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
    pub fn param_validation(message: impl Into<String>) -> Self {
        ApiError {
            kind: ErrorKind::ParamValidation,
            code: "ParamValidation".into(),
            message: message.into(),
            status: 400,
            hint_en: "The request does not match the operation's parameter shapes; check the names and types of the arguments.".into(),
            hint_ko: "요청이 작업의 파라미터 형식과 맞지 않습니다. 인자의 이름과 타입을 확인하세요.".into(),
        }
    }
    pub fn invalid_parameter_value(message: impl Into<String>) -> Self {
        ApiError::new("InvalidParameterValue", message)
    }
    pub fn invalid_parameter_combination(message: impl Into<String>) -> Self {
        ApiError::new("InvalidParameterCombination", message)
    }
    pub fn missing_parameter(message: impl Into<String>) -> Self {
        ApiError::new("MissingParameter", message)
    }
    pub fn hint_for(&self, lang: &str) -> &str {
        if lang == "ko" {
            &self.hint_ko
        } else {
            &self.hint_en
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;
