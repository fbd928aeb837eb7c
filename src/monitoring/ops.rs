//! The rules of the metric operations (PutMetricData, GetMetricStatistics, GetMetricData,
//! ListMetrics): every check first, then the store or the read. The API layer only converts shapes.
use super::errors::{aws_namespace, bad_period, combination, invalid, missing, start_after_end};
use super::query::{aggregate, retained, samples, Datapoint, MetricKey, Sample, Stat};
use crate::error::ApiError;
use crate::sim::Millis;
use crate::world::World;

pub const UNITS: &[&str] = &[
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

const HOUR: Millis = 3_600_000;
const DAY: Millis = 24 * HOUR;

/// One MetricDatum, typed.
#[derive(Debug, Clone, Default)]
pub struct Datum {
    pub name: String,
    pub dimensions: Vec<(String, String)>,
    pub timestamp: Option<Millis>,
    pub value: Option<f64>,
    /// SampleCount, Sum, Minimum, Maximum.
    pub statistic_values: Option<[f64; 4]>,
    pub values: Option<Vec<f64>>,
    pub counts: Option<Vec<f64>>,
    pub unit: Option<String>,
    pub storage_resolution: Option<i64>,
}

fn unit_of(u: Option<&str>, at: &str) -> Result<&'static str, ApiError> {
    let u = u.unwrap_or("None");
    UNITS.iter().find(|x| **x == u).copied().ok_or_else(|| {
        invalid(
            format!("The value {u} for parameter {at} is invalid."),
            format!("Units are CloudWatch's StandardUnit names: {}.", UNITS.join(", ")),
            "단위(Unit)는 CloudWatch StandardUnit 이름(Seconds, Bytes, Percent, Count 등) 중 하나여야 합니다.",
        )
    })
}

/// CloudWatch's accepted magnitude range for values (BC:cw/MetricDatum Value).
fn check_value(v: f64, at: &str) -> Result<(), ApiError> {
    let a = v.abs();
    if !v.is_finite() || (a != 0.0 && !(8.515920e-109..=1.174271e+108).contains(&a)) {
        return Err(invalid(
            format!("The value {v} for parameter {at} is invalid."),
            "Values must be finite numbers within 8.515920e-109 to 1.174271e+108 in magnitude (or 0); NaN and infinity are refused.",
            "값은 크기가 8.515920e-109 ~ 1.174271e+108 사이의 유한한 수(또는 0)여야 합니다. NaN과 무한대는 거부됩니다.",
        ));
    }
    Ok(())
}

pub fn check_namespace(ns: &str, reserved_ok: bool) -> Result<(), ApiError> {
    if ns.is_empty() || ns.len() > 255 {
        return Err(invalid(
            format!("The value {ns} for parameter Namespace is invalid."),
            "A namespace is 1 to 255 characters.",
            "네임스페이스는 1~255자입니다.",
        ));
    }
    if !reserved_ok && ns.starts_with("AWS/") {
        return Err(aws_namespace(ns));
    }
    Ok(())
}

pub fn check_dimensions(dims: &[(String, String)], at: &str) -> Result<(), ApiError> {
    if dims.len() > 30 {
        return Err(invalid(
            format!("The collection {at} must not have a size greater than 30."),
            "A metric has at most 30 dimensions.",
            "지표의 차원(Dimension)은 최대 30개입니다.",
        ));
    }
    for (i, (k, v)) in dims.iter().enumerate() {
        if k.is_empty() || v.is_empty() || k.len() > 255 || v.len() > 1024 {
            return Err(invalid(
                format!("The value for parameter {at}.member.{}.{} is invalid.", i + 1, if k.is_empty() { "Name" } else { "Value" }),
                "Each dimension has a non-empty Name (≤ 255 characters) and Value (≤ 1024 characters).",
                "각 차원에는 비어 있지 않은 Name(255자 이하)과 Value(1024자 이하)가 있어야 합니다.",
            ));
        }
        if dims[..i].iter().any(|(k2, _)| k2 == k) {
            return Err(invalid(
                format!("No metric may have duplicate dimension names: {k}."),
                "Each dimension name appears once per metric.",
                "한 지표에서 같은 차원 이름은 한 번만 쓸 수 있습니다.",
            ));
        }
    }
    Ok(())
}

