//! Spot: RequestSpotInstances, DescribeSpotInstanceRequests, CancelSpotInstanceRequests,
//! DescribeSpotPriceHistory, and the InstanceMarketOptions member of RunInstances. Rules live in
//! `src/purchase`.
use super::instance_shape::{tag_list, TagShape};
use crate::api::{filters, Filters, TagSpecification, Timestamp};
use crate::compute::LaunchSpec;
use crate::error::ApiError;
use crate::monitoring::time::TimeIn;
use crate::purchase::price::Market;
use crate::purchase::spot::{self, fmt_price, SpotOptions, SpotRequest};
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::sim::Millis;
use crate::tags::Tags;
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SpotMarketOptionsRequest {
    max_price: Option<String>,
    spot_instance_type: Option<String>,
    block_duration_minutes: Option<i64>,
    valid_until: Option<TimeIn>,
    instance_interruption_behavior: Option<String>,
}

/// RunInstances' InstanceMarketOptions.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceMarketOptionsRequest {
    market_type: Option<String>,
    spot_options: Option<SpotMarketOptionsRequest>,
}

impl InstanceMarketOptionsRequest {
    /// The Spot options, or None for an on-demand launch (no MarketType).
    pub fn spot(self) -> Result<Option<SpotOptions>, ApiError> {
        match self.market_type.as_deref() {
            Some("spot") => {}
            None if self.spot_options.is_none() => return Ok(None),
            None => {}
            Some(m) => {
                return Err(ApiError::invalid_parameter_value(format!("Invalid value '{m}' for MarketType. Expecting 'spot' or 'capacity-block'.")).hint(
                    "InstanceMarketOptions.MarketType is 'spot' for a Spot Instance (capacity blocks are not simulated).",
                    "InstanceMarketOptions.MarketType은 스팟 인스턴스면 'spot'입니다(capacity block은 미지원).",
                ))
            }
        }
        let s = self.spot_options.unwrap_or(SpotMarketOptionsRequest {
            max_price: None,
            spot_instance_type: None,
            block_duration_minutes: None,
            valid_until: None,
            instance_interruption_behavior: None,
        });
        Ok(Some(SpotOptions {
            max_price: s.max_price,
            kind: s.spot_instance_type,
            behavior: s.instance_interruption_behavior,
            valid_from: None,
            valid_until: s.valid_until.map(|t| t.0),
            block_duration_minutes: s.block_duration_minutes,
            launch_group: None,
            az_group: None,
        }))
    }
}

