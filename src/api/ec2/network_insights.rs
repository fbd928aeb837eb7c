//! CreateNetworkInsightsPath, DescribeNetworkInsightsPaths, DeleteNetworkInsightsPath,
//! StartNetworkInsightsAnalysis, DescribeNetworkInsightsAnalyses: Reachability Analyzer's API
//! over the same evaluation as `CanConnect`.
use super::security_groups::tags_from_specs;
use crate::api::{filters, Filters, Tag, TagSpecification, Timestamp};
use crate::error::ApiError;
use crate::network::reachability::insights::{self, sg_peer, Analysis, InsightsPath, NewPath, PathStep};
use crate::network::reachability::HopKind;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

fn arn(region: &str, kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{ACCOUNT_ID}:{kind}/{id}")
}

fn resource_arn(region: &str, id: &str) -> String {
    let kind = match id.split('-').next().unwrap_or("") {
        "i" => "instance",
        "eni" => "network-interface",
        "igw" => "internet-gateway",
        "sg" => "security-group",
        "acl" => "network-acl",
        "rtb" => "route-table",
        "nat" => "natgateway",
        "subnet" => "subnet",
        "vpc" => "vpc",
        _ => "resource",
    };
    arn(region, kind, id)
}

fn tag_list(tags: Option<&Tags>) -> Vec<Tag> {
    tags.into_iter().flatten().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect()
}

