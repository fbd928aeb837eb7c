//! The calls that change a group: every check first (a refused call changes nothing), then the
//! change, then one reconcile pass so that launches and terminations start at once.
use super::activity::at;
use super::errors::{group_exists, group_not_found, group_not_found_null, in_progress, instance_not_in_group, validation};
use super::model::{Group, GroupTag, Lifecycle, TemplateRef, Unhealthy};
use super::reconcile;
use crate::compute::launch_templates as lt;
use crate::elb::targets::{self, TargetSpec};
use crate::error::ApiError;
use crate::sim::IdGen;
use crate::world::{World, ACCOUNT_ID};

/// Health check types (BC:as/CreateAutoScalingGroup); only EC2 and ELB change behaviour here.
pub const HEALTH_CHECK_TYPES: &[&str] = &["EC2", "ELB", "EBS", "VPC_LATTICE"];
pub const TERMINATION_POLICIES: &[&str] =
    &["Default", "OldestInstance", "NewestInstance", "OldestLaunchTemplate", "ClosestToNextInstanceHour", "AllocationStrategy", "OldestLaunchConfiguration"];
/// DefaultCooldown when not given (§13).
pub const DEFAULT_COOLDOWN_S: i64 = 300;

/// CreateAutoScalingGroup / UpdateAutoScalingGroup in domain terms (None: not given).
#[derive(Debug, Clone, Default)]
pub struct GroupSpec {
    pub name: String,
    pub template_id: Option<String>,
    pub template_name: Option<String>,
    pub template_version: Option<String>,
    /// LaunchConfigurationName / InstanceId / MixedInstancesPolicy were given (not modelled).
    pub other_source: Option<&'static str>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub desired: Option<i64>,
    pub default_cooldown: Option<i64>,
    pub azs: Vec<String>,
    pub vpc_zone_identifier: Option<String>,
    pub target_groups: Vec<String>,
    pub health_check_type: Option<String>,
    pub grace_s: Option<i64>,
    pub termination_policies: Option<Vec<String>>,
    pub new_instances_protected: Option<bool>,
    pub default_instance_warmup: Option<i64>,
    pub tags: Vec<GroupTag>,
}

fn template_ref(w: &World, region: &str, spec: &GroupSpec) -> Result<TemplateRef, ApiError> {
    if spec.template_id.is_some() == spec.template_name.is_some() {
        return Err(validation(
            "Valid requests must contain either launchTemplateId or LaunchTemplateName",
            "Name the launch template once: LaunchTemplate={'LaunchTemplateId': 'lt-...'} or {'LaunchTemplateName': '...'}.",
            "시작 템플릿을 한 가지로 지정하세요: LaunchTemplate={'LaunchTemplateId': 'lt-...'} 또는 {'LaunchTemplateName': '...'}.",
        ));
    }
    let fully_formed = |e: ApiError| {
        validation(
            format!("You must use a valid fully-formed launch template. {}", e.message),
            format!("The group launches from this template, so it must exist and have the version asked for. {}", e.hint_en),
            format!("그룹은 이 템플릿으로 인스턴스를 시작하므로 템플릿과 요청한 버전이 있어야 합니다. {}", e.hint_ko),
        )
    };
    let t = lt::find(w, region, spec.template_id.as_deref(), spec.template_name.as_deref()).map_err(fully_formed)?;
    let version = spec.template_version.clone().unwrap_or_else(|| "$Default".to_string());
    let n = lt::resolve_version(t, Some(&version)).map_err(fully_formed)?;
    if t.version(n).is_some_and(|v| v.data.image_id.is_none()) {
        return Err(validation(
            format!("You must use a valid fully-formed launch template. The launch template {} version {n} does not specify an AMI (ImageId).", t.id),
            "A group's template must name the AMI to launch: add ImageId to LaunchTemplateData (create_launch_template_version).",
            "그룹의 템플릿에는 시작할 AMI가 있어야 합니다. LaunchTemplateData에 ImageId를 넣으세요(create_launch_template_version).",
        ));
    }
    Ok(TemplateRef { id: t.id.clone(), name: t.name.clone(), version })
}

