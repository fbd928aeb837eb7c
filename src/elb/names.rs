//! Names, ARNs and DNS names (aws-facts §14.1).
use super::errors::validation;
use super::LbType;
use crate::error::ApiError;
use crate::sim::SimRng;
use crate::world::ACCOUNT_ID;

/// Names of load balancers and target groups: ≤ 32 characters (BC:elbv2/CreateLoadBalancer).
pub const MAX_NAME_LEN: usize = 32;

/// The name rules shared by load balancers and target groups; `what` is `Load balancer` or
/// `Target group` (the messages name it as AWS does).
pub fn check_name(what: &str, name: &str) -> Result<(), ApiError> {
    let (en, ko) = (
        format!("{what} names are 1 to 32 letters, digits and hyphens, without a hyphen at either end (for example web-alb)."),
        "이름은 영문자, 숫자, 하이픈으로 된 1~32자이고, 하이픈으로 시작하거나 끝날 수 없습니다(예: web-alb).".to_string(),
    );
    if name.is_empty() {
        return Err(validation(format!("{what} name cannot be empty"), en, ko));
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(validation(format!("{what} name '{name}' cannot be longer than '{MAX_NAME_LEN}' characters"), en, ko));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(validation(format!("{what} name '{name}' can only contain characters that are alphanumeric characters or hyphens(-)"), en, ko));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(validation(format!("{what} name '{name}' cannot begin or end with '-'"), en, ko));
    }
    if what == "Load balancer" && name.to_ascii_lowercase().starts_with("internal-") {
        return Err(validation(
            format!("{what} name '{name}' cannot begin with 'internal-'"),
            "AWS puts 'internal-' in front of the DNS name of internal load balancers itself; choose a name without it and set Scheme='internal'.",
            "AWS가 내부 로드 밸런서의 DNS 이름 앞에 'internal-'을 직접 붙입니다. 그 접두사 없이 이름을 짓고 Scheme='internal'을 쓰세요.",
        ));
    }
    Ok(())
}

/// 16 lower-case hex digits from the id stream (the last segment of ELB ARNs).
pub fn hex16(rng: &mut SimRng) -> String {
    format!("{:016x}", rng.id_bits() as u64)
}

fn prefix(region: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{region}:{ACCOUNT_ID}")
}

/// `arn:aws:elasticloadbalancing:<region>:<acct>:loadbalancer/app/<name>/<16 hex>`.
pub fn lb_arn(region: &str, kind: LbType, name: &str, id: &str) -> String {
    format!("{}:loadbalancer/{}/{name}/{id}", prefix(region), kind.arn_segment())
}

/// The `app/<name>/<id>` part of a load balancer ARN (listener and rule ARNs extend it; node
/// ENI descriptions are `ELB app/<name>/<id>`).
pub fn lb_path(lb_arn: &str) -> &str {
    lb_arn.split_once(":loadbalancer/").map(|(_, p)| p).unwrap_or("")
}

/// `...:listener/app/<name>/<lb id>/<16 hex>`.
pub fn listener_arn(lb_arn: &str, id: &str) -> String {
    let (head, _) = lb_arn.split_once(":loadbalancer/").unwrap_or((lb_arn, ""));
    format!("{head}:listener/{}/{id}", lb_path(lb_arn))
}

/// `...:listener-rule/app/<name>/<lb id>/<listener id>/<16 hex>`.
pub fn rule_arn(listener_arn: &str, id: &str) -> String {
    let (head, path) = listener_arn.split_once(":listener/").unwrap_or((listener_arn, ""));
    format!("{head}:listener-rule/{path}/{id}")
}

/// What an ELB ARN names: `loadbalancer`, `targetgroup`, `listener`, `listener-rule`.
pub fn arn_kind(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:aws:elasticloadbalancing:")?;
    let resource = rest.splitn(3, ':').nth(2)?;
    resource.split('/').next()
}

/// DNS names (aws-facts §14.1): ALB `<name>-<digits>.<region>.elb.amazonaws.com` (with
/// `internal-` in front for internal ones), NLB/GWLB `<name>-<16 hex>.elb.<region>.amazonaws.com`.
pub fn dns_name(rng: &mut SimRng, kind: LbType, internal: bool, name: &str, region: &str) -> String {
    let pre = if internal { "internal-" } else { "" };
    match kind {
        LbType::Application => {
            // AWS's ALB digits are a 9-10 digit number.
            let n = 100_000_000 + (rng.id_bits() as u64) % 1_900_000_000;
            format!("{pre}{name}-{n}.{region}.elb.amazonaws.com")
        }
        _ => format!("{pre}{name}-{}.elb.{region}.amazonaws.com", hex16(rng)),
    }
}

/// The Route 53 hosted zone of the load balancer's DNS name, per region and type (the ELB
/// endpoints table of the AWS General Reference).
pub fn hosted_zone_id(region: &str, kind: LbType) -> &'static str {
    let alb = kind == LbType::Application;
    match region {
        "us-east-1" => {
            if alb {
                "Z35SXDOTRQ7X7K"
            } else {
                "Z26RNL4JYFTOTI"
            }
        }
        "us-west-2" => {
            if alb {
                "Z1H1FL5HABSF5"
            } else {
                "Z18D5FSROUN65G"
            }
        }
        "eu-west-1" => {
            if alb {
                "Z32O12XQLNTSW2"
            } else {
                "Z2IFOLAFXWLO4F"
            }
        }
        "ap-northeast-2" => {
            if alb {
                "ZWKZPGTI48KDX"
            } else {
                "ZIBE1TIR4HY56"
            }
        }
        _ => {
            if alb {
                "Z35SXDOTRQ7X7K"
            } else {
                "Z26RNL4JYFTOTI"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn arns_nest() {
        let lb = lb_arn("us-east-1", LbType::Application, "web", "0123456789abcdef");
        assert_eq!(lb, "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef");
        let l = listener_arn(&lb, "1111111111111111");
        assert_eq!(l, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/1111111111111111");
        let r = rule_arn(&l, "2222222222222222");
        assert_eq!(r, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/0123456789abcdef/1111111111111111/2222222222222222");
        assert_eq!(arn_kind(&lb), Some("loadbalancer"));
        assert_eq!(arn_kind(&l), Some("listener"));
        assert_eq!(arn_kind(&r), Some("listener-rule"));
        assert_eq!(arn_kind("nope"), None);
    }
    #[test]
    fn names() {
        assert!(check_name("Load balancer", "web-alb").is_ok());
        for bad in ["", "-web", "web-", "web_alb", "internal-web", &"a".repeat(33)] {
            assert_eq!(check_name("Load balancer", bad).unwrap_err().code, "ValidationError", "{bad}");
        }
        assert!(check_name("Target group", "internal-tg").is_ok());
    }
}
