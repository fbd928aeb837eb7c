//! Rules of a listener: create, modify, priorities, delete, quotas (aws-facts §14.2).
//! Conditions and actions are parsed by `rules` (one place); this file keeps the store's
//! invariants: priorities 1-50000 unique per listener, one default rule per listener that
//! cannot be deleted, changed here or reordered, at most 100 rules per load balancer.
use super::errors::{not_permitted, rule_not_found, validation};
use super::rules::{self, ActionSpec, ConditionSpec};
use super::{listener, names, LbType, RegionElb, Rule};
use crate::error::ApiError;
use crate::world::World;

pub const MIN_PRIORITY: i64 = 1;
pub const MAX_PRIORITY: i64 = 50_000;
/// Rules per Application Load Balancer, default rules not counted (ALB:load-balancer-limits).
pub const MAX_RULES_PER_LB: usize = 100;

pub fn find<'e>(elb: &'e RegionElb, arn: &str) -> Result<&'e Rule, ApiError> {
    elb.rules.get(arn).ok_or_else(rule_not_found)
}

/// A listener's rules in evaluation order: by priority, the default rule last.
pub fn rules_of<'e>(elb: &'e RegionElb, listener_arn: &str) -> Vec<&'e Rule> {
    let mut v: Vec<&Rule> = elb.rules.values().filter(|r| r.listener_arn == listener_arn).collect();
    v.sort_by_key(|r| r.priority.unwrap_or(u32::MAX));
    v
}

fn check_priority(p: i64) -> Result<u32, ApiError> {
    if !(MIN_PRIORITY..=MAX_PRIORITY).contains(&p) {
        return Err(validation(
            format!("1 validation error detected: Value '{p}' at 'priority' failed to satisfy constraint: Member must have value between {MIN_PRIORITY} and {MAX_PRIORITY}"),
            "Rule priorities are 1-50000; lower numbers are evaluated first (the default rule always comes last).",
            "규칙 우선순위는 1~50000이며, 작은 수부터 평가합니다(기본 규칙은 항상 마지막).",
        ));
    }
    Ok(p as u32)
}

fn in_use(p: u32) -> ApiError {
    ApiError::new("PriorityInUse", format!("Priority '{p}' is currently in use")).hint(
        format!("Another rule of this listener has priority {p}; priorities are unique per listener. Pick a free number or move the other rule (set_rule_priorities)."),
        format!("이 리스너의 다른 규칙이 우선순위 {p}를 씁니다. 우선순위는 리스너마다 고유합니다. 빈 번호를 고르거나 다른 규칙을 옮기세요(set_rule_priorities)."),
    )
}

fn default_rule(arn: &str, what: &str) -> ApiError {
    not_permitted(
        format!("Default rule '{arn}' cannot be {what}"),
        "The default rule belongs to its listener: it has no conditions and always comes last. Change its actions with modify_listener(DefaultActions=...); it goes away with the listener.",
        "기본 규칙은 리스너의 일부입니다. 조건이 없고 항상 마지막에 평가됩니다. 작업은 modify_listener(DefaultActions=...)로 바꾸고, 리스너와 함께 사라집니다.",
    )
}

fn parse_conditions(specs: &[ConditionSpec]) -> Result<Vec<super::Condition>, ApiError> {
    if specs.is_empty() {
        return Err(validation(
            "A rule must have at least one condition",
            "A rule that is not the default needs a condition (path-pattern, host-header, ...); what matches nothing else goes to the listener's default action.",
            "기본 규칙이 아닌 규칙에는 조건(path-pattern, host-header 등)이 필요합니다. 다른 규칙에 맞지 않는 요청은 리스너의 기본 작업으로 갑니다.",
        ));
    }
    rules::parse_conditions(specs)
}

/// The listener of a rule must belong to an Application Load Balancer.
fn check_listener_takes_rules(elb: &RegionElb, listener_arn: &str) -> Result<(), ApiError> {
    let l = listener::find(elb, listener_arn)?;
    let lb = super::load_balancer::find(elb, &l.lb_arn)?;
    if lb.kind != LbType::Application {
        return Err(super::errors::invalid_config(
            format!("Rules are not supported for listeners of load balancers of type '{}'", lb.kind.name()),
            "Only Application Load Balancer listeners have rules; an NLB or GWLB listener only has its default action.",
            "규칙은 Application Load Balancer 리스너에만 있습니다. NLB와 GWLB 리스너에는 기본 작업만 있습니다.",
        ));
    }
    Ok(())
}