fn check_sizes(min: i64, max: i64, desired: i64) -> Result<(), ApiError> {
    if min < 0 || max < 0 {
        return Err(validation(
            "MinSize and MaxSize must be greater than or equal to 0.",
            "Sizes count instances: 0 or more.",
            "크기는 인스턴스 수이므로 0 이상이어야 합니다.",
        ));
    }
    if min > max {
        return Err(validation(
            format!("Max bound, {max}, must be greater than or equal to min bound, {min}"),
            "MinSize ≤ DesiredCapacity ≤ MaxSize: raise MaxSize or lower MinSize.",
            "MinSize ≤ DesiredCapacity ≤ MaxSize여야 합니다. MaxSize를 올리거나 MinSize를 내리세요.",
        ));
    }
    if desired < min || desired > max {
        return Err(validation(
            format!("Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"),
            "DesiredCapacity must lie between MinSize and MaxSize (inclusive).",
            "DesiredCapacity는 MinSize와 MaxSize 사이(포함)여야 합니다.",
        ));
    }
    Ok(())
}

/// The subnets of VPCZoneIdentifier (or the default subnets of AvailabilityZones) and their AZs.
fn placement(w: &World, region: &str, vpc_zone_identifier: Option<&str>, azs: &[String]) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let reg = w.region(region)?;
    let mut subnets: Vec<String> = Vec::new();
    match vpc_zone_identifier.map(str::trim).filter(|s| !s.is_empty()) {
        Some(list) => {
            for s in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !reg.network.subnets.contains_key(s) {
                    return Err(validation(
                        format!("The subnet ID '{s}' does not exist"),
                        "VPCZoneIdentifier is a comma-separated list of subnet ids in this Region (describe_subnets).",
                        "VPCZoneIdentifier는 이 리전의 서브넷 ID를 쉼표로 이은 목록입니다(describe_subnets).",
                    ));
                }
                if !subnets.iter().any(|x| x == s) {
                    subnets.push(s.to_string());
                }
            }
            let vpcs: std::collections::BTreeSet<&String> = subnets.iter().map(|s| &reg.network.subnets[s].vpc_id).collect();
            if vpcs.len() > 1 {
                return Err(validation(
                    "The subnets provided in VPCZoneIdentifier must all be in the same VPC.",
                    "A group lives in one VPC: give subnets of one VPC (one per AZ for high availability).",
                    "그룹은 한 VPC 안에 있습니다. 한 VPC의 서브넷을 주세요(고가용성을 위해 AZ마다 하나씩).",
                ));
            }
            let sub_azs: Vec<String> = subnets.iter().map(|s| reg.network.subnets[s].az.clone()).collect();
            if !azs.is_empty() && azs.iter().any(|a| !sub_azs.contains(a)) {
                return Err(validation(
                    "The availability zones of the specified subnets and the Auto Scaling group do not match",
                    "Give either VPCZoneIdentifier (the subnets decide the AZs) or AvailabilityZones that match them.",
                    "VPCZoneIdentifier(서브넷이 AZ를 정함)만 주거나, 그 서브넷들의 AZ와 같은 AvailabilityZones를 주세요.",
                ));
            }
        }
        None if !azs.is_empty() => {
            for az in azs {
                let default = reg.network.subnets.values().find(|s| &s.az == az && s.default_for_az);
                match default {
                    Some(s) => subnets.push(s.id.clone()),
                    None => {
                        return Err(validation(
                            format!("The availability zone {az} is not legal or has no default subnet"),
                            "Without VPCZoneIdentifier the group launches into the default subnets of its AZs: name AZs of this Region that have one, or give subnets.",
                            "VPCZoneIdentifier가 없으면 AZ의 기본 서브넷에 시작합니다. 기본 서브넷이 있는 이 리전의 AZ를 주거나 서브넷을 주세요.",
                        ))
                    }
                }
            }
        }
        None => {
            return Err(validation(
                "At least one Availability Zone or VPC Subnet is required.",
                "Say where instances go: VPCZoneIdentifier='subnet-a,subnet-b' (subnets in different AZs).",
                "인스턴스가 갈 곳을 지정하세요: VPCZoneIdentifier='subnet-a,subnet-b'(서로 다른 AZ의 서브넷).",
            ))
        }
    }
    let mut out_azs: Vec<String> = subnets.iter().map(|s| reg.network.subnets[s].az.clone()).collect();
    out_azs.sort();
    out_azs.dedup();
    Ok((subnets, out_azs))
}

