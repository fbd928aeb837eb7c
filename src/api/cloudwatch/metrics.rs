//! CloudWatch metric operations: PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics.
//! Shapes only; the rules are in `crate::monitoring::ops`.
use crate::api::Timestamp;
use crate::error::ApiError;
use crate::monitoring::errors::{combination, invalid, missing};
use crate::monitoring::ops::{self, DataQuery, Datum, StatsQuery};
use crate::monitoring::time::{require, TimeIn};
use crate::monitoring::{MetricKey, Stat};
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Deserialize, Serialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DimensionShape {
    name: String,
    value: String,
}

fn dims(d: Option<Vec<DimensionShape>>) -> Vec<(String, String)> {
    d.unwrap_or_default().into_iter().map(|d| (d.name, d.value)).collect()
}

fn key(namespace: String, name: String, d: Option<Vec<DimensionShape>>) -> MetricKey {
    let mut dimensions = dims(d);
    dimensions.sort();
    MetricKey { namespace, name, dimensions }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StatisticSetShape {
    sample_count: f64,
    sum: f64,
    minimum: f64,
    maximum: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDatumShape {
    metric_name: String,
    dimensions: Option<Vec<DimensionShape>>,
    timestamp: Option<TimeIn>,
    value: Option<f64>,
    statistic_values: Option<StatisticSetShape>,
    values: Option<Vec<f64>>,
    counts: Option<Vec<f64>>,
    unit: Option<String>,
    storage_resolution: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutMetricDataRequest {
    namespace: String,
    metric_data: Option<Vec<MetricDatumShape>>,
    entity_metric_data: Option<serde_json::Value>,
    strict_entity_validation: Option<bool>,
}

#[derive(Serialize)]
pub struct Empty {}

pub fn put_metric_data(w: &mut World, region: &str, r: PutMetricDataRequest) -> Result<Empty, ApiError> {
    let _ = r.strict_entity_validation;
    if r.entity_metric_data.as_ref().is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty())) {
        return Err(invalid(
            "ec2lab does not model EntityMetricData (entities for Explore related); use MetricData.",
            "Send the values in MetricData; entity-associated metrics are not simulated.",
            "값은 MetricData로 보내세요. 엔터티 연결 지표는 시뮬레이션하지 않습니다.",
        ));
    }
    let data: Vec<Datum> = r
        .metric_data
        .unwrap_or_default()
        .into_iter()
        .map(|d| Datum {
            name: d.metric_name,
            dimensions: dims(d.dimensions),
            timestamp: d.timestamp.map(|t| t.0),
            value: d.value,
            statistic_values: d.statistic_values.map(|s| [s.sample_count, s.sum, s.minimum, s.maximum]),
            values: d.values,
            counts: d.counts,
            unit: d.unit,
            storage_resolution: d.storage_resolution,
        })
        .collect();
    ops::put_metric_data(w, region, &r.namespace, &data)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetMetricStatisticsRequest {
    namespace: String,
    metric_name: String,
    dimensions: Option<Vec<DimensionShape>>,
    start_time: Option<TimeIn>,
    end_time: Option<TimeIn>,
    period: i64,
    statistics: Option<Vec<String>>,
    extended_statistics: Option<Vec<String>>,
    unit: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DatapointShape {
    timestamp: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    sample_count: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    average: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum: Option<f64>,
    unit: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extended_statistics: BTreeMap<String, f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatisticsResponse {
    label: String,
    datapoints: Vec<DatapointShape>,
}

fn bad_statistic(s: &str, at: &str) -> ApiError {
    invalid(
        format!("The value {s} for parameter {at} is invalid."),
        "Statistics are SampleCount, Average, Sum, Minimum, Maximum; ExtendedStatistics are percentiles like p90 or p99.9.",
        "Statistics는 SampleCount, Average, Sum, Minimum, Maximum이고, ExtendedStatistics는 p90, p99.9 같은 백분위수입니다.",
    )
}

pub fn get_metric_statistics(w: &mut World, region: &str, r: GetMetricStatisticsRequest) -> Result<GetMetricStatisticsResponse, ApiError> {
    let start = require(r.start_time, "StartTime")?;
    let end = require(r.end_time, "EndTime")?;
    let basic = r.statistics.unwrap_or_default();
    let extended = r.extended_statistics.unwrap_or_default();
    if basic.is_empty() && extended.is_empty() {
        return Err(combination(
            "Must specify either Statistics or ExtendedStatistics.",
            "Ask for at least one statistic: Statistics=['Average'] (or SampleCount, Sum, Minimum, Maximum), or ExtendedStatistics=['p90'].",
            "통계를 하나 이상 지정하세요: Statistics=['Average'](또는 SampleCount, Sum, Minimum, Maximum) 또는 ExtendedStatistics=['p90'].",
        ));
    }
    if basic.len() > 5 || extended.len() > 10 {
        return Err(invalid(
            "Statistics takes at most 5 values and ExtendedStatistics at most 10.",
            "Ask for at most 5 Statistics and 10 ExtendedStatistics per call.",
            "한 번에 Statistics는 최대 5개, ExtendedStatistics는 최대 10개입니다.",
        ));
    }
    let mut stats = vec![];
    for s in &basic {
        match Stat::parse(s) {
            Some(Stat::Percentile(_)) | None => return Err(bad_statistic(s, "Statistics")),
            Some(x) => stats.push(x),
        }
    }
    for s in &extended {
        match Stat::parse(s) {
            Some(x @ Stat::Percentile(_)) => stats.push(x),
            _ => return Err(bad_statistic(s, "ExtendedStatistics")),
        }
    }
    let q = StatsQuery { key: key(r.namespace, r.metric_name.clone(), r.dimensions), start, end, period: r.period, stats, unit: r.unit };
    let rows = ops::get_metric_statistics(w, region, &q)?;
    let datapoints = rows
        .into_iter()
        .map(|row| {
            let get = |s: Stat| row.values.iter().find(|(x, _)| *x == s).map(|(_, v)| *v);
            DatapointShape {
                timestamp: Timestamp(row.t),
                sample_count: get(Stat::SampleCount),
                average: get(Stat::Average),
                sum: get(Stat::Sum),
                minimum: get(Stat::Minimum),
                maximum: get(Stat::Maximum),
                unit: row.unit.clone(),
                extended_statistics: extended
                    .iter()
                    .filter_map(|e| Stat::parse(e).and_then(|s| row.values.iter().find(|(x, _)| *x == s)).map(|(_, v)| (e.clone(), *v)))
                    .collect(),
            }
        })
        .collect();
    Ok(GetMetricStatisticsResponse { label: r.metric_name, datapoints })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricShape {
    namespace: Option<String>,
    metric_name: Option<String>,
    dimensions: Option<Vec<DimensionShape>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricStatShape {
    metric: MetricShape,
    period: i64,
    stat: String,
    unit: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDataQueryShape {
    id: String,
    metric_stat: Option<MetricStatShape>,
    expression: Option<String>,
    label: Option<String>,
    return_data: Option<bool>,
    period: Option<i64>,
    account_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LabelOptionsShape {
    timezone: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetMetricDataRequest {
    metric_data_queries: Vec<MetricDataQueryShape>,
    start_time: Option<TimeIn>,
    end_time: Option<TimeIn>,
    next_token: Option<String>,
    scan_by: Option<String>,
    max_datapoints: Option<i64>,
    label_options: Option<LabelOptionsShape>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDataResultShape {
    id: String,
    label: String,
    timestamps: Vec<Timestamp>,
    values: Vec<f64>,
    status_code: String,
    messages: Vec<()>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricDataResponse {
    metric_data_results: Vec<MetricDataResultShape>,
    messages: Vec<()>,
}

fn bad_id(id: &str, n: usize) -> ApiError {
    invalid(
        format!("The value {id} for parameter MetricDataQueries.member.{n}.Id is invalid."),
        "A query Id starts with a lowercase letter and holds only letters, digits and underscores (e.g. m1, cpu_avg).",
        "쿼리 Id는 소문자로 시작하고 문자, 숫자, 밑줄만 쓸 수 있습니다(예: m1, cpu_avg).",
    )
}

pub fn get_metric_data(w: &mut World, region: &str, r: GetMetricDataRequest) -> Result<GetMetricDataResponse, ApiError> {
    let start = require(r.start_time, "StartTime")?;
    let end = require(r.end_time, "EndTime")?;
    let _ = r.label_options.map(|l| l.timezone);
    if r.next_token.is_some() {
        return Err(ApiError::new("InvalidNextToken", "The service couldn't process the NextToken: ec2lab returns every datapoint in one page.").hint(
            "GetMetricData answers in one page here: there is no next page to ask for.",
            "ec2lab에서는 GetMetricData가 한 페이지로 모두 답합니다. 다음 페이지가 없습니다.",
        ));
    }
    let descending = match r.scan_by.as_deref() {
        None | Some("TimestampDescending") => true,
        Some("TimestampAscending") => false,
        Some(x) => {
            return Err(invalid(
                format!("The value {x} for parameter ScanBy is invalid."),
                "ScanBy is TimestampDescending (the default: newest first) or TimestampAscending.",
                "ScanBy는 TimestampDescending(기본값: 최신 먼저) 또는 TimestampAscending입니다.",
            ))
        }
    };
    if r.max_datapoints.is_some_and(|m| m < 1) {
        return Err(invalid(
            "The parameter MaxDatapoints must be greater than 0.",
            "MaxDatapoints is a positive number (default 100,800).",
            "MaxDatapoints는 양수입니다(기본값 100,800).",
        ));
    }
    if r.metric_data_queries.is_empty() || r.metric_data_queries.len() > 500 {
        return Err(invalid(
            "The collection MetricDataQueries must have between 1 and 500 members.",
            "GetMetricData takes 1 to 500 queries per call.",
            "GetMetricData에는 쿼리를 1~500개 넣을 수 있습니다.",
        ));
    }
    let mut queries = vec![];
    for (i, q) in r.metric_data_queries.into_iter().enumerate() {
        let n = i + 1;
        let _ = q.account_id;
        let mut chars = q.id.chars();
        if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') || q.id.len() > 255 {
            return Err(bad_id(&q.id, n));
        }
        if queries.iter().any(|x: &DataQuery| x.id == q.id) {
            return Err(invalid(
                "The values for parameter id in MetricDataQueries are not unique.",
                "Each query needs its own Id.",
                "각 쿼리의 Id는 서로 달라야 합니다.",
            ));
        }
        match (q.metric_stat, q.expression) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(combination(
                    format!("Exactly one element of the metricStat or the expression must be set in MetricDataQueries.member.{n}."),
                    "A query is either a MetricStat (one metric, one statistic) or an Expression, never both or neither.",
                    "쿼리는 MetricStat(지표 하나, 통계 하나) 또는 Expression 중 하나만 가져야 합니다.",
                ))
            }
            (None, Some(e)) => {
                return Err(invalid(
                    format!("ec2lab does not evaluate metric math or Metrics Insights expressions (MetricDataQueries.member.{n}.Expression = {e:?})."),
                    "Metric math is not simulated: fetch each metric with a MetricStat and combine the values yourself (Python).",
                    "지표 수식(metric math)은 시뮬레이션하지 않습니다. 각 지표를 MetricStat으로 가져와 Python에서 직접 계산하세요.",
                ))
            }
            (Some(ms), None) => {
                let (Some(ns), Some(name)) = (ms.metric.namespace, ms.metric.metric_name) else {
                    return Err(missing(
                        format!("The parameter MetricDataQueries.member.{n}.MetricStat.Metric must have a Namespace and a MetricName."),
                        "Name the metric: Metric={'Namespace': 'AWS/EC2', 'MetricName': 'CPUUtilization', 'Dimensions': [...]}.",
                        "지표를 지정하세요: Metric={'Namespace': 'AWS/EC2', 'MetricName': 'CPUUtilization', 'Dimensions': [...]}.",
                    ));
                };
                let stat = Stat::parse(&ms.stat).ok_or_else(|| bad_statistic(&ms.stat, &format!("MetricDataQueries.member.{n}.MetricStat.Stat")))?;
                queries.push(DataQuery {
                    id: q.id,
                    label: q.label,
                    key: key(ns, name, ms.metric.dimensions),
                    period: q.period.unwrap_or(ms.period),
                    stat,
                    unit: ms.unit,
                    return_data: q.return_data.unwrap_or(true),
                });
            }
        }
    }
    let results = ops::get_metric_data(w, region, &queries, start, end, descending)?;
    let max = r.max_datapoints.unwrap_or(100_800) as usize;
    let mut budget = max;
    Ok(GetMetricDataResponse {
        metric_data_results: results
            .into_iter()
            .map(|res| {
                let take = res.points.len().min(budget);
                budget -= take;
                let partial = take < res.points.len();
                let pts = &res.points[..take];
                MetricDataResultShape {
                    id: res.id,
                    label: res.label,
                    timestamps: pts.iter().map(|p| Timestamp(p.timestamp)).collect(),
                    values: pts.iter().map(|p| p.value).collect(),
                    status_code: if partial { "PartialData".into() } else { "Complete".into() },
                    messages: vec![],
                }
            })
            .collect(),
        messages: vec![],
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DimensionFilterShape {
    name: String,
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListMetricsRequest {
    namespace: Option<String>,
    metric_name: Option<String>,
    dimensions: Option<Vec<DimensionFilterShape>>,
    next_token: Option<String>,
    recently_active: Option<String>,
    include_linked_accounts: Option<bool>,
    owning_account: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricOut {
    namespace: String,
    metric_name: String,
    dimensions: Vec<DimensionShape>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMetricsResponse {
    metrics: Vec<MetricOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// ListMetrics pages hold 500 metrics (BC:cw/ListMetrics).
const PAGE: usize = 500;

pub fn list_metrics(w: &mut World, region: &str, r: ListMetricsRequest) -> Result<ListMetricsResponse, ApiError> {
    let _ = (r.include_linked_accounts, r.owning_account);
    let filters: Vec<(String, Option<String>)> = r.dimensions.unwrap_or_default().into_iter().map(|d| (d.name, d.value)).collect();
    let keys = ops::list_metrics(w, region, r.namespace.as_deref(), r.metric_name.as_deref(), &filters, r.recently_active.as_deref())?;
    let from = match &r.next_token {
        None => 0,
        Some(t) => t.parse::<usize>().ok().filter(|n| *n <= keys.len()).ok_or_else(|| {
            invalid(
                format!("Invalid NextToken: {t}"),
                "Pass the NextToken of the previous ListMetrics answer unchanged.",
                "이전 ListMetrics 응답의 NextToken을 그대로 넘기세요.",
            )
        })?,
    };
    let page: Vec<MetricOut> = keys
        .iter()
        .skip(from)
        .take(PAGE)
        .map(|k| MetricOut {
            namespace: k.namespace.clone(),
            metric_name: k.name.clone(),
            dimensions: k.dimensions.iter().map(|(n, v)| DimensionShape { name: n.clone(), value: v.clone() }).collect(),
        })
        .collect();
    let next_token = (from + PAGE < keys.len()).then(|| (from + PAGE).to_string());
    Ok(ListMetricsResponse { metrics: page, next_token })
}