/// CreateRule: returns the new rule's ARN.
pub fn create(
    w: &mut World,
    region: &str,
    listener_arn: &str,
    priority: i64,
    conditions: &[ConditionSpec],
    actions: &[ActionSpec],
    tags: &[(String, String)],
) -> Result<String, ApiError> {
    let r = w.region(region)?;
    let elb = &r.elb;
    check_listener_takes_rules(elb, listener_arn)?;
    let l = listener::find(elb, listener_arn)?;
    let priority = check_priority(priority)?;
    let conditions = parse_conditions(conditions)?;
    let actions = listener::parse_actions(elb, &l.lb_arn, &l.protocol, actions)?;
    super::tags::check_new(tags)?;
    if elb.rules.values().any(|x| x.listener_arn == listener_arn && x.priority == Some(priority)) {
        return Err(in_use(priority));
    }
    let lb_listeners: Vec<&str> = elb.listeners.values().filter(|x| x.lb_arn == l.lb_arn).map(|x| x.arn.as_str()).collect();
    let count = elb.rules.values().filter(|x| !x.is_default() && lb_listeners.contains(&x.listener_arn.as_str())).count();
    if count >= MAX_RULES_PER_LB {
        return Err(ApiError::new("TooManyRules", "You've reached the limit on the number of rules per load balancer").hint(
            format!("An Application Load Balancer has at most {MAX_RULES_PER_LB} rules (default rules not counted). Merge rules (up to 5 condition values each) or delete unused ones."),
            format!("Application Load Balancer의 규칙은 최대 {MAX_RULES_PER_LB}개입니다(기본 규칙 제외). 규칙을 합치거나(조건 값 최대 5개) 쓰지 않는 규칙을 지우세요."),
        ));
    }
    let arn = names::rule_arn(listener_arn, &names::hex16(&mut w.rng));
    let r = w.region_mut(region)?;
    r.elb.rules.insert(arn.clone(), Rule { arn: arn.clone(), listener_arn: listener_arn.to_string(), priority: Some(priority), conditions, actions });
    if !tags.is_empty() {
        r.tags.set(&arn, tags);
    }
    Ok(arn)
}

/// ModifyRule: what is given replaces what was (whole lists); the default rule is refused.
pub fn modify(w: &mut World, region: &str, arn: &str, conditions: Option<&[ConditionSpec]>, actions: Option<&[ActionSpec]>) -> Result<(), ApiError> {
    let r = w.region(region)?;
    let rule = find(&r.elb, arn)?;
    if rule.is_default() {
        return Err(default_rule(arn, "modified"));
    }
    let l = listener::find(&r.elb, &rule.listener_arn)?;
    let conditions = conditions.map(parse_conditions).transpose()?;
    let actions = actions.map(|a| listener::parse_actions(&r.elb, &l.lb_arn, &l.protocol, a)).transpose()?;
    let rule = w.region_mut(region)?.elb.rules.get_mut(arn).expect("checked");
    if let Some(c) = conditions {
        rule.conditions = c;
    }
    if let Some(a) = actions {
        rule.actions = a;
    }
    Ok(())
}

/// SetRulePriorities: all pairs checked against the listener's priorities after the change
/// (rules may swap places in one call), then applied. Returns the rules changed, in order.
pub fn set_priorities(w: &mut World, region: &str, pairs: &[(String, i64)]) -> Result<Vec<String>, ApiError> {
    let r = w.region(region)?;
    let elb = &r.elb;
    if pairs.is_empty() {
        return Err(validation("Rule priorities cannot be empty", "Give at least one {RuleArn, Priority} pair.", "{RuleArn, Priority} 쌍을 하나 이상 주세요."));
    }
    let mut planned: Vec<(String, u32)> = Vec::new();
    for (arn, p) in pairs {
        let rule = find(elb, arn)?;
        if rule.is_default() {
            return Err(default_rule(arn, "reprioritized"));
        }
        let p = check_priority(*p)?;
        if planned.iter().any(|(a, _)| a == arn) {
            return Err(validation(format!("Rule '{arn}' is specified more than once"), "Give each rule once per call.", "규칙마다 한 번만 주세요."));
        }
        planned.push((arn.clone(), p));
    }
    // The priority each rule will have after the call, per listener.
    let after = |rule: &Rule| planned.iter().find(|(a, _)| *a == rule.arn).map(|(_, p)| *p).or(rule.priority);
    for (arn, p) in &planned {
        let listener_arn = &elb.rules[arn].listener_arn;
        if elb.rules.values().any(|o| o.arn != *arn && &o.listener_arn == listener_arn && after(o) == Some(*p)) {
            return Err(in_use(*p));
        }
    }
    let r = w.region_mut(region)?;
    for (arn, p) in &planned {
        r.elb.rules.get_mut(arn).expect("checked").priority = Some(*p);
    }
    Ok(planned.into_iter().map(|(a, _)| a).collect())
}

/// DeleteRule: never the default rule.
pub fn delete(w: &mut World, region: &str, arn: &str) -> Result<(), ApiError> {
    let r = w.region_mut(region)?;
    let rule = find(&r.elb, arn)?;
    if rule.is_default() {
        return Err(default_rule(arn, "deleted"));
    }
    r.elb.rules.remove(arn);
    r.tags.forget(arn);
    Ok(())
}