fn check_target_groups(w: &World, region: &str, arns: &[String], subnets: &[String]) -> Result<(), ApiError> {
    let reg = w.region(region)?;
    let vpc = subnets.first().and_then(|s| reg.network.subnets.get(s)).map(|s| s.vpc_id.clone());
    for arn in arns {
        let ok = reg.elb.target_groups.get(arn).is_some_and(|tg| tg.target_type == crate::elb::TargetType::Instance && (vpc.is_none() || tg.vpc_id == vpc));
        if !ok {
            return Err(validation(
                "Provided Target Groups may not be valid. Please ensure they exist and try again.",
                format!(
                    "{arn} is not an instance target group in the group's VPC. Create it with create_target_group (TargetType 'instance', the subnets' VPC)."
                ),
                format!("{arn}은(는) 그룹 VPC의 instance 대상 그룹이 아닙니다. create_target_group으로 만드세요(TargetType 'instance', 서브넷의 VPC)."),
            ));
        }
    }
    Ok(())
}

fn check_misc(spec: &GroupSpec) -> Result<(), ApiError> {
    if let Some(t) = &spec.health_check_type {
        if !HEALTH_CHECK_TYPES.contains(&t.as_str()) {
            return Err(validation(
                format!("Health check type {t} is not valid. Valid values are: EC2, ELB, EBS, VPC_LATTICE."),
                "HealthCheckType is EC2 (always on) or ELB (also use the target groups' health checks).",
                "HealthCheckType은 EC2(항상 켜짐) 또는 ELB(대상 그룹 상태 검사도 사용)입니다.",
            ));
        }
    }
    for (v, what) in
        [(spec.grace_s, "HealthCheckGracePeriod"), (spec.default_cooldown, "DefaultCooldown"), (spec.default_instance_warmup, "DefaultInstanceWarmup")]
    {
        if v.is_some_and(|v| v < 0) {
            return Err(validation(
                format!("{what} must be greater than or equal to 0."),
                format!("{what} is a number of seconds, 0 or more."),
                format!("{what}는 초 단위이며 0 이상입니다."),
            ));
        }
    }
    for p in spec.termination_policies.iter().flatten() {
        if !TERMINATION_POLICIES.contains(&p.as_str()) {
            return Err(validation(
                format!("Termination policy {p} is not valid."),
                "Termination policies: Default, OldestInstance, NewestInstance, OldestLaunchTemplate, ClosestToNextInstanceHour, AllocationStrategy.",
                "종료 정책: Default, OldestInstance, NewestInstance, OldestLaunchTemplate, ClosestToNextInstanceHour, AllocationStrategy.",
            ));
        }
    }
    Ok(())
}

pub fn create(w: &mut World, region: &str, spec: GroupSpec) -> Result<(), ApiError> {
    if w.region(region)?.autoscaling.groups.contains_key(&spec.name) {
        return Err(group_exists(&spec.name));
    }
    if let Some(other) = spec.other_source {
        return Err(ApiError::new("NotImplemented", format!("ec2lab launches Auto Scaling groups from launch templates only ({other} is not modelled)."))
            .status(501)
            .hint(
                "Create a launch template (create_launch_template) and pass LaunchTemplate={'LaunchTemplateName': ..., 'Version': '$Latest'}.",
                "시작 템플릿을 만들고(create_launch_template) LaunchTemplate={'LaunchTemplateName': ..., 'Version': '$Latest'}를 넘기세요.",
            ));
    }
    if spec.template_id.is_none() && spec.template_name.is_none() {
        return Err(validation(
            "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.",
            "A group needs something to launch from: LaunchTemplate={'LaunchTemplateId': 'lt-...', 'Version': '$Latest'}.",
            "그룹에는 시작할 원본이 필요합니다: LaunchTemplate={'LaunchTemplateId': 'lt-...', 'Version': '$Latest'}.",
        ));
    }
    let template = template_ref(w, region, &spec)?;
    let (min, max) = (spec.min.unwrap_or(0), spec.max.unwrap_or(0));
    let desired = spec.desired.unwrap_or(min);
    check_sizes(min, max, desired)?;
    let (subnets, azs) = placement(w, region, spec.vpc_zone_identifier.as_deref(), &spec.azs)?;
    check_target_groups(w, region, &spec.target_groups, &subnets)?;
    check_misc(&spec)?;
    let tag_pairs: Vec<(String, String)> = spec.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect();
    crate::tags::TagStore::default().check_set("new", &tag_pairs)?;

    let now = w.now();
    let uuid = IdGen::request_id(&mut w.rng);
    let g = Group {
        arn: format!("arn:aws:autoscaling:{region}:{ACCOUNT_ID}:autoScalingGroup:{uuid}:autoScalingGroupName/{}", spec.name),
        name: spec.name.clone(),
        template,
        min,
        max,
        desired,
        default_cooldown: spec.default_cooldown.unwrap_or(DEFAULT_COOLDOWN_S),
        health_check_type: spec.health_check_type.unwrap_or_else(|| "EC2".into()),
        grace_s: spec.grace_s.unwrap_or(0),
        subnets,
        azs,
        target_groups: dedup(spec.target_groups),
        termination_policies: spec.termination_policies.unwrap_or_else(|| vec!["Default".into()]),
        new_instances_protected: spec.new_instances_protected.unwrap_or(false),
        default_instance_warmup: spec.default_instance_warmup,
        tags: spec.tags,
        created_at: now,
        members: Default::default(),
        cooldown_until: 0,
        pending_cause: Some(format!("At {} a user request created an AutoScalingGroup changing the desired capacity from 0 to {desired}.", at(now))),
        launch_failures: 0,
        rebalancing: false,
        retry_at: 0,
        deleting: false,
    };
    w.region_mut(region)?.autoscaling.groups.insert(spec.name.clone(), g);
    reconcile::reconcile(w, region, &spec.name);
    Ok(())
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in v {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

pub fn get<'w>(w: &'w World, region: &str, name: &str) -> Result<&'w Group, ApiError> {
    w.region(region)?.autoscaling.groups.get(name).filter(|g| !g.deleting).ok_or_else(group_not_found_null)
}

