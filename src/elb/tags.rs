//! Tags on any ELB resource (load balancers, target groups, listeners, rules), kept in the
//! region's tag store under the resource's ARN, with ELB's limits and error codes.
use super::errors::{lb_not_found, listener_not_found, rule_not_found, tg_not_found, validation};
use super::{names, RegionElb};
use crate::error::ApiError;
use crate::world::World;

/// Tags per ELB resource, and resources per AddTags/RemoveTags/DescribeTags call.
pub const MAX_TAGS: usize = 50;
pub const MAX_RESOURCES_PER_CALL: usize = 20;

/// Checks the tags of one request: key 1-128, value ≤ 256, no `aws:` keys, no key twice.
pub fn check_new(tags: &[(String, String)]) -> Result<(), ApiError> {
    for (i, (k, v)) in tags.iter().enumerate() {
        if k.is_empty() || k.chars().count() > 128 {
            return Err(validation(
                format!("Tag key '{k}' must be between 1 and 128 characters long"),
                "Tag keys are 1 to 128 characters.",
                "태그 키는 1~128자여야 합니다.",
            ));
        }
        if v.chars().count() > 256 {
            return Err(validation(
                format!("Tag value for key '{k}' cannot be longer than 256 characters"),
                "Tag values are at most 256 characters.",
                "태그 값은 최대 256자입니다.",
            ));
        }
        if k.to_ascii_lowercase().starts_with("aws:") {
            return Err(validation(
                format!("Tag key '{k}' cannot start with the reserved prefix 'aws:'"),
                "The aws: prefix is reserved for AWS; choose another key.",
                "aws: 접두사는 AWS 전용입니다. 다른 키를 쓰세요.",
            ));
        }
        if tags[..i].iter().any(|(o, _)| o == k) {
            return Err(ApiError::new("DuplicateTagKeys", format!("Tag key '{k}' specified more than once")).hint(
                "Each key may appear once per request; to change a value, give the key once with the new value.",
                "요청 하나에 키는 한 번만 쓸 수 있습니다. 값을 바꾸려면 키를 한 번만 새 값과 함께 주세요.",
            ));
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(too_many());
    }
    Ok(())
}

fn too_many() -> ApiError {
    ApiError::new("TooManyTags", "The quota for the number of tags that can be assigned to a load balancer has been reached").hint(
        "An ELB resource holds at most 50 tags; remove some (remove_tags) before adding more.",
        "ELB 리소스에는 태그를 최대 50개까지 달 수 있습니다. 먼저 일부를 지우세요(remove_tags).",
    )
}

/// The resource an ARN names exists (load balancer, target group, listener or rule), else the
/// not-found error of its kind.
pub fn check_resource(elb: &RegionElb, arn: &str) -> Result<(), ApiError> {
    let found = match names::arn_kind(arn) {
        Some("loadbalancer") => elb.load_balancers.contains_key(arn).then_some(()).ok_or_else(lb_not_found),
        Some("targetgroup") => elb.target_groups.contains_key(arn).then_some(()).ok_or_else(tg_not_found),
        Some("listener") => elb.listeners.contains_key(arn).then_some(()).ok_or_else(listener_not_found),
        Some("listener-rule") => elb.rules.contains_key(arn).then_some(()).ok_or_else(rule_not_found),
        _ => Err(validation(
            format!("'{arn}' is not a valid Elastic Load Balancing resource ARN"),
            "Give the ARN of a load balancer, target group, listener or rule (arn:aws:elasticloadbalancing:...).",
            "로드 밸런서, 대상 그룹, 리스너, 규칙의 ARN(arn:aws:elasticloadbalancing:...)을 주세요.",
        )),
    };
    found
}

fn check_arns(arns: &[String]) -> Result<(), ApiError> {
    if arns.len() > MAX_RESOURCES_PER_CALL {
        return Err(validation(
            format!("1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to {MAX_RESOURCES_PER_CALL}"),
            "Give at most 20 resource ARNs per call.",
            "호출마다 리소스 ARN은 최대 20개입니다.",
        ));
    }
    Ok(())
}

/// AddTags: every resource exists and stays within 50 tags, or nothing changes.
pub fn add(w: &mut World, region: &str, arns: &[String], tags: &[(String, String)]) -> Result<(), ApiError> {
    check_arns(arns)?;
    check_new(tags)?;
    let r = w.region(region)?;
    for arn in arns {
        check_resource(&r.elb, arn)?;
        let mut merged = r.tags.of(arn);
        merged.extend(tags.iter().cloned());
        if merged.len() > MAX_TAGS {
            return Err(too_many());
        }
    }
    let r = w.region_mut(region)?;
    for arn in arns {
        r.tags.set(arn, tags);
    }
    Ok(())
}

/// RemoveTags: keys that are not there are ignored.
pub fn remove(w: &mut World, region: &str, arns: &[String], keys: &[String]) -> Result<(), ApiError> {
    check_arns(arns)?;
    let r = w.region(region)?;
    for arn in arns {
        check_resource(&r.elb, arn)?;
    }
    let keys: Vec<(String, Option<String>)> = keys.iter().map(|k| (k.clone(), None)).collect();
    let r = w.region_mut(region)?;
    for arn in arns {
        if !keys.is_empty() {
            r.tags.delete(arn, &keys);
        }
    }
    Ok(())
}

/// One resource's tags, sorted by key.
pub type Described = (String, Vec<(String, String)>);

/// DescribeTags: each resource's tags (sorted by key), in the order asked.
pub fn describe(w: &World, region: &str, arns: &[String]) -> Result<Vec<Described>, ApiError> {
    check_arns(arns)?;
    let r = w.region(region)?;
    arns.iter()
        .map(|arn| {
            check_resource(&r.elb, arn)?;
            Ok((arn.clone(), r.tags.of(arn).into_iter().collect()))
        })
        .collect()
}
