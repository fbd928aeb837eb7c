//! CreateLaunchTemplate, CreateLaunchTemplateVersion, DescribeLaunchTemplates,
//! DescribeLaunchTemplateVersions, ModifyLaunchTemplate, DeleteLaunchTemplate.
use super::net_common::tags_for;
use crate::api::{filters, Filters, Tag, TagSpecification, Timestamp};
use crate::compute::launch_templates::{self as lt, LaunchTemplate, TemplateData};
use crate::error::ApiError;
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLaunchTemplateRequest {
    client_token: Option<String>,
    launch_template_name: String,
    version_description: Option<String>,
    launch_template_data: TemplateData,
    tag_specifications: Option<Vec<TagSpecification>>,
}

/// botocore's `LaunchTemplate`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateShape {
    launch_template_id: String,
    launch_template_name: String,
    create_time: Timestamp,
    created_by: String,
    default_version_number: i64,
    latest_version_number: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateResponse {
    launch_template: LaunchTemplateShape,
}

fn tag_list(tags: Option<&Tags>) -> Vec<Tag> {
    tags.map(|t| t.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect()).unwrap_or_default()
}

fn shape(reg: &Region, t: &LaunchTemplate) -> LaunchTemplateShape {
    LaunchTemplateShape {
        launch_template_id: t.id.clone(),
        launch_template_name: t.name.clone(),
        create_time: Timestamp(t.created_at),
        created_by: lt::created_by(),
        default_version_number: t.default_version,
        latest_version_number: t.latest_version,
        tags: tag_list(reg.tags.get(&t.id)),
    }
}