fn get_mut<'w>(w: &'w mut World, region: &str, name: &str) -> &'w mut Group {
    w.regions.get_mut(region).and_then(|r| r.autoscaling.groups.get_mut(name)).expect("checked")
}

pub fn update(w: &mut World, region: &str, spec: GroupSpec) -> Result<(), ApiError> {
    let g = get(w, region, &spec.name)?.clone();
    if spec.other_source.is_some() {
        return Err(ApiError::new("NotImplemented", "ec2lab launches Auto Scaling groups from launch templates only.")
            .status(501)
            .hint("Pass LaunchTemplate instead.", "대신 LaunchTemplate을 넘기세요."));
    }
    let template = if spec.template_id.is_some() || spec.template_name.is_some() { Some(template_ref(w, region, &spec)?) } else { None };
    let min = spec.min.unwrap_or(g.min);
    let max = spec.max.unwrap_or(g.max);
    // A new MinSize above (or MaxSize below) the current desired moves desired with it (BC:as/UpdateAutoScalingGroup).
    let desired = spec.desired.unwrap_or_else(|| g.desired.clamp(min.min(max), max.max(min)));
    check_sizes(min, max, desired)?;
    let new_place = if spec.vpc_zone_identifier.is_some() || !spec.azs.is_empty() {
        Some(placement(w, region, spec.vpc_zone_identifier.as_deref(), &spec.azs)?)
    } else {
        None
    };
    check_misc(&spec)?;
    let now = w.now();
    let old_desired = g.desired;
    let gm = get_mut(w, region, &spec.name);
    if let Some(t) = template {
        gm.template = t;
    }
    gm.min = min;
    gm.max = max;
    gm.desired = desired;
    if let Some(c) = spec.default_cooldown {
        gm.default_cooldown = c;
    }
    if let Some(t) = spec.health_check_type {
        gm.health_check_type = t;
    }
    if let Some(s) = spec.grace_s {
        gm.grace_s = s;
    }
    if let Some((subnets, azs)) = new_place {
        gm.subnets = subnets;
        gm.azs = azs;
    }
    if let Some(p) = spec.termination_policies {
        gm.termination_policies = p;
    }
    if let Some(p) = spec.new_instances_protected {
        gm.new_instances_protected = p;
    }
    if spec.default_instance_warmup.is_some() {
        gm.default_instance_warmup = spec.default_instance_warmup;
    }
    if desired != old_desired {
        gm.pending_cause = Some(format!(
            "At {} a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired} changing the desired capacity from {old_desired} to {desired}.",
            at(now)
        ));
    }
    reconcile::reconcile(w, region, &spec.name);
    Ok(())
}

