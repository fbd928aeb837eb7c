//! The bill (service `ec2lab`): `GetBill`, `ForecastBill`, `LightsailComparison`, `GetPrices`,
//! `PurchaseSavingsPlan`, `DescribeSavingsPlans`. The rules live in `src/billing`.
//!
//! # Contract
//!
//! `GetBill` — request: `Since`, `Until` (ISO-8601 strings such as `2025-01-06T09:00:00Z`, or
//! epoch seconds; default the account's start and now; `Until` ≤ now, `Since` < `Until`),
//! `FreeTier` (bool, default true). Response:
//! ```text
//! { "Since": ts, "Until": ts, "Currency": "USD",
//!   "Lines": [ {"Service", "Region", "UsageType": "APN2-BoxUsage:t3.micro", "Operation",
//!               "ResourceId", "Description", "PurchaseOption": "On Demand|Spot|Reserved|Savings Plan|",
//!               "Kind": "usage|fee|credit", "Quantity", "Unit": "Hrs|GB-Mo|IOPS-Mo|MiBps-Mo|LCU-Hrs|vCPU-Hours|USD|Quantity",
//!               "Rate", "Cost", "Estimated", "OnDemandCost"? } … ],
//!   "Charges", "Credits" (≤ 0), "Total" (≥ 0),
//!   "Savings": {"SpotVsOnDemand", "FreeTier", "ReservedInstances", "SavingsPlans"},
//!   "Estimated": bool, "NotModelled": [str], "PriceSources": [{"Table", "Source", "AsOf"}] }
//! ```
//! `Savings`: Spot's difference to On-Demand, the free tier's credits, and for RIs and Savings
//! Plans the usage they covered minus their fees in the window (negative when underused).
//! `ForecastBill` — `Hours` (number, 0 < h ≤ 26,304), `FreeTier`: the same shape for
//! `[now, now + Hours)` with everything left as it is now, plus `"Hours"`. Lines that depend on
//! what has not happened yet (ALB LCUs from requests, T unlimited surplus credits) are not
//! forecast.
//! `LightsailComparison` — `{"Bundles": [{"BundlePrice", "MemoryGb", "Vcpus", "SsdGb",
//! "TransferTb", "Ec2InstanceType", "Ec2Instance", "Ec2Storage", "Ec2PublicIpv4", "Ec2Total",
//! "Difference", "Estimated"}], "Region", "Source", "AsOf", "Note"}` (a 730-hour month).
//! `GetPrices` — `InstanceTypes` ([str], required): `{"Prices": [{"InstanceType", "Region",
//! "Hourly", "Estimated"}], "Source", "AsOf"}` (Linux On-Demand).
//! `PurchaseSavingsPlan` — `Commitment` (USD/hour, 0.001–5000), `TermYears` (1|3, default 1),
//! `PaymentOption` (`No Upfront` default, `Partial Upfront`, `All Upfront`) → `{"SavingsPlanId"}`.
//! `DescribeSavingsPlans` → `{"SavingsPlans": [{"SavingsPlanId", "Commitment", "TermYears",
//! "PaymentOption", "Start", "End", "State", "Discount", "Upfront", "HourlyFee", "Estimated"}]}`.
use crate::api::wire::Timestamp;
use crate::billing::{self, prices, Bill, Options};
use crate::error::ApiError;
use crate::sim::Millis;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Parses `Since`/`Until`: an ISO-8601 UTC string or epoch seconds.
fn parse_time(name: &str, v: &Value) -> Result<Millis, ApiError> {
    let bad = || {
        ApiError::invalid_parameter_value(format!("Value ({v}) for parameter {name} is invalid. Expected an ISO-8601 UTC timestamp.")).hint(
            format!("Give {name} as '2025-01-06T09:00:00Z' (UTC) or as seconds since 1970; from Python, a datetime works."),
            format!("{name}는 '2025-01-06T09:00:00Z'(UTC) 형식이나 1970년부터의 초로 주세요. Python에서는 datetime을 쓸 수 있습니다."),
        )
    };
    match v {
        Value::Number(n) => {
            let s = n.as_f64().filter(|s| s.is_finite() && *s >= 0.0 && *s < 1.0e11).ok_or_else(bad)?;
            Ok((s * 1000.0).round() as Millis)
        }
        Value::String(s) => parse_iso(s).ok_or_else(bad),
        _ => Err(bad()),
    }
}

