//! CreateListener, ModifyListener, DeleteListener, DescribeListeners. Rules in `src/elb/listener.rs`.
use super::load_balancers::{page, tag_pairs};
use super::shared::Empty;
use crate::api::Tag;
use crate::elb::errors::{listener_not_found, validation};
use crate::elb::listener::{self, ListenerSpec};
use crate::elb::rules::{render_actions, ActionShape, ActionSpec};
use crate::elb::{Listener, RegionElb};
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CertificateShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    certificate_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_default: Option<bool>,
}

/// BC:elbv2/Listener.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerShape {
    listener_arn: String,
    load_balancer_arn: String,
    port: u16,
    protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificates: Option<Vec<CertificateShape>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ssl_policy: Option<String>,
    default_actions: Vec<ActionShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alpn_policy: Option<Vec<String>>,
}

pub fn render(elb: &RegionElb, l: &Listener) -> ListenerShape {
    let actions = elb.rules.get(&l.default_rule_arn).map(|r| render_actions(&r.actions)).unwrap_or_default();
    ListenerShape {
        listener_arn: l.arn.clone(),
        load_balancer_arn: l.lb_arn.clone(),
        port: l.port,
        protocol: l.protocol.clone(),
        certificates: (!l.certificates.is_empty())
            .then(|| l.certificates.iter().map(|c| CertificateShape { certificate_arn: Some(c.clone()), is_default: None }).collect()),
        ssl_policy: l.ssl_policy.clone(),
        default_actions: actions,
        alpn_policy: (!l.alpn_policy.is_empty()).then(|| l.alpn_policy.clone()),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenersResponse {
    listeners: Vec<ListenerShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_marker: Option<String>,
}

fn certificate_arns(c: Option<Vec<CertificateShape>>) -> Result<Option<Vec<String>>, ApiError> {
    c.map(|v| {
        v.into_iter()
            .map(|c| {
                c.certificate_arn.ok_or_else(|| {
                    validation("A certificate ARN must be specified", "Each certificate needs a CertificateArn.", "인증서마다 CertificateArn이 필요합니다.")
                })
            })
            .collect()
    })
    .transpose()
}

fn refuse_mutual_auth(m: &Option<serde_json::Value>) -> Result<(), ApiError> {
    if m.is_some() {
        return Err(ApiError::new("InvalidConfigurationRequest", "ec2lab does not simulate mutual TLS authentication").hint(
            "Leave MutualAuthentication out: trust stores are not simulated.",
            "MutualAuthentication을 빼세요. 트러스트 스토어는 시뮬레이션하지 않습니다.",
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateListenerRequest {
    load_balancer_arn: String,
    protocol: Option<String>,
    port: Option<i64>,
    ssl_policy: Option<String>,
    certificates: Option<Vec<CertificateShape>>,
    default_actions: Vec<ActionSpec>,
    alpn_policy: Option<Vec<String>>,
    tags: Option<Vec<Tag>>,
    mutual_authentication: Option<serde_json::Value>,
}

pub fn create_listener(w: &mut World, region: &str, r: CreateListenerRequest) -> Result<ListenersResponse, ApiError> {
    refuse_mutual_auth(&r.mutual_authentication)?;
    let spec = ListenerSpec {
        protocol: r.protocol,
        port: r.port,
        ssl_policy: r.ssl_policy,
        certificates: certificate_arns(r.certificates)?,
        alpn_policy: r.alpn_policy,
        default_actions: Some(r.default_actions),
    };
    let arn = listener::create(w, region, &r.load_balancer_arn, &spec, &tag_pairs(&r.tags))?;
    let elb = &w.region(region)?.elb;
    Ok(ListenersResponse { listeners: vec![render(elb, &elb.listeners[&arn])], next_marker: None })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyListenerRequest {
    listener_arn: String,
    port: Option<i64>,
    protocol: Option<String>,
    ssl_policy: Option<String>,
    certificates: Option<Vec<CertificateShape>>,
    default_actions: Option<Vec<ActionSpec>>,
    alpn_policy: Option<Vec<String>>,
    mutual_authentication: Option<serde_json::Value>,
}

pub fn modify_listener(w: &mut World, region: &str, r: ModifyListenerRequest) -> Result<ListenersResponse, ApiError> {
    refuse_mutual_auth(&r.mutual_authentication)?;
    let spec = ListenerSpec {
        protocol: r.protocol,
        port: r.port,
        ssl_policy: r.ssl_policy,
        certificates: certificate_arns(r.certificates)?,
        alpn_policy: r.alpn_policy,
        default_actions: r.default_actions,
    };
    listener::modify(w, region, &r.listener_arn, &spec)?;
    let elb = &w.region(region)?.elb;
    Ok(ListenersResponse { listeners: vec![render(elb, &elb.listeners[&r.listener_arn])], next_marker: None })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteListenerRequest {
    listener_arn: String,
}

pub fn delete_listener(w: &mut World, region: &str, r: DeleteListenerRequest) -> Result<Empty, ApiError> {
    listener::delete(w, region, &r.listener_arn)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeListenersRequest {
    load_balancer_arn: Option<String>,
    listener_arns: Option<Vec<String>>,
    marker: Option<String>,
    page_size: Option<i64>,
}

pub fn describe_listeners(w: &mut World, region: &str, r: DescribeListenersRequest) -> Result<ListenersResponse, ApiError> {
    let elb = &w.region(region)?.elb;
    let list: Vec<&Listener> = match (&r.load_balancer_arn, &r.listener_arns) {
        (Some(lb), None) => {
            crate::elb::load_balancer::find(elb, lb)?;
            let mut v: Vec<&Listener> = elb.listeners.values().filter(|l| &l.lb_arn == lb).collect();
            v.sort_by_key(|l| l.port);
            v
        }
        (None, Some(arns)) => arns.iter().map(|a| elb.listeners.get(a).ok_or_else(listener_not_found)).collect::<Result<_, _>>()?,
        _ => {
            return Err(validation(
                "You must specify either listener ARNs or a load balancer ARN",
                "Ask by LoadBalancerArn (all its listeners) or by ListenerArns, exactly one of them.",
                "LoadBalancerArn(그 리스너 전부)이나 ListenerArns 중 정확히 하나로 물으세요.",
            ))
        }
    };
    let (items, next_marker) = page(list, r.marker.as_deref(), r.page_size)?;
    Ok(ListenersResponse { listeners: items.into_iter().map(|l| render(elb, l)).collect(), next_marker })
}