/// RunInstances with Spot market options (called by `instances::run_instances`).
pub fn run_spot(w: &mut World, region: &str, spec: &LaunchSpec, o: &SpotOptions) -> Result<(String, Vec<String>), ApiError> {
    spot::run_spot_instances(w, region, spec, o)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RequestSpotInstancesRequest {
    launch_specification: Option<Map<String, Value>>,
    tag_specifications: Option<Vec<TagSpecification>>,
    instance_interruption_behavior: Option<String>,
    spot_price: Option<String>,
    client_token: Option<String>,
    instance_count: Option<i64>,
    #[serde(rename = "Type")]
    kind: Option<String>,
    valid_from: Option<TimeIn>,
    valid_until: Option<TimeIn>,
    launch_group: Option<String>,
    availability_zone_group: Option<String>,
    block_duration_minutes: Option<i64>,
}

/// RequestSpotLaunchSpecification → the members RunInstances knows (the parser and checks of
/// RunInstances then apply unchanged).
fn launch_spec(mut m: Map<String, Value>) -> Result<LaunchSpec, ApiError> {
    m.remove("AddressingType");
    if !m.contains_key("ImageId") {
        return Err(ApiError::missing_parameter("The request must contain the parameter LaunchSpecification.ImageId").hint(
            "A Spot request launches from an AMI like any launch: LaunchSpecification={'ImageId': ..., 'InstanceType': ...}.",
            "스팟 요청도 AMI로 시작합니다: LaunchSpecification={'ImageId': ..., 'InstanceType': ...}.",
        ));
    }
    m.insert("MinCount".into(), Value::from(1));
    m.insert("MaxCount".into(), Value::from(1));
    let r: super::instances::RunInstancesRequest = serde_json::from_value(Value::Object(m))
        .map_err(|e| ApiError::param_validation(format!("Parameter validation failed:\nInvalid LaunchSpecification: {e}")))?;
    r.launch_spec()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RequestSpotInstancesResponse {
    spot_instance_requests: Vec<SpotRequestShape>,
}

pub fn request_spot_instances(w: &mut World, region: &str, r: RequestSpotInstancesRequest) -> Result<RequestSpotInstancesResponse, ApiError> {
    let _ = &r.client_token;
    let spec = launch_spec(r.launch_specification.ok_or_else(|| {
        ApiError::missing_parameter("The request must contain the parameter LaunchSpecification").hint(
            "Say what to launch: LaunchSpecification={'ImageId': ..., 'InstanceType': ...}.",
            "무엇을 시작할지 지정하세요: LaunchSpecification={'ImageId': ..., 'InstanceType': ...}.",
        )
    })?)?;
    let mut tags = Vec::new();
    for s in r.tag_specifications.unwrap_or_default() {
        let rt = s.resource_type.unwrap_or_default();
        if rt != "spot-instances-request" {
            return Err(ApiError::invalid_parameter_value(format!("'{rt}' is not a valid taggable resource type for this operation.")).hint(
                "RequestSpotInstances tags the request itself: ResourceType='spot-instances-request'. Tag the instance after it launches.",
                "RequestSpotInstances는 요청 자체에 태그를 붙입니다: ResourceType='spot-instances-request'. 인스턴스는 시작된 뒤 태그하세요.",
            ));
        }
        tags.extend(s.tags.into_iter().map(|t| (t.key, t.value)));
    }
    let o = SpotOptions {
        max_price: r.spot_price,
        kind: r.kind,
        behavior: r.instance_interruption_behavior,
        valid_from: r.valid_from.map(|t| t.0),
        valid_until: r.valid_until.map(|t| t.0),
        block_duration_minutes: r.block_duration_minutes,
        launch_group: r.launch_group,
        az_group: r.availability_zone_group,
    };
    let ids = spot::request(w, region, spec, &o, r.instance_count.unwrap_or(1), &tags)?;
    let reg = w.region(region)?;
    Ok(RequestSpotInstancesResponse { spot_instance_requests: ids.iter().map(|id| render(reg, &reg.purchase.spot_requests[id])).collect() })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusShape {
    code: String,
    message: String,
    update_time: Timestamp,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SpotPlacementShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone: Option<String>,
    tenancy: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifierShape {
    group_name: String,
    group_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MonitoringShape {
    enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchSpecShape {
    image_id: String,
    instance_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_name: Option<String>,
    placement: SpotPlacementShape,
    security_groups: Vec<GroupIdentifierShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subnet_id: Option<String>,
    monitoring: MonitoringShape,
    ebs_optimized: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_data: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SpotRequestShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone_group: Option<String>,
    create_time: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    launch_group: Option<String>,
    launch_specification: LaunchSpecShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    launched_availability_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    launched_availability_zone_id: Option<String>,
    product_description: String,
    spot_instance_request_id: String,
    spot_price: String,
    state: String,
    status: StatusShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    #[serde(rename = "Type")]
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<Timestamp>,
    instance_interruption_behavior: String,
}

fn render(reg: &Region, q: &SpotRequest) -> SpotRequestShape {
    let s = &q.spec;
    let mut groups: Vec<GroupIdentifierShape> = s
        .security_group_ids
        .iter()
        .map(|g| GroupIdentifierShape { group_id: g.clone(), group_name: reg.network.security_groups.get(g).map(|x| x.name.clone()).unwrap_or_default() })
        .collect();
    for name in &s.security_group_names {
        if let Some(g) = reg.network.security_groups.values().find(|g| &g.name == name) {
            groups.push(GroupIdentifierShape { group_id: g.id.clone(), group_name: name.clone() });
        }
    }
    SpotRequestShape {
        availability_zone_group: q.az_group.clone(),
        create_time: Timestamp(q.create_time),
        instance_id: q.instance_id.clone(),
        launch_group: q.launch_group.clone(),
        launch_specification: LaunchSpecShape {
            image_id: s.image_id.clone(),
            instance_type: s.instance_type.clone().unwrap_or_else(|| "m1.small".into()),
            key_name: s.key_name.clone(),
            placement: SpotPlacementShape { availability_zone: s.availability_zone.clone(), tenancy: s.tenancy.clone().unwrap_or_else(|| "default".into()) },
            security_groups: groups,
            subnet_id: s.subnet_id.clone(),
            monitoring: MonitoringShape { enabled: s.monitoring },
            ebs_optimized: s.ebs_optimized.unwrap_or(false),
            user_data: s.user_data.clone(),
        },
        launched_availability_zone: q.launched_az.clone(),
        launched_availability_zone_id: q.launched_az.as_ref().and_then(|z| reg.info.zone(z)).map(|z| z.id),
        product_description: q.product_description.clone(),
        spot_instance_request_id: q.id.clone(),
        spot_price: fmt_price(q.max_price),
        state: q.state.clone(),
        status: StatusShape { code: q.status_code.clone(), message: q.status_message.clone(), update_time: Timestamp(q.status_time) },
        tags: tag_list(reg.tags.get(&q.id)),
        kind: q.kind.as_str().into(),
        valid_from: q.valid_from.map(Timestamp),
        valid_until: q.valid_until.map(Timestamp),
        instance_interruption_behavior: q.behavior.as_str().into(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSpotInstanceRequestsRequest {
    spot_instance_request_ids: Option<Vec<String>>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSpotInstanceRequestsResponse {
    spot_instance_requests: Vec<SpotRequestShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct RequestFilter<'a> {
    q: &'a SpotRequest,
    tags: Option<&'a Tags>,
}

impl FilterValues for RequestFilter<'_> {
    const NAMES: &'static [&'static str] = &[
        "spot-instance-request-id",
        "state",
        "status-code",
        "status-message",
        "type",
        "instance-id",
        "launched-availability-zone",
        "product-description",
        "spot-price",
        "launch.instance-type",
        "launch.image-id",
        "launch.key-name",
        "launch.group-id",
        "launch.monitoring-enabled",
        "availability-zone-group",
        "launch-group",
        "create-time",
        "valid-from",
        "valid-until",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let q = self.q;
        let one = |s: String| Some(vec![s]);
        let opt = |s: Option<String>| Some(s.into_iter().collect());
        let t = |m: Option<Millis>| Some(m.map(crate::sim::clock::iso8601).into_iter().collect());
        match name {
            "spot-instance-request-id" => one(q.id.clone()),
            "state" => one(q.state.clone()),
            "status-code" => one(q.status_code.clone()),
            "status-message" => one(q.status_message.clone()),
            "type" => one(q.kind.as_str().into()),
            "instance-id" => opt(q.instance_id.clone()),
            "launched-availability-zone" => opt(q.launched_az.clone()),
            "product-description" => one(q.product_description.clone()),
            "spot-price" => one(fmt_price(q.max_price)),
            "launch.instance-type" => opt(q.spec.instance_type.clone()),
            "launch.image-id" => one(q.spec.image_id.clone()),
            "launch.key-name" => opt(q.spec.key_name.clone()),
            "launch.group-id" => Some(q.spec.security_group_ids.clone()),
            "launch.monitoring-enabled" => one(q.spec.monitoring.to_string()),
            "availability-zone-group" => opt(q.az_group.clone()),
            "launch-group" => opt(q.launch_group.clone()),
            "create-time" => t(Some(q.create_time)),
            "valid-from" => t(q.valid_from),
            "valid-until" => t(q.valid_until),
            _ => None,
        }
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_spot_instance_requests(
    w: &World,
    region: &str,
    r: DescribeSpotInstanceRequestsRequest,
) -> Result<DescribeSpotInstanceRequestsResponse, ApiError> {
    let ids = r.spot_instance_request_ids.unwrap_or_default();
    spot::check_ids(w, region, &ids)?;
    let reg = w.region(region)?;
    let f = filters(&r.filters);
    check_names::<RequestFilter>(&f)?;
    let mut selected = Vec::new();
    for q in reg.purchase.spot_requests.values() {
        if (!ids.is_empty() && !ids.contains(&q.id)) || !matches(&f, &RequestFilter { q, tags: reg.tags.get(&q.id) })? {
            continue;
        }
        selected.push(q);
    }
    // Oldest first (ids are random).
    selected.sort_by(|a, b| (a.create_time, &a.id).cmp(&(b.create_time, &b.id)));
    let page = paginate(selected, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeSpotInstanceRequestsResponse { spot_instance_requests: page.items.into_iter().map(|q| render(reg, q)).collect(), next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CancelSpotInstanceRequestsRequest {
    spot_instance_request_ids: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelledShape {
    spot_instance_request_id: String,
    state: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelSpotInstanceRequestsResponse {
    cancelled_spot_instance_requests: Vec<CancelledShape>,
}

pub fn cancel_spot_instance_requests(
    w: &mut World,
    region: &str,
    r: CancelSpotInstanceRequestsRequest,
) -> Result<CancelSpotInstanceRequestsResponse, ApiError> {
    let out = spot::cancel(w, region, &r.spot_instance_request_ids)?;
    Ok(CancelSpotInstanceRequestsResponse {
        cancelled_spot_instance_requests: out.into_iter().map(|(id, state)| CancelledShape { spot_instance_request_id: id, state }).collect(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSpotPriceHistoryRequest {
    availability_zone_id: Option<String>,
    start_time: Option<TimeIn>,
    end_time: Option<TimeIn>,
    instance_types: Option<Vec<String>>,
    product_descriptions: Option<Vec<String>>,
    filters: Filters,
    availability_zone: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SpotPriceShape {
    availability_zone: String,
    availability_zone_id: String,
    instance_type: String,
    product_description: String,
    spot_price: String,
    timestamp: Timestamp,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSpotPriceHistoryResponse {
    spot_price_history: Vec<SpotPriceShape>,
    next_token: String,
}

/// The product descriptions ec2lab prices (Linux only: the model prices Linux/UNIX; the VPC
/// variant is the same price on AWS today).
const PRODUCTS: [&str; 2] = ["Linux/UNIX", "Linux/UNIX (Amazon VPC)"];

struct PriceFilter<'a>(&'a SpotPriceShape);

impl FilterValues for PriceFilter<'_> {
    const NAMES: &'static [&'static str] = &["availability-zone", "availability-zone-id", "instance-type", "product-description", "spot-price", "timestamp"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let p = self.0;
        Some(vec![match name {
            "availability-zone" => p.availability_zone.clone(),
            "availability-zone-id" => p.availability_zone_id.clone(),
            "instance-type" => p.instance_type.clone(),
            "product-description" => p.product_description.clone(),
            "spot-price" => p.spot_price.clone(),
            "timestamp" => crate::sim::clock::iso8601(p.timestamp.0),
            _ => return None,
        }])
    }
}

/// Newest first, like AWS; the price in effect at StartTime is included (its change may be older).
/// Without InstanceTypes, the few common types of the catalog (a full listing would be huge).
pub fn describe_spot_price_history(w: &World, region: &str, r: DescribeSpotPriceHistoryRequest) -> Result<DescribeSpotPriceHistoryResponse, ApiError> {
    let reg = w.region(region)?;
    let now = w.now();
    let end = r.end_time.map_or(now, |t| t.0.min(now));
    // Without StartTime, AWS returns the last 90 days; ec2lab the last day (the model is the same).
    let start = r.start_time.map_or(end.saturating_sub(24 * 3_600_000), |t| t.0);
    if start > end {
        return Err(ApiError::invalid_parameter_value("The start time must be before the end time.")
            .hint("StartTime must come before EndTime (and the history ends now).", "StartTime은 EndTime보다 앞서야 합니다(기록은 현재까지)."));
    }
    if end.saturating_sub(start) > 90 * 24 * 3_600_000 {
        return Err(ApiError::invalid_parameter_value("The Spot price history is available for the last 90 days only.")
            .hint("Ask for at most 90 days of Spot price history.", "스팟 가격 기록은 최근 90일까지만 조회할 수 있습니다."));
    }
    let products: Vec<String> = r.product_descriptions.unwrap_or_else(|| vec!["Linux/UNIX".into()]);
    for p in &products {
        if !PRODUCTS.contains(&p.as_str()) && !["Windows", "Windows (Amazon VPC)", "SUSE Linux", "Red Hat Enterprise Linux"].contains(&p.as_str()) {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{p}' for ProductDescription.")).hint(
                "Product descriptions are Linux/UNIX, Linux/UNIX (Amazon VPC), Windows, SUSE Linux, Red Hat Enterprise Linux ...; ec2lab prices Linux/UNIX.",
                "제품 설명은 Linux/UNIX, Linux/UNIX (Amazon VPC), Windows, SUSE Linux 등입니다. ec2lab은 Linux/UNIX 가격을 제공합니다.",
            ));
        }
    }
    let types: Vec<String> = match r.instance_types {
        Some(t) if !t.is_empty() => t,
        _ => ["t3.micro", "t3.small", "t3.medium", "m5.large", "c5.large", "r5.large"].iter().map(|s| s.to_string()).collect(),
    };
    for t in &types {
        if crate::catalog::instance_type(t).is_none() {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{t}' for InstanceType.")).hint(
                "Use instance type names such as m5.large (describe_instance_types lists them).",
                "m5.large 같은 인스턴스 유형 이름을 쓰세요(describe_instance_types).",
            ));
        }
    }
    let zone_filter = match (&r.availability_zone, &r.availability_zone_id) {
        (Some(z), _) => Some(reg.info.zone(z).ok_or_else(|| bad_zone(z))?.name),
        (None, Some(id)) => Some(reg.info.zone_by_id(id).ok_or_else(|| bad_zone(id))?.name),
        _ => None,
    };
    let f = filters(&r.filters);
    check_names::<PriceFilter>(&f)?;
    let mut rows = Vec::new();
    for z in reg.info.zones() {
        if zone_filter.as_ref().is_some_and(|want| want != &z.name) {
            continue;
        }
        for t in &types {
            let Some(m) = Market::new(w.seed, region, &z.name, t) else { continue };
            let mut points = vec![m.last_change(start)];
            points.extend(m.changes_after(start, end));
            for (at, price) in points {
                for p in products.iter().filter(|p| PRODUCTS.contains(&p.as_str())) {
                    let row = SpotPriceShape {
                        availability_zone: z.name.clone(),
                        availability_zone_id: z.id.clone(),
                        instance_type: t.clone(),
                        product_description: p.clone(),
                        spot_price: fmt_price(price),
                        timestamp: Timestamp(at),
                    };
                    if matches(&f, &PriceFilter(&row))? {
                        rows.push(row);
                    }
                }
            }
        }
    }
    rows.sort_by(|a, b| {
        b.timestamp.cmp(&a.timestamp).then_with(|| a.availability_zone.cmp(&b.availability_zone)).then_with(|| a.instance_type.cmp(&b.instance_type))
    });
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeSpotPriceHistoryResponse { spot_price_history: page.items, next_token: page.next_token.unwrap_or_default() })
}

fn bad_zone(z: &str) -> ApiError {
    ApiError::invalid_parameter_value(format!("Invalid availability zone: [{z}]"))
        .hint("Use an AZ of this region (describe_availability_zones).", "이 리전의 가용 영역을 쓰세요(describe_availability_zones).")
}