fn parse_iso(s: &str) -> Option<Millis> {
    let s = s.trim();
    let s = s.strip_suffix('Z').or_else(|| s.strip_suffix("+00:00")).unwrap_or(s);
    let (date, time) = s.split_once('T').or_else(|| s.split_once(' ')).unwrap_or((s, "00:00:00"));
    let d: Vec<i64> = date.split('-').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let t: Vec<i64> = hms.split(':').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    if d.len() != 3 || t.len() < 2 || t.len() > 3 || !(1970..=9999).contains(&d[0]) || !(1..=12).contains(&d[1]) || !(1..=31).contains(&d[2]) {
        return None;
    }
    let (h, mi, sec) = (t[0], t[1], t.get(2).copied().unwrap_or(0));
    if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..61).contains(&sec) {
        return None;
    }
    let ms: i64 = format!("{:0<3}", frac.get(..3.min(frac.len()))?).parse().ok()?;
    let (y, m) = if d[1] <= 2 { (d[0] - 1, d[1]) } else { (d[0], d[1]) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d[2] - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some(((days * 86_400 + h * 3600 + mi * 60 + sec) * 1000 + ms) as Millis)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BillResponse {
    since: Timestamp,
    until: Timestamp,
    #[serde(flatten)]
    bill: Bill,
    price_sources: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<f64>,
}

fn respond(bill: Bill, hours: Option<f64>) -> BillResponse {
    BillResponse { since: Timestamp(bill.since), until: Timestamp(bill.until), bill, price_sources: prices::sources(), hours }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetBillRequest {
    since: Option<Value>,
    until: Option<Value>,
    free_tier: Option<bool>,
}

pub fn get_bill(w: &World, r: GetBillRequest) -> Result<BillResponse, ApiError> {
    let now = w.now();
    let since = r.since.as_ref().map(|v| parse_time("Since", v)).transpose()?.unwrap_or(crate::sim::clock::DEFAULT_START);
    let until = r.until.as_ref().map(|v| parse_time("Until", v)).transpose()?.unwrap_or(now);
    if until > now {
        return Err(ApiError::invalid_parameter_value(format!(
            "Until ({}) is in the future; the simulated time now is {}.",
            crate::sim::clock::iso8601(until),
            crate::sim::clock::iso8601(now)
        ))
        .hint(
            "A bill covers what already happened. For 'what will this cost if I leave it running', use forecast_bill(Hours=...).",
            "청구서는 이미 일어난 일만 다룹니다. '이대로 두면 얼마인가'는 forecast_bill(Hours=...)을 쓰세요.",
        ));
    }
    // An empty window (a new account's bill at its first instant) is an empty bill, not an error.
    if since > until {
        return Err(ApiError::invalid_parameter_value(format!(
            "Since ({}) must not be after Until ({}).",
            crate::sim::clock::iso8601(since),
            crate::sim::clock::iso8601(until)
        ))
        .hint("Give a window with Since no later than Until.", "Since가 Until보다 늦지 않은 구간을 주세요."));
    }
    Ok(respond(billing::bill(w, since, until, &Options { free_tier: r.free_tier.unwrap_or(true) }), None))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ForecastBillRequest {
    hours: f64,
    free_tier: Option<bool>,
}

/// Three years of hours: the longest commitment there is.
const MAX_FORECAST_HOURS: f64 = 26_304.0;

pub fn forecast_bill(w: &World, r: ForecastBillRequest) -> Result<BillResponse, ApiError> {
    if !(r.hours > 0.0 && r.hours <= MAX_FORECAST_HOURS) {
        return Err(ApiError::invalid_parameter_value(format!("Hours ({}) must be greater than 0 and at most {MAX_FORECAST_HOURS}.", r.hours)).hint(
            "Forecast a positive number of hours, e.g. 60 for a weekend (Friday 18:00 to Monday 06:00) or 730 for a month.",
            "양수의 시간을 주세요. 예: 주말(금 18시~월 6시)은 60, 한 달은 730.",
        ));
    }
    Ok(respond(billing::forecast(w, r.hours, &Options { free_tier: r.free_tier.unwrap_or(true) }), Some(r.hours)))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LightsailComparisonRequest {}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LightsailComparisonResponse {
    bundles: Vec<billing::lightsail::Comparison>,
    region: String,
    source: String,
    as_of: String,
    note: String,
}

pub fn lightsail_comparison(region: &str, _r: LightsailComparisonRequest) -> Result<LightsailComparisonResponse, ApiError> {
    crate::geo::require_region(region)?;
    let t = prices::lightsail();
    Ok(LightsailComparisonResponse {
        bundles: billing::lightsail::compare(region),
        region: region.to_string(),
        source: t.source.clone(),
        as_of: t.as_of.clone(),
        note: t.note.clone(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetPricesRequest {
    instance_types: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PriceItem {
    instance_type: String,
    region: String,
    hourly: f64,
    estimated: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPricesResponse {
    prices: Vec<PriceItem>,
    source: Value,
    as_of: Value,
}

pub fn get_prices(region: &str, r: GetPricesRequest) -> Result<GetPricesResponse, ApiError> {
    crate::geo::require_region(region)?;
    let mut out = Vec::new();
    for t in &r.instance_types {
        let p = prices::on_demand(region, t).ok_or_else(|| {
            ApiError::invalid_parameter_value(format!("The instance type '{t}' does not exist.")).hint(
                "Name an instance type of the catalog, e.g. t3.micro (describe_instance_types lists them).",
                "카탈로그에 있는 인스턴스 유형을 주세요. 예: t3.micro (describe_instance_types로 확인).",
            )
        })?;
        out.push(PriceItem { instance_type: t.clone(), region: region.to_string(), hourly: p.usd, estimated: p.estimated });
    }
    let src: Value = serde_json::from_str(prices::EC2_JSON).expect("valid");
    Ok(GetPricesResponse { prices: out, source: src["source"].clone(), as_of: src["as_of"].clone() })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PurchaseSavingsPlanRequest {
    commitment: f64,
    term_years: Option<u32>,
    payment_option: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PurchaseSavingsPlanResponse {
    savings_plan_id: String,
}

pub fn purchase_savings_plan(w: &mut World, r: PurchaseSavingsPlanRequest) -> Result<PurchaseSavingsPlanResponse, ApiError> {
    let id = billing::savings_plans::purchase(w, r.commitment, r.term_years.unwrap_or(1), r.payment_option.as_deref().unwrap_or("No Upfront"))?;
    Ok(PurchaseSavingsPlanResponse { savings_plan_id: id })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSavingsPlansRequest {}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SavingsPlanItem {
    savings_plan_id: String,
    commitment: f64,
    term_years: u32,
    payment_option: String,
    start: Timestamp,
    end: Timestamp,
    state: &'static str,
    discount: f64,
    upfront: f64,
    hourly_fee: f64,
    estimated: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSavingsPlansResponse {
    savings_plans: Vec<SavingsPlanItem>,
}

pub fn describe_savings_plans(w: &World, _r: DescribeSavingsPlansRequest) -> Result<DescribeSavingsPlansResponse, ApiError> {
    let now = w.now();
    Ok(DescribeSavingsPlansResponse {
        savings_plans: w
            .billing
            .savings_plans
            .iter()
            .map(|s| SavingsPlanItem {
                savings_plan_id: s.id.clone(),
                commitment: s.commitment,
                term_years: s.term_years,
                payment_option: s.payment_option.clone(),
                start: Timestamp(s.start),
                end: Timestamp(s.end),
                state: s.state(now),
                discount: s.discount,
                upfront: s.upfront,
                hourly_fee: s.hourly_fee,
                estimated: s.estimated,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::parse_iso;

    #[test]
    fn iso_timestamps() {
        assert_eq!(parse_iso("2025-01-06T09:00:00Z"), Some(crate::sim::clock::DEFAULT_START));
        assert_eq!(parse_iso("2025-01-06T09:00:00.000Z"), Some(crate::sim::clock::DEFAULT_START));
        assert_eq!(parse_iso("2025-01-06T09:00:00.5+00:00"), Some(crate::sim::clock::DEFAULT_START + 500));
        assert_eq!(parse_iso("2025-13-06T09:00:00Z"), None);
        assert_eq!(parse_iso("yesterday"), None);
    }
}
