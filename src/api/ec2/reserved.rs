//! Reserved Instances: DescribeReservedInstancesOfferings, PurchaseReservedInstancesOffering,
//! DescribeReservedInstances. Rules and prices live in `src/purchase/reserved.rs`.
use super::instance_shape::{tag_list, TagShape};
use crate::api::{filters, Filters, Timestamp};
use crate::error::ApiError;
use crate::purchase::reserved::{self, Offering, ReservedInstances};
use crate::query::{check_names, matches, FilterValues};
use crate::tags::Tags;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecurringChargeShape {
    amount: f64,
    frequency: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OfferingShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone_id: Option<String>,
    currency_code: String,
    duration: i64,
    fixed_price: f64,
    instance_tenancy: String,
    instance_type: String,
    marketplace: bool,
    offering_class: String,
    offering_type: String,
    pricing_details: Vec<Value>,
    product_description: String,
    recurring_charges: Vec<RecurringChargeShape>,
    reserved_instances_offering_id: String,
    scope: String,
    usage_price: f64,
}

fn recurring(o: &Offering) -> Vec<RecurringChargeShape> {
    if o.hourly > 0.0 {
        vec![RecurringChargeShape { amount: o.hourly, frequency: "Hourly".into() }]
    } else {
        vec![]
    }
}

fn zone_id(region: &str, az: &Option<String>) -> Option<String> {
    az.as_ref().and_then(|z| crate::geo::region(region).and_then(|r| r.zone(z))).map(|z| z.id)
}