pub fn delete(w: &mut World, region: &str, name: &str, force: bool) -> Result<(), ApiError> {
    let g = w.region(region)?.autoscaling.groups.get(name).ok_or_else(|| group_not_found(name))?.clone();
    if g.deleting {
        return Ok(());
    }
    if !force {
        if g.members.values().any(|m| matches!(m.lifecycle, Lifecycle::Pending | Lifecycle::Terminating)) {
            return Err(ApiError::new(
                "ScalingActivityInProgress",
                "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.",
            )
            .hint(
                "Instances are still launching or terminating. Advance time until they finish, or pass ForceDelete=True to terminate everything now.",
                "인스턴스가 아직 시작 또는 종료 중입니다. 끝날 때까지 시간을 보내거나 ForceDelete=True로 모두 종료하세요.",
            ));
        }
        if !g.members.is_empty() {
            return Err(ApiError::new(
                "ResourceInUse",
                "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.",
            )
            .hint(
                "Set the group's MinSize and DesiredCapacity to 0 and wait for its instances to terminate, or pass ForceDelete=True.",
                "그룹의 MinSize와 DesiredCapacity를 0으로 하고 인스턴스가 종료되기를 기다리거나, ForceDelete=True를 넘기세요.",
            ));
        }
    }
    let now = w.now();
    let alarms: Vec<String> = super::policy::owned_alarms(w, region, name);
    let _ = crate::alarms::delete_alarms(w, region, &alarms);
    let gm = get_mut(w, region, name);
    gm.deleting = true;
    if gm.desired != 0 {
        gm.pending_cause = Some(format!("At {} a user request deleted the AutoScalingGroup changing the desired capacity from {} to 0.", at(now), gm.desired));
    }
    gm.min = 0;
    gm.desired = 0;
    reconcile::reconcile(w, region, name);
    Ok(())
}

pub fn set_desired(w: &mut World, region: &str, name: &str, desired: i64, honor_cooldown: bool) -> Result<(), ApiError> {
    let g = w.region(region)?.autoscaling.groups.get(name).filter(|g| !g.deleting).ok_or_else(|| group_not_found(name))?.clone();
    if desired > g.max {
        return Err(validation(
            format!("New SetDesiredCapacity value {desired} is above max value {} for the AutoScalingGroup.", g.max),
            format!("DesiredCapacity cannot exceed MaxSize ({}). Raise MaxSize first (update_auto_scaling_group).", g.max),
            format!("DesiredCapacity는 MaxSize({})를 넘을 수 없습니다. 먼저 MaxSize를 올리세요(update_auto_scaling_group).", g.max),
        ));
    }
    if desired < g.min {
        return Err(validation(
            format!("New SetDesiredCapacity value {desired} is below min value {} for the AutoScalingGroup.", g.min),
            format!("DesiredCapacity cannot go below MinSize ({}). Lower MinSize first (update_auto_scaling_group).", g.min),
            format!("DesiredCapacity는 MinSize({})보다 작을 수 없습니다. 먼저 MinSize를 내리세요(update_auto_scaling_group).", g.min),
        ));
    }
    let now = w.now();
    if honor_cooldown && now < g.cooldown_until {
        return Err(in_progress());
    }
    let gm = get_mut(w, region, name);
    if desired != gm.desired {
        gm.pending_cause = Some(format!(
            "At {} a user request explicitly set group desired capacity changing the desired capacity from {} to {desired}.",
            at(now),
            gm.desired
        ));
        gm.desired = desired;
        gm.cooldown_until = now + (gm.default_cooldown.max(0) as u64) * 1000;
    }
    reconcile::reconcile(w, region, name);
    Ok(())
}

/// The group holding instance `id` as a member.
pub fn group_of(w: &World, region: &str, id: &str) -> Result<String, ApiError> {
    w.region(region)?.autoscaling.groups.values().find(|g| g.members.contains_key(id)).map(|g| g.name.clone()).ok_or_else(|| instance_not_in_group(id))
}

