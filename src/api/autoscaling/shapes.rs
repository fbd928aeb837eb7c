//! Response shapes several Auto Scaling operations share.
use crate::api::Timestamp;
use crate::autoscaling::{Activity, TemplateRef};
use crate::error::ApiError;
use crate::query::{paginate, Page};
use serde::Serialize;

/// The answer of operations whose output shape has no members.
#[derive(Serialize)]
pub struct Empty {}

/// BC:as/LaunchTemplateSpecification.
#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct TemplateShape {
    launch_template_id: String,
    launch_template_name: String,
    version: String,
}

impl From<&TemplateRef> for TemplateShape {
    fn from(t: &TemplateRef) -> Self {
        TemplateShape { launch_template_id: t.id.clone(), launch_template_name: t.name.clone(), version: t.version.clone() }
    }
}

/// BC:as/Activity.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityShape {
    activity_id: String,
    auto_scaling_group_name: String,
    description: String,
    cause: String,
    start_time: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<Timestamp>,
    status_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_message: Option<String>,
    progress: i64,
    details: String,
    #[serde(rename = "AutoScalingGroupARN")]
    auto_scaling_group_arn: String,
}

impl From<&Activity> for ActivityShape {
    fn from(a: &Activity) -> Self {
        ActivityShape {
            activity_id: a.id.clone(),
            auto_scaling_group_name: a.group.clone(),
            description: a.description.clone(),
            cause: a.cause.clone(),
            start_time: Timestamp(a.start),
            end_time: a.end.map(Timestamp),
            status_code: a.status.clone(),
            status_message: a.message.clone(),
            progress: a.progress,
            details: a.details.clone(),
            auto_scaling_group_arn: a.group_arn.clone(),
        }
    }
}

/// MaxRecords / NextToken paging, with Auto Scaling's refusal for a bad MaxRecords.
pub fn page<T>(items: Vec<T>, max_records: Option<i64>, next_token: Option<&str>, max: i64) -> Result<Page<T>, ApiError> {
    if let Some(m) = max_records {
        if m < 1 || m > max {
            return Err(crate::autoscaling::errors::validation(
                format!("MaxRecords must be between 1 and {max}; got {m}."),
                format!("MaxRecords is a page size from 1 to {max}; page on with NextToken."),
                format!("MaxRecords는 1~{max} 사이의 페이지 크기입니다. NextToken으로 다음 페이지를 받으세요."),
            ));
        }
    }
    // Without MaxRecords AWS pages by its default size (50 for groups, 100 for activities).
    let size = max_records.or(Some(if max >= 100 { 100 } else { 50 }));
    paginate(items, size, next_token, (1, max.max(100)))
        .map_err(|e| crate::autoscaling::errors::validation("The NextToken value is invalid.".to_string(), e.hint_en, e.hint_ko))
}