/// PutMetricData: checks every datum, then stores them all (nothing is stored if one is refused).
pub fn put_metric_data(w: &mut World, region: &str, namespace: &str, data: &[Datum]) -> Result<(), ApiError> {
    let now = w.now();
    check_namespace(namespace, false)?;
    if data.is_empty() {
        return Err(missing(
            "The parameter MetricData is required.",
            "Send at least one MetricDatum (MetricName plus Value, Values or StatisticValues).",
            "MetricDatum을 하나 이상 보내세요(MetricName과 Value, Values 또는 StatisticValues).",
        ));
    }
    if data.len() > 1000 {
        return Err(invalid(
            format!("The collection MetricData must not have a size greater than 1000 (got {}).", data.len()),
            "PutMetricData takes at most 1,000 metric datums per call; split them across calls.",
            "PutMetricData 한 번에 최대 1,000개까지 보낼 수 있습니다. 여러 번 나누어 보내세요.",
        ));
    }
    let mut out: Vec<(MetricKey, Vec<Sample>)> = vec![];
    for (n, d) in data.iter().enumerate() {
        let at = format!("MetricData.member.{}", n + 1);
        if d.name.is_empty() || d.name.len() > 255 {
            return Err(invalid(
                format!("The value for parameter {at}.MetricName is invalid."),
                "A metric name is 1 to 255 characters.",
                "지표 이름은 1~255자입니다.",
            ));
        }
        check_dimensions(&d.dimensions, &format!("{at}.Dimensions"))?;
        let kinds = [d.value.is_some(), d.statistic_values.is_some(), d.values.is_some()];
        if kinds.iter().filter(|x| **x).count() > 1 {
            let names: Vec<&str> = ["Value", "StatisticValues", "Values"].iter().zip(kinds).filter(|(_, k)| *k).map(|(n, _)| *n).collect();
            return Err(combination(
                format!("The parameters {at}.{} and {at}.{} are mutually exclusive and you have specified both.", names[0], names[1]),
                "A datum carries one value (Value), a statistic set (StatisticValues) or an array (Values with optional Counts), never two of them.",
                "하나의 데이터는 Value, StatisticValues, Values(Counts 선택) 중 하나만 가질 수 있습니다.",
            ));
        }
        if kinds.iter().all(|x| !x) {
            return Err(missing(
                format!("The parameter {at}.Value is required."),
                "Give the datum a Value (or StatisticValues, or Values).",
                "데이터에 Value(또는 StatisticValues, Values)를 지정하세요.",
            ));
        }
        let unit = unit_of(d.unit.as_deref(), &format!("{at}.Unit"))?;
        let res = d.storage_resolution.unwrap_or(60);
        if res != 1 && res != 60 {
            return Err(invalid(
                format!("The value {res} for parameter {at}.StorageResolution is invalid."),
                "StorageResolution is 60 (standard, 1-minute) or 1 (high resolution, per second).",
                "StorageResolution은 60(표준, 1분) 또는 1(고해상도, 초 단위)입니다.",
            ));
        }
        let t = d.timestamp.unwrap_or(now);
        if t > now + 2 * HOUR {
            return Err(invalid(
                format!("The parameter {at}.Timestamp must specify a time no more than two hours in the future."),
                "CloudWatch takes data from up to two weeks ago to two hours ahead of now (virtual time).",
                "CloudWatch는 (가상 시간 기준) 2주 전부터 2시간 뒤까지의 데이터만 받습니다.",
            ));
        }
        if t.saturating_add(14 * DAY) < now {
            return Err(invalid(
                format!("The parameter {at}.Timestamp must specify a time within the past two weeks."),
                "CloudWatch takes data from up to two weeks ago to two hours ahead of now (virtual time).",
                "CloudWatch는 (가상 시간 기준) 2주 전부터 2시간 뒤까지의 데이터만 받습니다.",
            ));
        }
        // Standard resolution keeps 1-minute granularity; high resolution keeps the second.
        let t = if res == 60 { t / 60_000 * 60_000 } else { t / 1000 * 1000 };
        let mut samples = vec![];
        if let Some(v) = d.value {
            check_value(v, &format!("{at}.Value"))?;
            samples.push(Sample::value(t, v, unit));
        }
        if let Some([count, sum, min, max]) = d.statistic_values {
            for (v, name) in [(count, "SampleCount"), (sum, "Sum"), (min, "Minimum"), (max, "Maximum")] {
                check_value(v, &format!("{at}.StatisticValues.{name}"))?;
            }
            if count <= 0.0 || min > max {
                return Err(invalid(
                    format!("The parameter {at}.StatisticValues is invalid: SampleCount must be positive and Minimum not above Maximum."),
                    "A statistic set summarises SampleCount (> 0) values: their Sum, Minimum and Maximum (Minimum ≤ Maximum).",
                    "통계 집합은 SampleCount(> 0)개 값의 Sum, Minimum, Maximum입니다(Minimum ≤ Maximum).",
                ));
            }
            samples.push(Sample { t, count, sum, min, max, unit, single: false });
        }
        if let Some(values) = &d.values {
            if values.len() > 150 {
                return Err(invalid(
                    format!("The collection {at}.Values must not have a size greater than 150."),
                    "One datum carries at most 150 distinct values.",
                    "하나의 데이터에는 최대 150개의 값을 담을 수 있습니다.",
                ));
            }
            let counts = d.counts.clone().unwrap_or_else(|| vec![1.0; values.len()]);
            if counts.len() != values.len() {
                return Err(invalid(
                    format!("The parameters {at}.Values and {at}.Counts must be of the same size."),
                    "Counts[i] says how many times Values[i] was seen: both arrays have the same length.",
                    "Counts[i]는 Values[i]가 관측된 횟수입니다. 두 배열의 길이가 같아야 합니다.",
                ));
            }
            for (i, (v, c)) in values.iter().zip(&counts).enumerate() {
                check_value(*v, &format!("{at}.Values.member.{}", i + 1))?;
                if !c.is_finite() || *c < 0.0 {
                    return Err(invalid(
                        format!("The value {c} for parameter {at}.Counts.member.{} is invalid.", i + 1),
                        "Counts are non-negative numbers.",
                        "Counts는 0 이상의 수입니다.",
                    ));
                }
                if *c == 1.0 {
                    samples.push(Sample::value(t, *v, unit));
                } else if *c > 0.0 {
                    samples.push(Sample { t, count: *c, sum: v * c, min: *v, max: *v, unit, single: false });
                }
            }
        }
        let mut key = MetricKey { namespace: namespace.to_string(), name: d.name.clone(), dimensions: d.dimensions.clone() };
        key.dimensions.sort();
        out.push((key, samples));
    }
    let reg = &mut w.region_mut(region)?.monitoring;
    for (k, s) in out {
        reg.custom.put(k, s, now);
    }
    Ok(())
}