fn offering_shape(region: &str, o: &Offering) -> OfferingShape {
    OfferingShape {
        availability_zone: o.az.clone(),
        availability_zone_id: zone_id(region, &o.az),
        currency_code: "USD".into(),
        duration: o.duration_s,
        fixed_price: o.fixed_price,
        instance_tenancy: "default".into(),
        instance_type: o.instance_type.clone(),
        marketplace: false,
        offering_class: o.offering_class.clone(),
        offering_type: o.offering_type.clone(),
        pricing_details: vec![],
        product_description: o.product_description.clone(),
        recurring_charges: recurring(o),
        reserved_instances_offering_id: o.id.clone(),
        scope: o.scope().into(),
        // The usage price is the recurring charge of the legacy offerings: 0 here, as AWS shows today.
        usage_price: 0.0,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeOfferingsRequest {
    availability_zone: Option<String>,
    availability_zone_id: Option<String>,
    include_marketplace: Option<bool>,
    instance_type: Option<String>,
    max_duration: Option<i64>,
    max_instance_count: Option<i64>,
    min_duration: Option<i64>,
    offering_class: Option<String>,
    product_description: Option<String>,
    reserved_instances_offering_ids: Option<Vec<String>>,
    filters: Filters,
    instance_tenancy: Option<String>,
    offering_type: Option<String>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeOfferingsResponse {
    reserved_instances_offerings: Vec<OfferingShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct OfferingFilter<'a>(&'a Offering, &'a str);

impl FilterValues for OfferingFilter<'_> {
    const NAMES: &'static [&'static str] = &[
        "availability-zone",
        "availability-zone-id",
        "duration",
        "fixed-price",
        "instance-type",
        "marketplace",
        "product-description",
        "reserved-instances-offering-id",
        "scope",
        "usage-price",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let o = self.0;
        Some(match name {
            "availability-zone" => o.az.clone().into_iter().collect(),
            "availability-zone-id" => zone_id(self.1, &o.az).into_iter().collect(),
            "duration" => vec![o.duration_s.to_string()],
            "fixed-price" => vec![o.fixed_price.to_string()],
            "instance-type" => vec![o.instance_type.clone()],
            "marketplace" => vec!["false".into()],
            "product-description" => vec![o.product_description.clone()],
            "reserved-instances-offering-id" => vec![o.id.clone()],
            "scope" => vec![o.scope().into()],
            "usage-price" => vec!["0.0".into()],
            _ => return None,
        })
    }
}

fn enum_check(name: &str, v: &Option<String>, allowed: &[&str]) -> Result<(), ApiError> {
    if let Some(x) = v {
        if !allowed.contains(&x.as_str()) {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{x}' for {name}."))
                .hint(format!("{name} is one of: {}.", allowed.join(", ")), format!("{name} 값은 다음 중 하나입니다: {}.", allowed.join(", "))));
        }
    }
    Ok(())
}

/// Offerings of the region that pass the request's members and filters, a page at a time
/// (the full list runs to tens of thousands; only the page asked for is built).
pub fn describe_reserved_instances_offerings(w: &World, region: &str, r: DescribeOfferingsRequest) -> Result<DescribeOfferingsResponse, ApiError> {
    let reg = w.region(region)?;
    let _ = (r.include_marketplace, r.max_instance_count);
    enum_check("OfferingClass", &r.offering_class, &["standard", "convertible"])?;
    enum_check(
        "OfferingType",
        &r.offering_type,
        &["Heavy Utilization", "Medium Utilization", "Light Utilization", "No Upfront", "Partial Upfront", "All Upfront"],
    )?;
    enum_check("InstanceTenancy", &r.instance_tenancy, &["default", "dedicated", "host"])?;
    if let Some(t) = &r.instance_type {
        if crate::catalog::instance_type(t).is_none() {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{t}' for InstanceType."))
                .hint("Use an instance type name such as m5.large.", "m5.large 같은 인스턴스 유형 이름을 쓰세요."));
        }
    }
    let az = match (&r.availability_zone, &r.availability_zone_id) {
        (Some(z), _) => Some(reg.info.zone(z).ok_or_else(|| bad_zone(z))?.name),
        (None, Some(id)) => Some(reg.info.zone_by_id(id).ok_or_else(|| bad_zone(id))?.name),
        _ => None,
    };
    let f = filters(&r.filters);
    check_names::<OfferingFilter>(&f)?;
    let max = r.max_results.unwrap_or(100);
    if !(1..=100).contains(&max) {
        return Err(ApiError::invalid_parameter_value(format!("Value ({max}) for parameter maxResults is invalid. Expecting a value between 1 and 100."))
            .hint("MaxResults is 1 to 100 for this call; page with NextToken.", "이 호출의 MaxResults는 1~100이며 NextToken으로 페이지를 넘깁니다."));
    }
    let skip: usize = match &r.next_token {
        None => 0,
        Some(t) => t.parse().map_err(|_| {
            ApiError::invalid_parameter_value(format!("Invalid value '{t}' for NextToken."))
                .hint("Pass the NextToken of the previous page unchanged.", "이전 페이지의 NextToken을 그대로 넘기세요.")
        })?,
    };
    let keep = |o: &Offering| -> Result<bool, ApiError> {
        Ok(r.offering_class.as_ref().is_none_or(|c| c == &o.offering_class)
            && r.offering_type.as_ref().is_none_or(|c| c == &o.offering_type)
            && r.product_description.as_ref().is_none_or(|c| c == &o.product_description)
            && r.instance_tenancy.as_deref().is_none_or(|t| t == "default")
            && az.as_ref().is_none_or(|z| o.az.as_ref() == Some(z))
            && r.min_duration.is_none_or(|d| o.duration_s >= d)
            && r.max_duration.is_none_or(|d| o.duration_s <= d)
            && matches(&f, &OfferingFilter(o, region))?)
    };
    let source: Box<dyn Iterator<Item = Offering>> = match (&r.reserved_instances_offering_ids, &r.instance_type) {
        (Some(ids), _) if !ids.is_empty() => Box::new(ids.iter().filter_map(|id| reserved::offering(region, id)).collect::<Vec<_>>().into_iter()),
        (_, Some(t)) => Box::new(reserved::offerings_of_type(region, t).into_iter()),
        _ => Box::new(reserved::all_offerings(region)),
    };
    let mut out = Vec::new();
    let mut seen = 0usize;
    let mut more = false;
    for o in source {
        if !keep(&o)? {
            continue;
        }
        if seen >= skip {
            if out.len() == max as usize {
                more = true;
                break;
            }
            out.push(offering_shape(region, &o));
        }
        seen += 1;
    }
    Ok(DescribeOfferingsResponse { reserved_instances_offerings: out, next_token: more.then(|| (skip + max as usize).to_string()) })
}

