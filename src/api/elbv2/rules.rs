//! CreateRule, ModifyRule, SetRulePriorities, DeleteRule, DescribeRules. Store rules in
//! `src/elb/rule_store.rs`; conditions and actions parsed and rendered by `src/elb/rules`.
use super::load_balancers::{page, tag_pairs};
use super::shared::Empty;
use crate::api::Tag;
use crate::elb::errors::validation;
use crate::elb::rule_store;
use crate::elb::rules::{render_actions, render_conditions, ActionShape, ActionSpec, ConditionShape, ConditionSpec};
use crate::elb::{listener, RegionElb, Rule};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

/// BC:elbv2/Rule: the priority is a string, `default` for the default rule.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleShape {
    rule_arn: String,
    priority: String,
    conditions: Vec<ConditionShape>,
    actions: Vec<ActionShape>,
    is_default: bool,
}

pub fn render(r: &Rule) -> RuleShape {
    RuleShape {
        rule_arn: r.arn.clone(),
        priority: r.priority.map(|p| p.to_string()).unwrap_or_else(|| "default".into()),
        conditions: render_conditions(&r.conditions),
        actions: render_actions(&r.actions),
        is_default: r.is_default(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RulesResponse {
    rules: Vec<RuleShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_marker: Option<String>,
}

fn refuse_transforms(t: &Option<serde_json::Value>) -> Result<(), ApiError> {
    if t.as_ref().is_some_and(|v| !v.as_array().is_some_and(|a| a.is_empty())) {
        return Err(ApiError::new("InvalidConfigurationRequest", "ec2lab does not simulate rule transforms").hint(
            "Leave Transforms out: host-header and URL rewrites are not simulated.",
            "Transforms를 빼세요. 호스트 헤더/URL 재작성은 시뮬레이션하지 않습니다.",
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateRuleRequest {
    listener_arn: String,
    conditions: Vec<ConditionSpec>,
    priority: i64,
    actions: Vec<ActionSpec>,
    tags: Option<Vec<Tag>>,
    transforms: Option<serde_json::Value>,
}

pub fn create_rule(w: &mut World, region: &str, r: CreateRuleRequest) -> Result<RulesResponse, ApiError> {
    refuse_transforms(&r.transforms)?;
    let arn = rule_store::create(w, region, &r.listener_arn, r.priority, &r.conditions, &r.actions, &tag_pairs(&r.tags))?;
    Ok(RulesResponse { rules: vec![render(&w.region(region)?.elb.rules[&arn])], next_marker: None })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyRuleRequest {
    rule_arn: String,
    conditions: Option<Vec<ConditionSpec>>,
    actions: Option<Vec<ActionSpec>>,
    transforms: Option<serde_json::Value>,
    reset_transforms: Option<bool>,
}

pub fn modify_rule(w: &mut World, region: &str, r: ModifyRuleRequest) -> Result<RulesResponse, ApiError> {
    refuse_transforms(&r.transforms)?;
    let _ = r.reset_transforms; // nothing to reset: transforms are never stored
    rule_store::modify(w, region, &r.rule_arn, r.conditions.as_deref(), r.actions.as_deref())?;
    Ok(RulesResponse { rules: vec![render(&w.region(region)?.elb.rules[&r.rule_arn])], next_marker: None })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RulePriorityPair {
    rule_arn: Option<String>,
    priority: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetRulePrioritiesRequest {
    rule_priorities: Vec<RulePriorityPair>,
}

pub fn set_rule_priorities(w: &mut World, region: &str, r: SetRulePrioritiesRequest) -> Result<RulesResponse, ApiError> {
    let pairs = r
        .rule_priorities
        .into_iter()
        .map(|p| match (p.rule_arn, p.priority) {
            (Some(a), Some(n)) => Ok((a, n)),
            _ => Err(validation(
                "Each rule priority pair needs a RuleArn and a Priority",
                "Give {RuleArn, Priority} for each rule.",
                "규칙마다 {RuleArn, Priority}를 주세요.",
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let changed = rule_store::set_priorities(w, region, &pairs)?;
    let elb = &w.region(region)?.elb;
    Ok(RulesResponse { rules: changed.iter().map(|a| render(&elb.rules[a])).collect(), next_marker: None })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteRuleRequest {
    rule_arn: String,
}

pub fn delete_rule(w: &mut World, region: &str, r: DeleteRuleRequest) -> Result<Empty, ApiError> {
    rule_store::delete(w, region, &r.rule_arn)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRulesRequest {
    listener_arn: Option<String>,
    rule_arns: Option<Vec<String>>,
    marker: Option<String>,
    page_size: Option<i64>,
}

pub fn describe_rules(w: &mut World, region: &str, r: DescribeRulesRequest) -> Result<RulesResponse, ApiError> {
    let elb: &RegionElb = &w.region(region)?.elb;
    let list: Vec<&Rule> = match (&r.listener_arn, &r.rule_arns) {
        (Some(l), None) => {
            listener::find(elb, l)?;
            rule_store::rules_of(elb, l)
        }
        (None, Some(arns)) => arns.iter().map(|a| rule_store::find(elb, a)).collect::<Result<_, _>>()?,
        _ => {
            return Err(validation(
                "You must specify either listener ARN or rule ARNs",
                "Ask by ListenerArn (all its rules, by priority) or by RuleArns, exactly one of them.",
                "ListenerArn(그 규칙 전부, 우선순위 순)이나 RuleArns 중 정확히 하나로 물으세요.",
            ))
        }
    };
    let (items, next_marker) = page(list, r.marker.as_deref(), r.page_size)?;
    Ok(RulesResponse { rules: items.into_iter().map(render).collect(), next_marker })
}