/// Whether a period is one CloudWatch accepts (aws-facts §12).
pub fn period_ok(p: i64) -> bool {
    matches!(p, 1 | 5 | 10 | 20 | 30) || (p >= 60 && p % 60 == 0)
}

/// How GetMetricStatistics rounds StartTime by its age (BC:cw/GetMetricStatistics): to the
/// minute within 15 days, 5 minutes within 63 days, the hour beyond.
pub fn round_start(now: Millis, start: Millis, period_s: u64) -> Millis {
    let age = now.saturating_sub(start);
    let unit = if period_s < 60 {
        1000
    } else if age <= 15 * DAY {
        60_000
    } else if age <= 63 * DAY {
        300_000
    } else {
        HOUR
    };
    start / unit * unit
}

pub struct StatsQuery {
    pub key: MetricKey,
    pub start: Millis,
    pub end: Millis,
    pub period: i64,
    pub stats: Vec<Stat>,
    pub unit: Option<String>,
}

/// One GetMetricStatistics datapoint: the statistics asked for, in the order asked.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsRow {
    pub t: Millis,
    pub values: Vec<(Stat, f64)>,
    pub unit: String,
}

/// Checks the common period/time rules of a statistics request.
pub fn check_range(start: Millis, end: Millis, period: i64, at: &str, limit: Option<u64>) -> Result<(), ApiError> {
    if !period_ok(period) {
        return Err(bad_period(at, period));
    }
    if start >= end {
        return Err(start_after_end("StartTime", "EndTime"));
    }
    if let Some(limit) = limit {
        let n = (end - start).div_ceil((period as u64).saturating_mul(1000));
        if n > limit {
            return Err(combination(
                format!(
                    "You have requested up to {n} datapoints, which exceeds the limit of {limit}. You may reduce the datapoints requested by increasing Period, or decreasing the time range."
                ),
                "GetMetricStatistics returns at most 1,440 datapoints per call: (EndTime − StartTime) ÷ Period must stay ≤ 1,440. Use a longer Period or a shorter range (or GetMetricData).",
                "GetMetricStatistics는 한 번에 최대 1,440개 데이터 포인트를 돌려줍니다. (EndTime − StartTime) ÷ Period가 1,440 이하가 되도록 Period를 늘리거나 범위를 줄이세요(또는 GetMetricData).",
            ));
        }
    }
    Ok(())
}