fn bad_zone(z: &str) -> ApiError {
    ApiError::invalid_parameter_value(format!("Invalid availability zone: [{z}]"))
        .hint("Use an AZ of this region (describe_availability_zones).", "이 리전의 가용 영역을 쓰세요(describe_availability_zones).")
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LimitPriceRequest {
    amount: Option<f64>,
    currency_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PurchaseRequest {
    instance_count: i64,
    reserved_instances_offering_id: String,
    purchase_time: Option<Value>,
    limit_price: Option<LimitPriceRequest>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PurchaseResponse {
    reserved_instances_id: String,
}

pub fn purchase_reserved_instances_offering(w: &mut World, region: &str, r: PurchaseRequest) -> Result<PurchaseResponse, ApiError> {
    if r.purchase_time.is_some() {
        return Err(ApiError::new("Unsupported", "ec2lab does not simulate queued Reserved Instance purchases (PurchaseTime).").hint(
            "Leave PurchaseTime out: the purchase happens now (advance virtual time first to buy later).",
            "PurchaseTime을 빼세요. 구매는 지금 일어납니다(나중에 사려면 가상 시간을 먼저 진행하세요).",
        ));
    }
    let limit = match r.limit_price {
        Some(l) => {
            if l.currency_code.as_deref().is_some_and(|c| c != "USD") {
                return Err(ApiError::invalid_parameter_value("The only supported currency code is USD.")
                    .hint("LimitPrice.CurrencyCode is USD.", "LimitPrice.CurrencyCode는 USD입니다."));
            }
            l.amount
        }
        None => None,
    };
    let id = reserved::purchase(w, region, &r.reserved_instances_offering_id, r.instance_count, limit)?;
    Ok(PurchaseResponse { reserved_instances_id: id })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeReservedRequest {
    offering_class: Option<String>,
    reserved_instances_ids: Option<Vec<String>>,
    filters: Filters,
    offering_type: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservedShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone_id: Option<String>,
    currency_code: String,
    duration: i64,
    end: Timestamp,
    fixed_price: f64,
    instance_count: i64,
    instance_tenancy: String,
    instance_type: String,
    offering_class: String,
    offering_type: String,
    product_description: String,
    recurring_charges: Vec<RecurringChargeShape>,
    reserved_instances_id: String,
    scope: String,
    start: Timestamp,
    state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    usage_price: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeReservedResponse {
    reserved_instances: Vec<ReservedShape>,
}

struct ReservedFilter<'a>(&'a ReservedInstances, &'a str, u64, Option<&'a Tags>);

impl FilterValues for ReservedFilter<'_> {
    const NAMES: &'static [&'static str] = &[
        "availability-zone",
        "availability-zone-id",
        "duration",
        "end",
        "fixed-price",
        "instance-type",
        "scope",
        "product-description",
        "reserved-instances-id",
        "start",
        "state",
        "usage-price",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let ri = self.0;
        let o = &ri.offering;
        Some(match name {
            "availability-zone" => o.az.clone().into_iter().collect(),
            "availability-zone-id" => zone_id(self.1, &o.az).into_iter().collect(),
            "duration" => vec![o.duration_s.to_string()],
            "end" => vec![crate::sim::clock::iso8601(ri.end)],
            "fixed-price" => vec![o.fixed_price.to_string()],
            "instance-type" => vec![o.instance_type.clone()],
            "scope" => vec![o.scope().into()],
            "product-description" => vec![o.product_description.clone()],
            "reserved-instances-id" => vec![ri.id.clone()],
            "start" => vec![crate::sim::clock::iso8601(ri.start)],
            "state" => vec![ri.state(self.2).into()],
            "usage-price" => vec!["0.0".into()],
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.3
    }
}

pub fn describe_reserved_instances(w: &World, region: &str, r: DescribeReservedRequest) -> Result<DescribeReservedResponse, ApiError> {
    let reg = w.region(region)?;
    let now = w.now();
    let ids = r.reserved_instances_ids.unwrap_or_default();
    for id in &ids {
        if !reg.purchase.reserved.iter().any(|ri| &ri.id == id) {
            return Err(ApiError::new("InvalidReservedInstancesId.NotFound", format!("The Reserved Instances ID '{id}' does not exist")).hint(
                "No Reserved Instances purchase has this id in this region: describe_reserved_instances lists yours.",
                "이 리전에 해당 ID의 예약 인스턴스 구매가 없습니다. describe_reserved_instances로 확인하세요.",
            ));
        }
    }
    let f = filters(&r.filters);
    check_names::<ReservedFilter>(&f)?;
    let mut out = Vec::new();
    for ri in &reg.purchase.reserved {
        let o = &ri.offering;
        if (!ids.is_empty() && !ids.contains(&ri.id))
            || r.offering_class.as_ref().is_some_and(|c| c != &o.offering_class)
            || r.offering_type.as_ref().is_some_and(|c| c != &o.offering_type)
            || !matches(&f, &ReservedFilter(ri, region, now, reg.tags.get(&ri.id)))?
        {
            continue;
        }
        out.push(ReservedShape {
            availability_zone: o.az.clone(),
            availability_zone_id: zone_id(region, &o.az),
            currency_code: "USD".into(),
            duration: o.duration_s,
            end: Timestamp(ri.end),
            fixed_price: o.fixed_price,
            instance_count: ri.count as i64,
            instance_tenancy: "default".into(),
            instance_type: o.instance_type.clone(),
            offering_class: o.offering_class.clone(),
            offering_type: o.offering_type.clone(),
            product_description: o.product_description.clone(),
            recurring_charges: recurring(o),
            reserved_instances_id: ri.id.clone(),
            scope: o.scope().into(),
            start: Timestamp(ri.start),
            state: ri.state(now).into(),
            tags: tag_list(reg.tags.get(&ri.id)),
            usage_price: 0.0,
        });
    }
    Ok(DescribeReservedResponse { reserved_instances: out })
}