fn unsupported(what: &str) -> ApiError {
    ApiError::new("Unsupported", format!("ec2lab does not simulate {what} in network insights.")).hint(
        "Leave it out: ec2lab analyses the path between the source and destination as given.",
        "빼고 호출하세요. ec2lab은 주어진 출발지와 목적지 사이의 경로만 분석합니다.",
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreatePathRequest {
    source_ip: Option<String>,
    destination_ip: Option<String>,
    source: String,
    destination: Option<String>,
    protocol: String,
    destination_port: Option<i64>,
    tag_specifications: Option<Vec<TagSpecification>>,
    client_token: Option<String>,
    filter_at_source: Option<Value>,
    filter_at_destination: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PathOut {
    network_insights_path_id: String,
    network_insights_path_arn: String,
    created_date: Timestamp,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination: Option<String>,
    source_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_ip: Option<String>,
    protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_port: Option<u16>,
    tags: Vec<Tag>,
}

fn path_out(region: &str, p: &InsightsPath, tags: Option<&Tags>) -> PathOut {
    PathOut {
        network_insights_path_id: p.id.clone(),
        network_insights_path_arn: arn(region, "network-insights-path", &p.id),
        created_date: Timestamp(p.created),
        source: p.source.clone(),
        destination: p.destination.clone(),
        source_arn: resource_arn(region, &p.source),
        destination_arn: p.destination.as_deref().map(|d| resource_arn(region, d)),
        source_ip: p.source_ip.clone(),
        destination_ip: p.destination_ip.clone(),
        protocol: p.protocol.clone(),
        destination_port: p.destination_port,
        tags: tag_list(tags),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreatePathResponse {
    network_insights_path: PathOut,
}

pub fn create_network_insights_path(w: &mut World, region: &str, r: CreatePathRequest) -> Result<CreatePathResponse, ApiError> {
    if r.filter_at_source.is_some() || r.filter_at_destination.is_some() {
        return Err(unsupported("FilterAtSource / FilterAtDestination"));
    }
    let _ = r.client_token;
    let tags = tags_from_specs(&r.tag_specifications, "network-insights-path")?;
    let spec = NewPath {
        source: &r.source,
        destination: r.destination.as_deref(),
        source_ip: r.source_ip.as_deref(),
        destination_ip: r.destination_ip.as_deref(),
        protocol: &r.protocol,
        destination_port: r.destination_port,
    };
    let id = insights::create_path(w, region, &spec)?;
    let reg = w.region_mut(region)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreatePathResponse { network_insights_path: path_out(region, &reg.network.insights.paths[&id], reg.tags.get(&id)) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribePathsRequest {
    network_insights_path_ids: Option<Vec<String>>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePathsResponse {
    network_insights_paths: Vec<PathOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct PathView<'a> {
    p: &'a InsightsPath,
    tags: Option<&'a Tags>,
}

impl FilterValues for PathView<'_> {
    const NAMES: &'static [&'static str] = &["destination", "destination-ip", "destination-port", "protocol", "source", "source-ip"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "destination" => self.p.destination.iter().cloned().collect(),
            "destination-ip" => self.p.destination_ip.iter().cloned().collect(),
            "destination-port" => self.p.destination_port.iter().map(|p| p.to_string()).collect(),
            "protocol" => vec![self.p.protocol.clone()],
            "source" => vec![self.p.source.clone()],
            "source-ip" => self.p.source_ip.iter().cloned().collect(),
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_network_insights_paths(w: &World, region: &str, r: DescribePathsRequest) -> Result<DescribePathsResponse, ApiError> {
    let reg = w.region(region)?;
    let f = filters(&r.filters);
    check_names::<PathView>(&f)?;
    for id in r.network_insights_path_ids.iter().flatten() {
        if !reg.network.insights.paths.contains_key(id) {
            return Err(insights::path_not_found(id));
        }
    }
    let mut rows = Vec::new();
    for p in reg.network.insights.paths.values() {
        if r.network_insights_path_ids.as_ref().is_some_and(|ids| !ids.contains(&p.id)) {
            continue;
        }
        let view = PathView { p, tags: reg.tags.get(&p.id) };
        if matches(&f, &view)? {
            rows.push(path_out(region, p, view.tags));
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (1, 100))?;
    Ok(DescribePathsResponse { network_insights_paths: page.items, next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeletePathRequest {
    network_insights_path_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletePathResponse {
    network_insights_path_id: String,
}

pub fn delete_network_insights_path(w: &mut World, region: &str, r: DeletePathRequest) -> Result<DeletePathResponse, ApiError> {
    insights::delete_path(w, region, &r.network_insights_path_id)?;
    w.region_mut(region)?.tags.delete(&r.network_insights_path_id, &[]);
    Ok(DeletePathResponse { network_insights_path_id: r.network_insights_path_id })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StartAnalysisRequest {
    network_insights_path_id: String,
    additional_accounts: Option<Vec<String>>,
    filter_in_arns: Option<Vec<String>>,
    filter_out_arns: Option<Vec<String>>,
    tag_specifications: Option<Vec<TagSpecification>>,
    client_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ComponentOut {
    id: String,
    arn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRangeOut {
    from: i32,
    to: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AclRuleOut {
    cidr: String,
    egress: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    port_range: Option<PortRangeOut>,
    protocol: String,
    rule_action: String,
    rule_number: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SgRuleOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr: Option<String>,
    direction: String,
    security_group_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    port_range: Option<PortRangeOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix_list_id: Option<String>,
    protocol: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteOut {
    destination_cidr: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_interface_id: Option<String>,
    state: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PathComponentOut {
    sequence_number: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    acl_rule: Option<AclRuleOut>,
    component: ComponentOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    route_table_route: Option<RouteOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_group_rule: Option<SgRuleOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExplanationOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    acl: Option<ComponentOut>,
    component: ComponentOut,
    direction: String,
    explanation_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    route_table: Option<ComponentOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_group: Option<ComponentOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AnalysisOut {
    network_insights_analysis_id: String,
    network_insights_analysis_arn: String,
    network_insights_path_id: String,
    start_date: Timestamp,
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_path_found: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forward_path_components: Option<Vec<PathComponentOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_path_components: Option<Vec<PathComponentOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanations: Option<Vec<ExplanationOut>>,
    tags: Vec<Tag>,
}

fn component(region: &str, id: &str) -> ComponentOut {
    ComponentOut { id: id.to_string(), arn: resource_arn(region, id) }
}

fn ports(from: i32, to: i32) -> Option<PortRangeOut> {
    (from >= 0).then_some(PortRangeOut { from, to })
}

fn step_out(region: &str, i: usize, s: &PathStep) -> PathComponentOut {
    let id = if s.component.is_empty() { "internet".to_string() } else { s.component.clone() };
    PathComponentOut {
        sequence_number: i + 1,
        acl_rule: s.acl_rule.as_ref().map(|e| AclRuleOut {
            cidr: match e.block {
                crate::network::nacls::Block::V4(c) => c.to_string(),
                crate::network::nacls::Block::V6(c) => c.to_string(),
            },
            egress: e.egress,
            port_range: e.ports.map(|(f, t)| PortRangeOut { from: f as i32, to: t as i32 }),
            protocol: e.protocol.to_string(),
            rule_action: e.action.wire().to_string(),
            rule_number: e.rule_number as i32,
        }),
        component: component(region, &id),
        route_table_route: s.route.as_ref().map(|(dest, target)| RouteOut {
            destination_cidr: dest.clone(),
            gateway_id: (target == "local" || target.starts_with("igw-")).then(|| target.clone()),
            nat_gateway_id: target.starts_with("nat-").then(|| target.clone()),
            network_interface_id: target.starts_with("eni-").then(|| target.clone()),
            state: "active".into(),
        }),
        security_group_rule: s.sg_rule.as_ref().map(|(g, r, egress)| {
            let (cidr, pl) = sg_peer(r);
            SgRuleOut {
                cidr,
                direction: if *egress { "egress".into() } else { "ingress".into() },
                security_group_id: g.clone(),
                port_range: if r.protocol.has_ports() { ports(r.from_port, r.to_port) } else { None },
                prefix_list_id: pl,
                protocol: r.protocol.wire(),
            }
        }),
    }
}

fn analysis_out(region: &str, a: &Analysis, now: u64, tags: Option<&Tags>) -> AnalysisOut {
    let done = a.status(now) == "succeeded";
    let explanations = a.explanation.as_ref().map(|(code, kind, id, dir)| {
        let c = || Some(component(region, id));
        vec![ExplanationOut {
            acl: if matches!(kind, HopKind::NetworkAclInbound | HopKind::NetworkAclOutbound) { c() } else { None },
            component: component(region, if id.is_empty() { "internet" } else { id }),
            direction: dir.to_string(),
            explanation_code: code.clone(),
            route_table: if matches!(kind, HopKind::RouteTable) { c() } else { None },
            security_group: if matches!(kind, HopKind::SecurityGroupIngress | HopKind::SecurityGroupEgress) { c() } else { None },
        }]
    });
    AnalysisOut {
        network_insights_analysis_id: a.id.clone(),
        network_insights_analysis_arn: arn(region, "network-insights-analysis", &a.id),
        network_insights_path_id: a.path_id.clone(),
        start_date: Timestamp(a.started),
        status: a.status(now).to_string(),
        network_path_found: done.then_some(a.found),
        forward_path_components: done.then(|| a.forward.iter().enumerate().map(|(i, s)| step_out(region, i, s)).collect()),
        return_path_components: (done && a.found).then(|| a.ret.iter().enumerate().map(|(i, s)| step_out(region, i, s)).collect()),
        explanations: if done { explanations } else { None },
        tags: tag_list(tags),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartAnalysisResponse {
    network_insights_analysis: AnalysisOut,
}

pub fn start_network_insights_analysis(w: &mut World, region: &str, r: StartAnalysisRequest) -> Result<StartAnalysisResponse, ApiError> {
    if r.additional_accounts.as_ref().is_some_and(|v| !v.is_empty()) {
        return Err(unsupported("AdditionalAccounts"));
    }
    if r.filter_in_arns.as_ref().is_some_and(|v| !v.is_empty()) || r.filter_out_arns.as_ref().is_some_and(|v| !v.is_empty()) {
        return Err(unsupported("FilterInArns / FilterOutArns"));
    }
    let _ = r.client_token;
    let tags = tags_from_specs(&r.tag_specifications, "network-insights-analysis")?;
    let id = insights::start_analysis(w, region, &r.network_insights_path_id)?;
    let now = w.now();
    let reg = w.region_mut(region)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(StartAnalysisResponse { network_insights_analysis: analysis_out(region, &reg.network.insights.analyses[&id], now, reg.tags.get(&id)) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAnalysesRequest {
    network_insights_analysis_ids: Option<Vec<String>>,
    network_insights_path_id: Option<String>,
    analysis_start_time: Option<Value>,
    analysis_end_time: Option<Value>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAnalysesResponse {
    network_insights_analyses: Vec<AnalysisOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct AnalysisView<'a> {
    a: &'a Analysis,
    now: u64,
    tags: Option<&'a Tags>,
}

impl FilterValues for AnalysisView<'_> {
    const NAMES: &'static [&'static str] = &["path-found", "status"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "path-found" => (self.a.status(self.now) == "succeeded").then(|| self.a.found.to_string()).into_iter().collect(),
            "status" => vec![self.a.status(self.now).to_string()],
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_network_insights_analyses(w: &World, region: &str, r: DescribeAnalysesRequest) -> Result<DescribeAnalysesResponse, ApiError> {
    let reg = w.region(region)?;
    let now = w.now();
    let f = filters(&r.filters);
    check_names::<AnalysisView>(&f)?;
    if r.analysis_start_time.is_some() || r.analysis_end_time.is_some() {
        return Err(unsupported("AnalysisStartTime / AnalysisEndTime"));
    }
    if let Some(p) = &r.network_insights_path_id {
        if !reg.network.insights.paths.contains_key(p) {
            return Err(insights::path_not_found(p));
        }
    }
    for id in r.network_insights_analysis_ids.iter().flatten() {
        if !reg.network.insights.analyses.contains_key(id) {
            return Err(insights::analysis_not_found(id));
        }
    }
    let mut rows = Vec::new();
    for a in reg.network.insights.analyses.values() {
        if r.network_insights_analysis_ids.as_ref().is_some_and(|ids| !ids.contains(&a.id))
            || r.network_insights_path_id.as_ref().is_some_and(|p| p != &a.path_id)
        {
            continue;
        }
        let view = AnalysisView { a, now, tags: reg.tags.get(&a.id) };
        if matches(&f, &view)? {
            rows.push(analysis_out(region, a, now, view.tags));
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (1, 100))?;
    Ok(DescribeAnalysesResponse { network_insights_analyses: page.items, next_token: page.next_token })
}