pub fn get_metric_statistics(w: &World, region: &str, q: &StatsQuery) -> Result<Vec<StatsRow>, ApiError> {
    check_namespace(&q.key.namespace, true)?;
    check_dimensions(&q.key.dimensions, "Dimensions")?;
    check_range(q.start, q.end, q.period, "Period", Some(1440))?;
    if let Some(u) = &q.unit {
        unit_of(Some(u), "Unit")?;
    }
    let start = round_start(w.now(), q.start, q.period as u64);
    let mut s = samples(w, region, &q.key, start, q.end);
    let now = w.now();
    s.retain(|x| x.t >= start && x.t < q.end && retained(now, x.t, q.period as u64) && q.unit.as_deref().is_none_or(|u| u == x.unit));
    let mut rows: Vec<StatsRow> = vec![];
    for stat in &q.stats {
        for d in aggregate(&s, start, q.period as u64, *stat) {
            match rows.iter_mut().find(|r| r.t == d.timestamp) {
                Some(r) => r.values.push((*stat, d.value)),
                None => rows.push(StatsRow { t: d.timestamp, values: vec![(*stat, d.value)], unit: d.unit }),
            }
        }
    }
    rows.sort_by_key(|r| r.t);
    Ok(rows)
}

/// One MetricDataQuery with a MetricStat (expressions are refused by the API layer).
pub struct DataQuery {
    pub id: String,
    pub label: Option<String>,
    pub key: MetricKey,
    pub period: i64,
    pub stat: Stat,
    pub unit: Option<String>,
    pub return_data: bool,
}

pub struct DataResult {
    pub id: String,
    pub label: String,
    pub points: Vec<Datapoint>,
}

pub fn get_metric_data(w: &World, region: &str, queries: &[DataQuery], start: Millis, end: Millis, descending: bool) -> Result<Vec<DataResult>, ApiError> {
    if start >= end {
        return Err(start_after_end("StartTime", "EndTime"));
    }
    for (i, q) in queries.iter().enumerate() {
        check_namespace(&q.key.namespace, true)?;
        check_dimensions(&q.key.dimensions, &format!("MetricDataQueries.member.{}.MetricStat.Metric.Dimensions", i + 1))?;
        if !period_ok(q.period) {
            return Err(bad_period(&format!("MetricDataQueries.member.{}.MetricStat.Period", i + 1), q.period));
        }
        if let Some(u) = &q.unit {
            unit_of(Some(u), &format!("MetricDataQueries.member.{}.MetricStat.Unit", i + 1))?;
        }
    }
    let now = w.now();
    let mut out = vec![];
    for q in queries.iter().filter(|q| q.return_data) {
        let start = round_start(now, start, q.period as u64);
        let mut s = samples(w, region, &q.key, start, end);
        s.retain(|x| x.t >= start && x.t < end && retained(now, x.t, q.period as u64) && q.unit.as_deref().is_none_or(|u| u == x.unit));
        let mut points = aggregate(&s, start, q.period as u64, q.stat);
        if descending {
            points.reverse();
        }
        out.push(DataResult { id: q.id.clone(), label: q.label.clone().unwrap_or_else(|| q.key.name.clone()), points });
    }
    Ok(out)
}

/// ListMetrics: the metrics with data (custom ones put, AWS ones derived), filtered.
pub fn list_metrics(
    w: &World,
    region: &str,
    namespace: Option<&str>,
    name: Option<&str>,
    dims: &[(String, Option<String>)],
    recently_active: Option<&str>,
) -> Result<Vec<MetricKey>, ApiError> {
    if let Some(r) = recently_active {
        if r != "PT3H" {
            return Err(invalid(
                format!("The value {r} for parameter RecentlyActive is invalid."),
                "RecentlyActive takes one value: PT3H (metrics with data in the past three hours).",
                "RecentlyActive의 값은 PT3H(최근 3시간 내 데이터가 있는 지표) 하나뿐입니다.",
            ));
        }
    }
    if dims.len() > 10 {
        return Err(invalid(
            "The collection Dimensions must not have a size greater than 10.",
            "ListMetrics filters on at most 10 dimensions.",
            "ListMetrics는 최대 10개의 차원으로 거를 수 있습니다.",
        ));
    }
    let since = recently_active.map(|_| w.now().saturating_sub(3 * HOUR));
    let mut keys: Vec<MetricKey> = super::list::all(w, region)
        .into_iter()
        .filter(|(k, last)| {
            namespace.is_none_or(|n| n == k.namespace)
                && name.is_none_or(|n| n == k.name)
                && dims.iter().all(|(dn, dv)| k.dimensions.iter().any(|(kn, kv)| kn == dn && dv.as_ref().is_none_or(|v| v == kv)))
                && since.is_none_or(|s| *last >= s)
        })
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    keys.dedup();
    Ok(keys)
}
