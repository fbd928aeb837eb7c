//! ELBv2's refusals (codes from botocore's elbv2 model), each with en/ko hints.
use crate::error::ApiError;

/// `ValidationError`: a parameter value AWS rejects.
pub fn validation(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message).hint(en, ko)
}

/// `InvalidConfigurationRequest`: a well-formed request that does not fit the resources.
pub fn invalid_config(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("InvalidConfigurationRequest", message).hint(en, ko)
}

pub fn not_permitted(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("OperationNotPermitted", message).hint(en, ko)
}

pub fn lb_not_found() -> ApiError {
    ApiError::new("LoadBalancerNotFound", "One or more load balancers not found").hint(
        "Check the load balancer's ARN or name (describe_load_balancers lists them); a deleted load balancer is gone.",
        "로드 밸런서의 ARN이나 이름을 확인하세요(describe_load_balancers). 삭제된 로드 밸런서는 없습니다.",
    )
}

pub fn listener_not_found() -> ApiError {
    ApiError::new("ListenerNotFound", "One or more listeners not found").hint(
        "Check the listener ARN (describe_listeners(LoadBalancerArn=...) lists a load balancer's listeners).",
        "리스너 ARN을 확인하세요(describe_listeners(LoadBalancerArn=...)로 볼 수 있습니다).",
    )
}

pub fn rule_not_found() -> ApiError {
    ApiError::new("RuleNotFound", "One or more rules not found").hint(
        "Check the rule ARN (describe_rules(ListenerArn=...) lists a listener's rules).",
        "규칙 ARN을 확인하세요(describe_rules(ListenerArn=...)로 볼 수 있습니다).",
    )
}

pub fn tg_not_found() -> ApiError {
    ApiError::new("TargetGroupNotFound", "One or more target groups not found").hint(
        "Check the target group ARN (describe_target_groups lists them); create the group first.",
        "대상 그룹 ARN을 확인하세요(describe_target_groups). 먼저 대상 그룹을 만드세요.",
    )
}

/// A malformed ARN in a parameter (AWS checks the form before looking anything up).
pub fn bad_arn(what: &str, arn: &str) -> ApiError {
    validation(
        format!("'{arn}' is not a valid {what} ARN"),
        format!("Pass the full {what} ARN (arn:aws:elasticloadbalancing:...), as the Create or Describe call returned it."),
        format!("{what} ARN 전체(arn:aws:elasticloadbalancing:...)를 Create나 Describe 결과에 나온 그대로 넘기세요."),
    )
}
