//! Launch templates: named, versioned launch parameters (what Auto Scaling launches from).
//!
//! A template keeps every version; `$Latest` and `$Default` are aliases resolved here. The data
//! is the subset of `RequestLaunchTemplateData` a launch uses (image, type, key, groups, user
//! data, tags, monitoring, credits, profile, protections, metadata tokens); it is kept as given
//! and echoed by DescribeLaunchTemplateVersions.
use super::LaunchSpec;
use crate::error::ApiError;
use crate::sim::{IdGen, Millis};
use crate::world::World;
use serde::{Deserialize, Serialize};

/// Versions per template (AWS: 10,000; EC2 quotas page).
pub const MAX_VERSIONS: usize = 10_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateTag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateTagSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TemplateTag>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Enabled {
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CpuCredits {
    pub cpu_credits: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ProfileRef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetadataOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_tokens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_put_response_hop_limit: Option<i64>,
}

/// The launch parameters of one version (`RequestLaunchTemplateData`, modelled members).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebs_optimized: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<ProfileRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<Enabled>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_termination: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_initiated_shutdown_behavior: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Vec<TemplateTagSpec>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_specification: Option<CpuCredits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<MetadataOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_stop: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateVersion {
    pub number: i64,
    pub description: Option<String>,
    pub created_at: Millis,
    pub data: TemplateData,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    pub created_at: Millis,
    pub default_version: i64,
    pub latest_version: i64,
    /// Every version still kept, oldest first.
    pub versions: Vec<TemplateVersion>,
}

impl LaunchTemplate {
    pub fn version(&self, n: i64) -> Option<&TemplateVersion> {
        self.versions.iter().find(|v| v.number == n)
    }
}

/// Who created it, as DescribeLaunchTemplates shows (the account's root user).
pub fn created_by() -> String {
    format!("arn:aws:iam::{}:root", crate::world::ACCOUNT_ID)
}

fn name_rule_error(name: &str) -> ApiError {
    ApiError::new(
        "InvalidLaunchTemplateName.MalformedException",
        "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'",
    )
    .hint(
        format!("'{name}' breaks the naming rule: 3-128 characters of letters, digits and - ( ) . / _"),
        format!("'{name}'은(는) 이름 규칙을 어깁니다: 문자, 숫자, - ( ) . / _ 로 된 3~128자여야 합니다."),
    )
}

pub fn check_name(name: &str) -> Result<(), ApiError> {
    let ok = (3..=128).contains(&name.chars().count()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "-()./_".contains(c));
    if ok {
        Ok(())
    } else {
        Err(name_rule_error(name))
    }
}

pub fn id_not_found(id: &str) -> ApiError {
    ApiError::new("InvalidLaunchTemplateId.NotFound", format!("The specified launch template, with template ID {id}, does not exist.")).hint(
        "No launch template has this id in this Region; list them with describe_launch_templates.",
        "이 리전에 이 ID의 시작 템플릿이 없습니다. describe_launch_templates로 목록을 보세요.",
    )
}

pub fn name_not_found(name: &str) -> ApiError {
    ApiError::new("InvalidLaunchTemplateName.NotFoundException", format!("The specified launch template, with template name {name}, does not exist.")).hint(
        "No launch template has this name in this Region; names are case-sensitive. List them with describe_launch_templates.",
        "이 리전에 이 이름의 시작 템플릿이 없습니다(대소문자 구분). describe_launch_templates로 목록을 보세요.",
    )
}

fn malformed_id(id: &str) -> ApiError {
    ApiError::new("InvalidLaunchTemplateId.Malformed", format!("The specified ID ({id}) is not valid."))
        .hint("Launch template ids look like lt- followed by 17 hex digits.", "시작 템플릿 ID는 lt- 뒤에 16진수 17자리가 붙은 형태입니다.")
}

/// The template named by exactly one of id / name.
pub fn find<'w>(w: &'w World, region: &str, id: Option<&str>, name: Option<&str>) -> Result<&'w LaunchTemplate, ApiError> {
    let store = &w.region(region)?.compute.launch_templates;
    match (id, name) {
        (Some(_), Some(_)) => {
            Err(ApiError::invalid_parameter_combination("Both a launch template ID and a launch template name were specified. Specify only one.").hint(
                "Name the template by LaunchTemplateId or by LaunchTemplateName, not both.",
                "LaunchTemplateId 또는 LaunchTemplateName 중 하나로만 템플릿을 지정하세요.",
            ))
        }
        (None, None) => Err(ApiError::missing_parameter("The request must contain the parameter LaunchTemplateName or LaunchTemplateId").hint(
            "Say which template: LaunchTemplateId='lt-...' or LaunchTemplateName='...'.",
            "어떤 템플릿인지 지정하세요: LaunchTemplateId='lt-...' 또는 LaunchTemplateName='...'.",
        )),
        (Some(id), None) => {
            if !IdGen::well_formed(id, "lt") {
                return Err(malformed_id(id));
            }
            store.get(id).ok_or_else(|| id_not_found(id))
        }
        (None, Some(name)) => store.values().find(|t| t.name == name).ok_or_else(|| name_not_found(name)),
    }
}