pub fn create_launch_template(w: &mut World, region: &str, r: CreateLaunchTemplateRequest) -> Result<CreateLaunchTemplateResponse, ApiError> {
    let _ = r.client_token;
    let tags = tags_for(&r.tag_specifications, "launch-template")?;
    let id = lt::create(w, region, &r.launch_template_name, r.version_description, r.launch_template_data, &tags)?;
    let reg = w.region(region)?;
    Ok(CreateLaunchTemplateResponse { launch_template: shape(reg, &reg.compute.launch_templates[&id]) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLaunchTemplateVersionRequest {
    client_token: Option<String>,
    launch_template_id: Option<String>,
    launch_template_name: Option<String>,
    source_version: Option<String>,
    version_description: Option<String>,
    launch_template_data: TemplateData,
    resolve_alias: Option<bool>,
}

/// botocore's `LaunchTemplateVersion`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersionShape {
    launch_template_id: String,
    launch_template_name: String,
    version_number: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    version_description: Option<String>,
    create_time: Timestamp,
    created_by: String,
    default_version: bool,
    launch_template_data: TemplateData,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateVersionResponse {
    launch_template_version: VersionShape,
}

fn version_shape(t: &LaunchTemplate, n: i64) -> VersionShape {
    let v = t.version(n).expect("resolved version");
    VersionShape {
        launch_template_id: t.id.clone(),
        launch_template_name: t.name.clone(),
        version_number: v.number,
        version_description: v.description.clone(),
        create_time: Timestamp(v.created_at),
        created_by: lt::created_by(),
        default_version: t.default_version == v.number,
        launch_template_data: v.data.clone(),
    }
}

pub fn create_launch_template_version(
    w: &mut World,
    region: &str,
    r: CreateLaunchTemplateVersionRequest,
) -> Result<CreateLaunchTemplateVersionResponse, ApiError> {
    let _ = (r.client_token, r.resolve_alias);
    let (id, n) = lt::create_version(
        w,
        region,
        r.launch_template_id.as_deref(),
        r.launch_template_name.as_deref(),
        r.source_version.as_deref(),
        r.version_description,
        r.launch_template_data,
    )?;
    let t = &w.region(region)?.compute.launch_templates[&id];
    Ok(CreateLaunchTemplateVersionResponse { launch_template_version: version_shape(t, n) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLaunchTemplatesRequest {
    launch_template_ids: Option<Vec<String>>,
    launch_template_names: Option<Vec<String>>,
    filters: Filters,
    next_token: Option<String>,
    max_results: Option<i64>,
    include_managed_resources: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplatesResponse {
    launch_templates: Vec<LaunchTemplateShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct Filterable<'a> {
    t: &'a LaunchTemplate,
    tags: Option<&'a Tags>,
}

impl FilterValues for Filterable<'_> {
    const NAMES: &'static [&'static str] = &["create-time", "launch-template-name", "tag-key"];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "create-time" => vec![crate::sim::clock::iso8601(self.t.created_at)],
            "launch-template-name" => vec![self.t.name.clone()],
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_launch_templates(w: &World, region: &str, r: DescribeLaunchTemplatesRequest) -> Result<DescribeLaunchTemplatesResponse, ApiError> {
    let _ = r.include_managed_resources;
    let reg = w.region(region)?;
    let f = filters(&r.filters);
    check_names::<Filterable>(&f)?;
    // Named templates must all exist (the first missing one is reported).
    for id in r.launch_template_ids.iter().flatten() {
        lt::find(w, region, Some(id), None)?;
    }
    for name in r.launch_template_names.iter().flatten() {
        lt::find(w, region, None, Some(name)).map_err(|_| {
            ApiError::new("InvalidLaunchTemplateName.NotFoundException", "At least one of the launch templates specified in the request does not exist.")
                .hint(format!("No launch template is named {name} in this Region."), format!("이 리전에 {name} 시작 템플릿이 없습니다."))
        })?;
    }
    let mut out = Vec::new();
    for t in reg.compute.launch_templates.values() {
        if r.launch_template_ids.as_ref().is_some_and(|ids| !ids.contains(&t.id)) {
            continue;
        }
        if r.launch_template_names.as_ref().is_some_and(|n| !n.contains(&t.name)) {
            continue;
        }
        if !matches(&f, &Filterable { t, tags: reg.tags.get(&t.id) })? {
            continue;
        }
        out.push(t);
    }
    out.sort_by_key(|t| (t.created_at, t.id.clone()));
    let page = paginate(out, r.max_results, r.next_token.as_deref(), (1, 200))?;
    Ok(DescribeLaunchTemplatesResponse { launch_templates: page.items.into_iter().map(|t| shape(reg, t)).collect(), next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLaunchTemplateVersionsRequest {
    launch_template_id: Option<String>,
    launch_template_name: Option<String>,
    versions: Option<Vec<String>>,
    min_version: Option<String>,
    max_version: Option<String>,
    next_token: Option<String>,
    max_results: Option<i64>,
    filters: Filters,
    resolve_alias: Option<bool>,
    include_managed_resources: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplateVersionsResponse {
    launch_template_versions: Vec<VersionShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn describe_launch_template_versions(
    w: &World,
    region: &str,
    r: DescribeLaunchTemplateVersionsRequest,
) -> Result<DescribeLaunchTemplateVersionsResponse, ApiError> {
    let _ = (r.resolve_alias, r.include_managed_resources);
    if r.filters.as_ref().is_some_and(|f| !f.is_empty()) {
        return Err(ApiError::new("NotImplemented", "ec2lab does not filter launch template versions yet.").status(501).hint(
            "Ask for versions by number ($Latest, $Default) or MinVersion/MaxVersion instead of Filters.",
            "Filters 대신 버전 번호($Latest, $Default)나 MinVersion/MaxVersion으로 요청하세요.",
        ));
    }
    let t = lt::find(w, region, r.launch_template_id.as_deref(), r.launch_template_name.as_deref())?;
    let bound = |v: &Option<String>| -> Result<Option<i64>, ApiError> { v.as_deref().map(|s| lt::resolve_version(t, Some(s))).transpose() };
    let (lo, hi) = (bound(&r.min_version)?, bound(&r.max_version)?);
    let mut numbers: Vec<i64> = match &r.versions {
        Some(vs) if !vs.is_empty() => vs.iter().map(|v| lt::resolve_version(t, Some(v))).collect::<Result<_, _>>()?,
        _ => t.versions.iter().map(|v| v.number).collect(),
    };
    numbers.retain(|n| lo.is_none_or(|l| *n >= l) && hi.is_none_or(|h| *n <= h));
    numbers.dedup();
    let page = paginate(numbers, r.max_results, r.next_token.as_deref(), (1, 200))?;
    Ok(DescribeLaunchTemplateVersionsResponse {
        launch_template_versions: page.items.into_iter().map(|n| version_shape(t, n)).collect(),
        next_token: page.next_token,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyLaunchTemplateRequest {
    client_token: Option<String>,
    launch_template_id: Option<String>,
    launch_template_name: Option<String>,
    default_version: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyLaunchTemplateResponse {
    launch_template: LaunchTemplateShape,
}

pub fn modify_launch_template(w: &mut World, region: &str, r: ModifyLaunchTemplateRequest) -> Result<ModifyLaunchTemplateResponse, ApiError> {
    let _ = r.client_token;
    let id = lt::set_default(w, region, r.launch_template_id.as_deref(), r.launch_template_name.as_deref(), r.default_version.as_deref())?;
    let reg = w.region(region)?;
    Ok(ModifyLaunchTemplateResponse { launch_template: shape(reg, &reg.compute.launch_templates[&id]) })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteLaunchTemplateRequest {
    launch_template_id: Option<String>,
    launch_template_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteLaunchTemplateResponse {
    launch_template: LaunchTemplateShape,
}

pub fn delete_launch_template(w: &mut World, region: &str, r: DeleteLaunchTemplateRequest) -> Result<DeleteLaunchTemplateResponse, ApiError> {
    let tags = {
        let t = lt::find(w, region, r.launch_template_id.as_deref(), r.launch_template_name.as_deref())?;
        w.region(region)?.tags.get(&t.id).cloned()
    };
    let t = lt::delete(w, region, r.launch_template_id.as_deref(), r.launch_template_name.as_deref())?;
    let mut s = shape(w.region(region)?, &t);
    s.tags = tag_list(tags.as_ref());
    Ok(DeleteLaunchTemplateResponse { launch_template: s })
}