/// TerminateInstanceInAutoScalingGroup; returns the termination activity's id.
pub fn terminate_member(w: &mut World, region: &str, id: &str, decrement: bool) -> Result<String, ApiError> {
    let name = group_of(w, region, id)?;
    let g = w.regions[region].autoscaling.groups[&name].clone();
    let m = &g.members[id];
    if m.lifecycle == Lifecycle::Terminating {
        if let Some(a) = &m.terminate_activity {
            return Ok(a.clone());
        }
    }
    if decrement && g.desired - 1 < g.min {
        return Err(validation(
            format!(
                "Currently, desiredSize equals minSize ({}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.",
                g.min
            ),
            "With ShouldDecrementDesiredCapacity the group shrinks by one, which would go below MinSize. Lower MinSize first, or let the group replace the instance.",
            "ShouldDecrementDesiredCapacity는 그룹을 하나 줄이는데, 그러면 MinSize 아래가 됩니다. 먼저 MinSize를 내리거나 그룹이 인스턴스를 교체하게 하세요.",
        ));
    }
    let now = w.now();
    let cause = if decrement {
        let gm = get_mut(w, region, &name);
        gm.desired -= 1;
        format!(
            "At {} instance {id} was taken out of service in response to a user request, shrinking the capacity from {} to {}.",
            at(now),
            g.desired,
            g.desired - 1
        )
    } else {
        format!("At {} instance {id} was taken out of service in response to a user request.", at(now))
    };
    let act = reconcile::begin_termination(w, region, &name, id, cause).unwrap_or_default();
    reconcile::reconcile(w, region, &name);
    Ok(act)
}

/// SetInstanceHealth: `Unhealthy` takes the instance out of service (and the group replaces it).
pub fn set_health(w: &mut World, region: &str, id: &str, status: &str, respect_grace: bool) -> Result<(), ApiError> {
    if !matches!(status, "Healthy" | "Unhealthy") {
        return Err(validation(
            format!("Valid instance health states are: [Healthy, Unhealthy]. Got: {status}"),
            "HealthStatus is 'Healthy' or 'Unhealthy'.",
            "HealthStatus는 'Healthy' 또는 'Unhealthy'입니다.",
        ));
    }
    let name = group_of(w, region, id)?;
    let now = w.now();
    let g = get_mut(w, region, &name);
    let grace_ms = (g.grace_s.max(0) as u64) * 1000;
    let m = g.members.get_mut(id).expect("member");
    if respect_grace && m.in_service_at.is_none_or(|t| now < t + grace_ms) && m.lifecycle != Lifecycle::Terminating {
        return Ok(());
    }
    match status {
        "Unhealthy" if m.unhealthy.is_none() && m.lifecycle != Lifecycle::Terminating => m.unhealthy = Some(Unhealthy::User),
        "Healthy" if m.lifecycle != Lifecycle::Terminating => m.unhealthy = None,
        _ => {}
    }
    reconcile::reconcile(w, region, &name);
    Ok(())
}

pub fn attach_target_groups(w: &mut World, region: &str, name: &str, arns: &[String]) -> Result<(), ApiError> {
    let g = get(w, region, name)?.clone();
    check_target_groups(w, region, arns, &g.subnets)?;
    let added: Vec<String> = arns.iter().filter(|a| !g.target_groups.contains(a)).cloned().collect();
    let added = dedup(added);
    get_mut(w, region, name).target_groups.extend(added.iter().cloned());
    for arn in &added {
        let ids: Vec<TargetSpec> = g
            .members
            .values()
            .filter(|m| matches!(m.lifecycle, Lifecycle::Pending | Lifecycle::InService))
            .filter(|m| w.regions[region].compute.instances.get(&m.id).is_some_and(|i| i.state == crate::compute::InstanceState::Running))
            .map(|m| TargetSpec { id: m.id.clone(), ..Default::default() })
            .collect();
        if !ids.is_empty() {
            let _ = targets::register(w, region, arn, &ids);
        }
    }
    reconcile::reconcile(w, region, name);
    Ok(())
}

pub fn detach_target_groups(w: &mut World, region: &str, name: &str, arns: &[String]) -> Result<(), ApiError> {
    let g = get(w, region, name)?.clone();
    let removed: Vec<String> = g.target_groups.iter().filter(|a| arns.contains(a)).cloned().collect();
    get_mut(w, region, name).target_groups.retain(|a| !arns.contains(a));
    for arn in &removed {
        let ids: Vec<TargetSpec> = g
            .members
            .values()
            .filter(|m| w.regions[region].elb.target_groups.get(arn).is_some_and(|tg| tg.targets.values().any(|t| t.key.id == m.id)))
            .map(|m| TargetSpec { id: m.id.clone(), ..Default::default() })
            .collect();
        if !ids.is_empty() {
            let _ = targets::deregister(w, region, arn, &ids);
        }
    }
    Ok(())
}