/// `$Latest`, `$Default` or a number → the version number.
pub fn resolve_version(t: &LaunchTemplate, version: Option<&str>) -> Result<i64, ApiError> {
    let n = match version.unwrap_or("$Default") {
        "$Latest" => t.latest_version,
        "$Default" => t.default_version,
        v => v.parse::<i64>().map_err(|_| {
            ApiError::invalid_parameter_value(format!("Invalid launch template version: '{v}'"))
                .hint("A version is a number, $Latest or $Default.", "버전은 숫자, $Latest 또는 $Default입니다.")
        })?,
    };
    if t.version(n).is_none() {
        return Err(ApiError::new(
            "InvalidLaunchTemplateId.VersionNotFound",
            format!("Could not find the specified version {n} for the launch template with ID {}.", t.id),
        )
        .hint(
            format!("{} has versions 1 to {}; list them with describe_launch_template_versions.", t.name, t.latest_version),
            format!("{}의 버전은 1~{}입니다. describe_launch_template_versions로 확인하세요.", t.name, t.latest_version),
        ));
    }
    Ok(n)
}

fn check_data(w: &World, region: &str, data: &TemplateData) -> Result<(), ApiError> {
    if let Some(t) = &data.instance_type {
        if crate::catalog::instance_type(t).is_none() {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{t}' for InstanceType.")).hint(
                "Instance type names look like t3.micro; see describe_instance_types.",
                "인스턴스 유형 이름은 t3.micro 같은 형식입니다. describe_instance_types를 보세요.",
            ));
        }
    }
    if let Some(img) = &data.image_id {
        w.region(region)?.images.resolve(img)?;
    }
    for spec in data.tag_specifications.iter().flatten() {
        let rtype = spec.resource_type.as_deref().unwrap_or("");
        if !matches!(rtype, "instance" | "volume" | "network-interface" | "spot-instances-request") {
            return Err(ApiError::invalid_parameter_value(format!("'{rtype}' is not a valid taggable resource type for this operation.")).hint(
                "A launch template tags what it launches: ResourceType 'instance', 'volume' or 'network-interface'.",
                "시작 템플릿은 시작하는 리소스에 태그를 답니다: ResourceType 'instance', 'volume', 'network-interface'.",
            ));
        }
        let tags: Vec<(String, String)> = spec.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect();
        crate::tags::TagStore::default().check_set("new", &tags)?;
    }
    Ok(())
}

/// CreateLaunchTemplate: version 1, the default and the latest.
pub fn create(w: &mut World, region: &str, name: &str, description: Option<String>, data: TemplateData, tags: &[(String, String)]) -> Result<String, ApiError> {
    check_name(name)?;
    if w.region(region)?.compute.launch_templates.values().any(|t| t.name == name) {
        return Err(ApiError::new("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.").hint(
            format!("A launch template named {name} exists. Add a version to it (create_launch_template_version) or pick another name."),
            format!("{name} 시작 템플릿이 이미 있습니다. 새 버전을 추가하거나(create_launch_template_version) 다른 이름을 쓰세요."),
        ));
    }
    check_data(w, region, &data)?;
    w.region(region)?.tags.check_set("new", tags)?;
    let id = IdGen::new_id(&mut w.rng, "lt");
    let now = w.now();
    let t = LaunchTemplate {
        id: id.clone(),
        name: name.to_string(),
        created_at: now,
        default_version: 1,
        latest_version: 1,
        versions: vec![TemplateVersion { number: 1, description, created_at: now, data }],
    };
    let reg = w.region_mut(region)?;
    reg.compute.launch_templates.insert(id.clone(), t);
    reg.tags.set(&id, tags);
    Ok(id)
}

/// CreateLaunchTemplateVersion: a new latest version, from scratch or on top of `source`.
pub fn create_version(
    w: &mut World,
    region: &str,
    id: Option<&str>,
    name: Option<&str>,
    source: Option<&str>,
    description: Option<String>,
    data: TemplateData,
) -> Result<(String, i64), ApiError> {
    let t = find(w, region, id, name)?;
    let data = match source {
        Some(s) => {
            let n = resolve_version(t, Some(s))?;
            merge(&t.version(n).expect("resolved").data, data)
        }
        None => data,
    };
    if t.versions.len() >= MAX_VERSIONS {
        return Err(ApiError::new("VersionLimitExceeded", format!("Launch template {} has reached its maximum number of versions ({MAX_VERSIONS}).", t.id))
            .hint("Delete old versions first.", "먼저 오래된 버전을 지우세요."));
    }
    check_data(w, region, &data)?;
    let tid = t.id.clone();
    let now = w.now();
    let t = w.region_mut(region)?.compute.launch_templates.get_mut(&tid).expect("found");
    t.latest_version += 1;
    let n = t.latest_version;
    t.versions.push(TemplateVersion { number: n, description, created_at: now, data });
    Ok((tid, n))
}

/// A version built on a source version: the new data's members override the source's.
fn merge(base: &TemplateData, over: TemplateData) -> TemplateData {
    let b = base.clone();
    TemplateData {
        ebs_optimized: over.ebs_optimized.or(b.ebs_optimized),
        iam_instance_profile: over.iam_instance_profile.or(b.iam_instance_profile),
        image_id: over.image_id.or(b.image_id),
        instance_type: over.instance_type.or(b.instance_type),
        key_name: over.key_name.or(b.key_name),
        monitoring: over.monitoring.or(b.monitoring),
        disable_api_termination: over.disable_api_termination.or(b.disable_api_termination),
        instance_initiated_shutdown_behavior: over.instance_initiated_shutdown_behavior.or(b.instance_initiated_shutdown_behavior),
        user_data: over.user_data.or(b.user_data),
        tag_specifications: over.tag_specifications.or(b.tag_specifications),
        security_group_ids: over.security_group_ids.or(b.security_group_ids),
        security_groups: over.security_groups.or(b.security_groups),
        credit_specification: over.credit_specification.or(b.credit_specification),
        metadata_options: over.metadata_options.or(b.metadata_options),
        disable_api_stop: over.disable_api_stop.or(b.disable_api_stop),
    }
}

/// ModifyLaunchTemplate: sets the default version.
pub fn set_default(w: &mut World, region: &str, id: Option<&str>, name: Option<&str>, version: Option<&str>) -> Result<String, ApiError> {
    let t = find(w, region, id, name)?;
    let tid = t.id.clone();
    let n = match version {
        Some(v) => resolve_version(t, Some(v))?,
        None => t.default_version,
    };
    w.region_mut(region)?.compute.launch_templates.get_mut(&tid).expect("found").default_version = n;
    Ok(tid)
}

/// DeleteLaunchTemplate: the template and all its versions. A group still naming it is
/// refused by Auto Scaling at its next launch, not here (as AWS).
pub fn delete(w: &mut World, region: &str, id: Option<&str>, name: Option<&str>) -> Result<LaunchTemplate, ApiError> {
    let tid = find(w, region, id, name)?.id.clone();
    let reg = w.region_mut(region)?;
    reg.tags.forget(&tid);
    reg.elb.launch_apps.retain(|(t, _), _| t != &tid);
    Ok(reg.compute.launch_templates.remove(&tid).expect("found"))
}

/// The RunInstances parameters of one version, for one instance in `subnet_id`.
pub fn launch_spec(data: &TemplateData, subnet_id: Option<&str>) -> LaunchSpec {
    let mut tags: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for s in data.tag_specifications.iter().flatten() {
        let rtype = s.resource_type.clone().unwrap_or_default();
        if rtype == "spot-instances-request" {
            continue;
        }
        tags.push((rtype, s.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect()));
    }
    LaunchSpec {
        image_id: data.image_id.clone().unwrap_or_default(),
        instance_type: data.instance_type.clone(),
        min_count: 1,
        max_count: 1,
        subnet_id: subnet_id.map(str::to_string),
        key_name: data.key_name.clone(),
        security_group_ids: data.security_group_ids.clone().unwrap_or_default(),
        security_group_names: data.security_groups.clone().unwrap_or_default(),
        tags,
        disable_api_termination: data.disable_api_termination.unwrap_or(false),
        disable_api_stop: data.disable_api_stop.unwrap_or(false),
        shutdown_behavior: data.instance_initiated_shutdown_behavior.clone(),
        user_data: data.user_data.clone(),
        credit_specification: data.credit_specification.as_ref().and_then(|c| c.cpu_credits.clone()),
        monitoring: data.monitoring.as_ref().and_then(|m| m.enabled).unwrap_or(false),
        iam_instance_profile_arn: data.iam_instance_profile.as_ref().and_then(|p| p.arn.clone()),
        iam_instance_profile_name: data.iam_instance_profile.as_ref().and_then(|p| p.name.clone()),
        ebs_optimized: data.ebs_optimized,
        http_tokens: data.metadata_options.as_ref().and_then(|m| m.http_tokens.clone()),
        ..Default::default()
    }
}
