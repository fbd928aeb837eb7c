//! RunInstances: every check first (so a refused launch changes nothing), then the instances.
use super::instance::{Instance, InstanceState, NetworkAttachment, RootVolume, ShutdownBehavior, StatusCheck};
use super::{quotas, Durations, Event};
use crate::catalog::{self, InstanceType};
use crate::error::ApiError;
use crate::images::Image;
use crate::network::{format_ip, parse_ip};
use crate::sim::{clock::gmt, IdGen};
use crate::world::{Event as WorldEvent, World, ACCOUNT_ID};
use base64::Engine;

/// What a launch asks for, already in domain terms (the API layer fills it from the request).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LaunchSpec {
    pub image_id: String,
    pub instance_type: Option<String>,
    pub min_count: i64,
    pub max_count: i64,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
    pub subnet_id: Option<String>,
    pub tenancy: Option<String>,
    pub placement_group: Option<String>,
    pub key_name: Option<String>,
    pub security_group_ids: Vec<String>,
    pub security_group_names: Vec<String>,
    /// `(resource type, tags)` from TagSpecifications.
    pub tags: Vec<(String, Vec<(String, String)>)>,
    pub disable_api_termination: bool,
    pub disable_api_stop: bool,
    pub shutdown_behavior: Option<String>,
    pub hibernation: bool,
    pub user_data: Option<String>,
    pub credit_specification: Option<String>,
    pub monitoring: bool,
    pub iam_instance_profile_arn: Option<String>,
    pub iam_instance_profile_name: Option<String>,
    pub ebs_optimized: Option<bool>,
    pub private_ip: Option<String>,
    pub client_token: Option<String>,
    pub http_tokens: Option<String>,
    /// The caller's BlockDeviceMappings.
    pub mappings: Vec<super::DeviceMapping>,
}

/// Where the instances go, decided before anything is created.
struct Placement {
    subnet_id: String,
    vpc_id: String,
    az: String,
    az_id: String,
    groups: Vec<(String, String)>,
    public_ip: bool,
}

/// Launches instances; returns the reservation id and the instance ids (launch order).
pub fn run_instances(w: &mut World, region: &str, spec: &LaunchSpec) -> Result<(String, Vec<String>), ApiError> {
    if let Some(token) = &spec.client_token {
        if let Some((reservation, digest)) = w.region(region)?.compute.client_tokens.get(token).cloned() {
            if digest != format!("{spec:?}") {
                return Err(ApiError::new("IdempotentParameterMismatch", format!("The client token '{token}' was already used with different parameters."))
                    .hint("A ClientToken makes RunInstances idempotent: the same token with the same parameters returns the first launch. Use a new token for a different launch.", "ClientToken은 RunInstances를 멱등하게 만듭니다. 같은 토큰과 같은 파라미터는 처음 실행 결과를 돌려줍니다. 다른 실행에는 새 토큰을 쓰세요."));
            }
            let ids = w.regions[region].compute.in_launch_order().filter(|i| i.reservation_id == reservation).map(|i| i.id.clone()).collect();
            return Ok((reservation, ids));
        }
    }
    check_counts(spec)?;
    let image = w.region(region)?.images.resolve(&spec.image_id)?.clone();
    w.marketplace.check_launch(&image)?;
    // A custom AMI launches only once the snapshots behind it are complete.
    crate::images::build::check_launchable(&image, &w.regions[region].storage)?;
    let type_name = spec.instance_type.clone().unwrap_or_else(|| "m1.small".to_string());
    let itype = check_type(&type_name, region, &image)?;
    let root = super::root_volume::root_spec(&image, super::root_volume::root_override(&image, &spec.mappings)?.as_ref())?;
    check_options(spec, itype, &image, root.as_ref())?;
    let plan = super::block_devices::storage_plan(w, region, &image, itype, &spec.mappings, root.as_ref())?;
    let placement = choose_placement(w, region, spec, itype)?;
    check_tags(spec)?;
    let user_data = check_user_data(spec.user_data.as_deref())?;
    let count = launchable_count(w, region, spec, itype, &placement)?;

    // Everything is checked: from here on nothing fails.
    let now = w.now();
    let reservation_id = IdGen::new_id(&mut w.rng, "r");
    let mut ids = Vec::new();
    for index in 0..count {
        let mut inst = build_instance(w, region, spec, itype, &image, root.as_ref(), &placement, &reservation_id, index as u32, user_data.clone());
        // The volumes and disks are real devices in storage; the root comes from the AMI's snapshot.
        let volume_ids = crate::storage::launch_devices(w, region, &inst.id, &inst.az, &inst.root_device_name, &plan.volumes, &plan.disks);
        if let (Some(rv), Some(first)) = (inst.root_volume.as_mut(), volume_ids.first()) {
            rv.volume_id = first.clone();
        }
        inst.ephemeral = plan.disks.iter().filter(|d| d.virtual_name != "root").map(|d| d.virtual_name.clone()).collect();
        let boot = Durations::boot(&mut w.rng, inst.is_instance_store_backed());
        let id = inst.id.clone();
        let region_state = w.regions.get_mut(region).expect("checked");
        for (rtype, tags) in &spec.tags {
            match rtype.as_str() {
                "instance" => region_state.tags.set(&id, tags),
                "volume" => {
                    for v in &volume_ids {
                        region_state.tags.set(v, tags)
                    }
                }
                "network-interface" => {
                    if let Some(n) = &inst.network {
                        region_state.tags.set(&n.eni_id, tags)
                    }
                }
                _ => {}
            }
        }
        region_state.compute.order.push(id.clone());
        region_state.compute.instances.insert(id.clone(), inst);
        w.schedule(
            boot,
            WorldEvent::Compute { region: crate::geo::region(region).expect("checked").name, event: Event::Booted { id: id.clone(), generation: 1 } },
        );
        ids.push(id);
    }
    let _ = now;
    if let Some(token) = &spec.client_token {
        w.regions.get_mut(region).expect("checked").compute.client_tokens.insert(token.clone(), (reservation_id.clone(), format!("{spec:?}")));
    }
    Ok((reservation_id, ids))
}

fn check_counts(spec: &LaunchSpec) -> Result<(), ApiError> {
    if spec.min_count < 1 {
        return Err(ApiError::invalid_parameter_value(format!(
            "Value ({}) for parameter minCount is invalid. Expecting a value greater than 0.",
            spec.min_count
        ))
        .hint("MinCount is the fewest instances to launch; it must be at least 1.", "MinCount는 최소로 시작할 인스턴스 수이며 1 이상이어야 합니다."));
    }
    if spec.max_count < spec.min_count {
        return Err(ApiError::invalid_parameter_value(format!(
            "Value ({}) for parameter maxCount is invalid. Expecting a value greater than or equal to minCount ({}).",
            spec.max_count, spec.min_count
        ))
        .hint(
            "MaxCount is the most instances to launch and cannot be below MinCount. EC2 launches as many as it can between the two.",
            "MaxCount는 최대로 시작할 인스턴스 수이며 MinCount보다 작을 수 없습니다. EC2는 둘 사이에서 가능한 만큼 시작합니다.",
        ));
    }
    Ok(())
}

fn check_type(name: &str, region: &str, image: &Image) -> Result<&'static InstanceType, ApiError> {
    let itype = catalog::instance_type(name).ok_or_else(|| {
        ApiError::invalid_parameter_value(format!("Invalid value '{name}' for InstanceType."))
            .hint("Instance type names look like t2.micro: family, generation, attributes, then a size. Use describe_instance_types or ec2lab.explain_instance_type to find one.", "인스턴스 유형 이름은 t2.micro처럼 [패밀리][세대][속성].[크기] 형식입니다. describe_instance_types 또는 ec2lab.explain_instance_type으로 찾아보세요.")
    })?;
    if !catalog::offered_in_region(name, region) {
        return Err(ApiError::new("Unsupported", format!("The requested instance type ({name}) is not supported in your requested Region ({region}).")).hint(
            "Not every type is sold in every region: check describe_instance_type_offerings, or pick another type.",
            "모든 리전에서 모든 유형을 제공하지는 않습니다. describe_instance_type_offerings로 확인하거나 다른 유형을 고르세요.",
        ));
    }
    if !itype.architectures.iter().any(|a| a == &image.architecture) {
        let arch = itype.architectures.join(",");
        return Err(ApiError::invalid_parameter_value(format!(
            "The architecture '{arch}' of the specified instance type does not match the architecture '{}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.",
            image.architecture
        ))
        .hint(
            format!("{} runs {} but the AMI is built for {}. Graviton types (a 'g' after the generation, like t4g or c6g) need arm64 AMIs; the others need x86_64 AMIs.", name, arch, image.architecture),
            format!("{name}은(는) {arch} 아키텍처인데 AMI는 {}용입니다. Graviton 유형(t4g, c6g처럼 세대 뒤에 g)은 arm64 AMI가, 나머지는 x86_64 AMI가 필요합니다.", image.architecture),
        ));
    }
    if !itype.root_device_types.iter().any(|t| t == &image.root_device_type) || (image.root_device_type == "instance-store" && itype.instance_store.is_empty())
    {
        return Err(ApiError::invalid_parameter_combination(format!("The instance type {name} does not support the root device type '{}' of AMI {}.", image.root_device_type, image.id))
            .hint("An instance-store-backed AMI boots from a local instance-store disk, so it needs a type that can boot from one: previous-generation types such as m3.medium or c3.large. Current (Nitro) types boot only from EBS.", "인스턴스 스토어 기반 AMI는 로컬 인스턴스 스토어 디스크에서 부팅하므로 인스턴스 스토어로 부팅할 수 있는 이전 세대 유형(예: m3.medium, c3.large)이 필요합니다. 현재 세대(Nitro) 유형은 EBS로만 부팅합니다."));
    }
    if boot_mode(itype, image).is_none() {
        let wants = image.boot_mode.clone().unwrap_or_default();
        return Err(ApiError::invalid_parameter_combination(format!("The instance type {name} does not support the boot mode '{wants}' of AMI {}.", image.id))
            .hint(
                format!("{name} boots with {}; the AMI needs {wants}. Pick a type that supports it (Nitro-based types support UEFI) or an AMI with another boot mode.", itype.boot_modes.join(" or ")),
                format!("{name}은(는) {} 부팅만 지원하는데 AMI는 {wants}가 필요합니다. 이를 지원하는 유형(Nitro 기반은 UEFI 지원)이나 다른 부팅 모드의 AMI를 고르세요.", itype.boot_modes.join(", ")),
            ));
    }
    if !itype.virtualization_types.iter().any(|t| t == &image.virtualization_type) {
        return Err(ApiError::invalid_parameter_combination(format!(
            "Virtualization type '{}' is required for instances of type '{name}'.",
            itype.virtualization_types.join(", ")
        ))
        .hint(
            "The AMI's virtualization type must be one the instance type supports (current types support only hvm).",
            "AMI의 가상화 유형이 인스턴스 유형과 맞아야 합니다 (현재 세대 유형은 hvm만 지원).",
        ));
    }
    Ok(itype)
}

fn check_options(spec: &LaunchSpec, itype: &InstanceType, image: &Image, root: Option<&super::RootSpec>) -> Result<(), ApiError> {
    if let Some(b) = &spec.shutdown_behavior {
        if b != "stop" && b != "terminate" {
            return Err(ApiError::invalid_parameter_value(format!(
                "Value ({b}) for parameter instanceInitiatedShutdownBehavior is invalid. Expecting 'stop' or 'terminate'."
            ))
            .hint(
                "InstanceInitiatedShutdownBehavior is 'stop' (default) or 'terminate'.",
                "InstanceInitiatedShutdownBehavior는 'stop'(기본값) 또는 'terminate'입니다.",
            ));
        }
    }
    if spec.disable_api_stop && image.root_device_type == "instance-store" {
        return Err(ApiError::new("UnsupportedOperation", "Stop protection is not supported for instance store-backed instances.").hint(
            "An instance-store-backed instance cannot be stopped at all, so stop protection does not apply. Use termination protection instead.",
            "인스턴스 스토어 기반 인스턴스는 중지할 수 없으므로 중지 방지를 쓸 수 없습니다. 종료 방지를 쓰세요.",
        ));
    }
    if let Some(c) = &spec.credit_specification {
        if c != "standard" && c != "unlimited" {
            return Err(ApiError::invalid_parameter_value(format!("Value ({c}) for parameter CpuCredits is invalid. Expecting 'standard' or 'unlimited'."))
                .hint("CpuCredits is 'standard' or 'unlimited'.", "CpuCredits는 'standard' 또는 'unlimited'입니다."));
        }
        if !itype.burstable {
            return Err(ApiError::invalid_parameter_combination(format!("The specified instance type {} does not support CPU credits.", itype.name)).hint(
                "CreditSpecification applies only to burstable T types (t2, t3, t3a, t4g).",
                "CreditSpecification은 버스터블 T 유형(t2, t3, t3a, t4g)에만 쓸 수 있습니다.",
            ));
        }
    }
    if spec.hibernation {
        let ram_gib = itype.memory_mib.div_ceil(1024) as u32;
        let ami_gib = image.root_mapping().and_then(|m| m.ebs.as_ref()).map_or(0, |e| e.volume_size_gib);
        let message = match root {
            None => "Hibernation is not supported for the requested configuration: it requires an EBS root volume.".to_string(),
            Some(_) if !itype.hibernation_supported => format!("Hibernation is not supported for the instance type {}.", itype.name),
            Some(_) if itype.memory_mib >= 150 * 1024 => format!("Hibernation is not supported for instance types with 150 GiB of RAM or more ({} has {ram_gib} GiB).", itype.name),
            Some(r) if !r.encrypted => "For hibernation, the root device volume must be encrypted.".to_string(),
            // RAM is written to the root volume: it must hold the RAM on top of the AMI's data.
            Some(r) if r.size_gib < ram_gib + ami_gib => format!(
                "For hibernation, the root device volume must be large enough to store the RAM: {} GiB is too small for {ram_gib} GiB of RAM and the AMI's {ami_gib} GiB.",
                r.size_gib
            ),
            Some(_) => String::new(),
        };
        if !message.is_empty() {
            return Err(ApiError::new("UnsupportedHibernationConfiguration", message).hint(
                "Hibernation needs a supported family (such as M5, C5, R5, T3), less than 150 GiB of RAM, and an encrypted EBS root volume big enough for the RAM: BlockDeviceMappings=[{'DeviceName': <root device>, 'Ebs': {'Encrypted': True, 'VolumeSize': ...}}]. It must be enabled at launch.",
                "최대 절전에는 지원 패밀리(M5, C5, R5, T3 등), 150GiB 미만 메모리, 그리고 메모리를 담을 만큼 큰 암호화된 EBS 루트 볼륨이 필요합니다: BlockDeviceMappings=[{'DeviceName': <루트 장치>, 'Ebs': {'Encrypted': True, 'VolumeSize': ...}}]. 시작할 때 켜야 합니다.",
            ));
        }
    }
    if let Some(t) = &spec.tenancy {
        match t.as_str() {
            "default" | "dedicated" => {}
            "host" => {
                return Err(ApiError::invalid_parameter_combination("Tenancy 'host' requires a Dedicated Host; ec2lab does not simulate Dedicated Hosts.")
                    .hint(
                        "Use tenancy 'default' (shared hardware) or 'dedicated' (single-tenant hardware).",
                        "테넌시는 'default'(공유 하드웨어) 또는 'dedicated'(전용 하드웨어)를 쓰세요.",
                    ))
            }
            other => {
                return Err(ApiError::invalid_parameter_value(format!("Invalid value '{other}' for tenancy."))
                    .hint("Tenancy is default, dedicated or host.", "테넌시는 default, dedicated, host 중 하나입니다."))
            }
        }
    }
    if let Some(g) = &spec.placement_group {
        if !g.is_empty() {
            return Err(ApiError::new("InvalidPlacementGroup.Unknown", format!("The Placement Group '{g}' is unknown.")).hint(
                "A placement group must exist before you launch into it (create_placement_group; not simulated by ec2lab yet). Leave GroupName out.",
                "배치 그룹은 먼저 만들어야 합니다(create_placement_group, ec2lab은 아직 미지원). GroupName을 빼세요.",
            ));
        }
    }
    if let Some(t) = &spec.http_tokens {
        if t != "required" && t != "optional" {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{t}' for HttpTokens."))
                .hint("HttpTokens is 'required' (IMDSv2) or 'optional'.", "HttpTokens는 'required'(IMDSv2) 또는 'optional'입니다."));
        }
    }
    if spec.private_ip.is_some() && spec.max_count > 1 {
        return Err(ApiError::invalid_parameter_combination("Cannot specify a private IP address when launching more than one instance.").hint(
            "Each instance needs its own address: launch one instance per PrivateIpAddress, or leave it out.",
            "인스턴스마다 주소가 달라야 합니다. PrivateIpAddress를 쓰려면 하나씩 시작하거나 빼세요.",
        ));
    }
    Ok(())
}

fn zone_error(region: &str, msg: String) -> ApiError {
    let names: Vec<String> = crate::geo::region(region).map(|r| r.zones().into_iter().map(|z| z.name).collect()).unwrap_or_default();
    ApiError::invalid_parameter_value(msg)
        .hint(format!("Availability Zones of {region}: {}.", names.join(", ")), format!("{region}의 가용 영역: {}.", names.join(", ")))
}

fn choose_placement(w: &World, region: &str, spec: &LaunchSpec, itype: &InstanceType) -> Result<Placement, ApiError> {
    let r = w.region(region)?;
    let info = r.info;
    let zone_by_name = match &spec.availability_zone {
        Some(az) => Some(info.zone(az).ok_or_else(|| zone_error(region, format!("Invalid availability zone: [{az}]")))?),
        None => None,
    };
    let zone_by_id = match &spec.availability_zone_id {
        Some(id) => Some(info.zone_by_id(id).ok_or_else(|| zone_error(region, format!("Invalid availability zone ID: [{id}]")))?),
        None => None,
    };
    let subnet = match &spec.subnet_id {
        Some(id) => {
            let s = r.network.subnet(id)?;
            for z in zone_by_name.iter().chain(zone_by_id.iter()) {
                if z.name != s.az {
                    return Err(ApiError::invalid_parameter_combination(format!(
                        "The specified Availability Zone ({}) does not match the Availability Zone of subnet '{id}' ({}).",
                        z.name, s.az
                    ))
                    .hint(
                        "A subnet lives in one AZ; the instance goes where its subnet is. Leave the AZ out or pick a subnet in that AZ.",
                        "서브넷은 하나의 가용 영역에 있으며 인스턴스는 서브넷이 있는 곳에 생깁니다. 가용 영역을 빼거나 그 영역의 서브넷을 고르세요.",
                    ));
                }
            }
            s
        }
        None => {
            let zone = zone_by_name.or(zone_by_id);
            let az = match zone {
                Some(z) => z.name,
                None => {
                    // Without a choice, EC2 picks an AZ that offers the type (here: the first, deterministic).
                    info.zones().into_iter().map(|z| z.name).find(|z| catalog::offered_in_zone(&itype.name, region, z)).unwrap_or_else(|| format!("{region}a"))
                }
            };
            r.network.default_subnet(&az).ok_or_else(|| {
                ApiError::new("VPCIdNotSpecified", "No default VPC for this user").hint(
                    "There is no default subnet here: pass SubnetId to launch into a subnet of your own VPC.",
                    "기본 서브넷이 없습니다. SubnetId로 직접 만든 VPC의 서브넷을 지정하세요.",
                )
            })?
        }
    };
    if !catalog::offered_in_zone(&itype.name, region, &subnet.az) {
        let offered: Vec<String> = info.zones().into_iter().map(|z| z.name).filter(|z| catalog::offered_in_zone(&itype.name, region, z)).collect();
        return Err(ApiError::new(
            "Unsupported",
            format!(
                "Your requested instance type ({}) is not supported in your requested Availability Zone ({}). Please retry your request by not specifying an Availability Zone or choosing {}.",
                itype.name,
                subnet.az,
                offered.join(", ")
            ),
        )
        .hint("Not every AZ offers every type: describe_instance_type_offerings(LocationType='availability-zone') lists where it is offered.", "모든 가용 영역이 모든 유형을 제공하지는 않습니다. describe_instance_type_offerings(LocationType='availability-zone')로 확인하세요."));
    }
    let vpc = &r.network.vpcs[&subnet.vpc_id];
    let mut groups = Vec::new();
    for id in &spec.security_group_ids {
        match r.network.security_groups.get(id).filter(|g| g.vpc_id == vpc.id) {
            Some(g) => groups.push((g.id.clone(), g.name.clone())),
            None => {
                return Err(ApiError::new("InvalidGroup.NotFound", format!("The security group '{id}' does not exist in VPC '{}'", vpc.id)).hint(
                    "Security groups belong to one VPC; the instance's subnet decides the VPC. Use a group of that VPC.",
                    "보안 그룹은 하나의 VPC에 속하며, 인스턴스의 서브넷이 VPC를 정합니다. 그 VPC의 보안 그룹을 쓰세요.",
                ))
            }
        }
    }
    for name in &spec.security_group_names {
        match r.network.security_groups.values().find(|g| &g.name == name && g.vpc_id == vpc.id) {
            Some(g) => groups.push((g.id.clone(), g.name.clone())),
            None => {
                return Err(ApiError::new("InvalidGroup.NotFound", format!("The security group '{name}' does not exist in default VPC '{}'", vpc.id)).hint(
                    "Refer to groups by id (SecurityGroupIds), or create the group first.",
                    "보안 그룹은 ID(SecurityGroupIds)로 지정하거나 먼저 만드세요.",
                ))
            }
        }
    }
    if groups.is_empty() {
        let default = &r.network.security_groups[&vpc.default_security_group];
        groups.push((default.id.clone(), default.name.clone()));
    }
    groups.dedup();
    if let Some(ip) = &spec.private_ip {
        let addr = parse_ip(ip).ok_or_else(|| {
            ApiError::invalid_parameter_value(format!("Invalid value '{ip}' for PrivateIpAddress."))
                .hint("Give an IPv4 address like 172.31.5.10.", "172.31.5.10 같은 IPv4 주소를 주세요.")
        })?;
        let reserved = addr < subnet.cidr.base + 4 || addr == subnet.cidr.base + subnet.cidr.size() - 1;
        if !subnet.cidr.contains(addr) || reserved {
            return Err(ApiError::invalid_parameter_value(format!("Address {ip} does not fall within the subnet's address range")).hint(
                format!("Subnet {} is {}; its first four addresses and its last one are reserved by AWS.", subnet.id, subnet.cidr),
                format!("서브넷 {}의 범위는 {}이며, 처음 4개와 마지막 주소는 AWS가 예약합니다.", subnet.id, subnet.cidr),
            ));
        }
        if subnet.used.contains(&addr) {
            return Err(ApiError::new("InvalidIPAddress.InUse", format!("Address {ip} is in use.")).hint(
                "Another instance (running or stopped) holds this private address. Pick a free one or leave it out.",
                "다른 인스턴스(실행 중이거나 중지됨)가 이 주소를 쓰고 있습니다. 다른 주소를 고르거나 빼세요.",
            ));
        }
    }
    Ok(Placement {
        subnet_id: subnet.id.clone(),
        vpc_id: vpc.id.clone(),
        az: subnet.az.clone(),
        az_id: subnet.az_id.clone(),
        groups,
        public_ip: subnet.map_public_ip_on_launch,
    })
}

fn check_tags(spec: &LaunchSpec) -> Result<(), ApiError> {
    for (rtype, tags) in &spec.tags {
        if !matches!(rtype.as_str(), "instance" | "volume" | "network-interface") {
            return Err(ApiError::invalid_parameter_value(format!("'{rtype}' is not a valid taggable resource type for this operation.")).hint(
                "RunInstances can tag 'instance', 'volume' and 'network-interface' resources.",
                "RunInstances는 'instance', 'volume', 'network-interface'에 태그를 달 수 있습니다.",
            ));
        }
        let probe = crate::tags::TagStore::default();
        probe.check_set("new", tags)?;
    }
    Ok(())
}

/// UserData arrives base64-encoded (the SDK encodes it); at most 16 KB before encoding.
fn check_user_data(data: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(data) = data else { return Ok(None) };
    let raw = base64::engine::general_purpose::STANDARD.decode(data.trim()).map_err(|_| {
        ApiError::invalid_parameter_value("Invalid BASE64 encoding of user data.").hint(
            "UserData must be base64-encoded on the wire; the client does that for you when you pass a plain string.",
            "UserData는 base64로 인코딩되어야 합니다. 클라이언트에 일반 문자열을 넘기면 자동으로 인코딩합니다.",
        )
    })?;
    if raw.len() > 16 * 1024 {
        return Err(ApiError::invalid_parameter_value("User data is limited to 16384 bytes").hint(
            "User data holds at most 16 KB. Put larger scripts in S3 and download them from a short user-data script.",
            "사용자 데이터는 최대 16KB입니다. 큰 스크립트는 S3에 두고 짧은 사용자 데이터 스크립트로 내려받으세요.",
        ));
    }
    Ok(Some(data.trim().to_string()))
}

fn launchable_count(w: &World, region: &str, spec: &LaunchSpec, itype: &InstanceType, p: &Placement) -> Result<usize, ApiError> {
    let r = &w.regions[region];
    let bucket = quotas::bucket(&itype.name);
    let limit = quotas::limit(bucket);
    let used = quotas::in_use(r.compute.instances.values(), bucket);
    let by_quota = (limit.saturating_sub(used) / itype.vcpus.max(1)) as i64;
    if by_quota < spec.min_count {
        return Err(ApiError::new(
            "VcpuLimitExceeded",
            format!("You have requested more vCPU capacity than your current vCPU limit of {limit} allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit."),
        )
        .hint(
            format!("The {bucket} bucket allows {limit} vCPUs of pending and running On-Demand instances; {used} are in use and {} would need {} each. Stop or terminate instances, or launch fewer.", itype.name, itype.vcpus),
            format!("{bucket} 버킷의 한도는 {limit} vCPU이며 {used}개를 쓰고 있습니다. {}은(는) 하나에 {} vCPU가 필요합니다. 인스턴스를 중지·종료하거나 더 적게 시작하세요.", itype.name, itype.vcpus),
        ));
    }
    let free = r.network.subnets[&p.subnet_id].available_ip_count() as i64;
    if free < spec.min_count {
        return Err(ApiError::new(
            "InsufficientFreeAddressesInSubnet",
            format!("There are not enough free addresses in subnet '{}' to satisfy the requested number of instances.", p.subnet_id),
        )
        .hint(
            "Every instance takes a private address from its subnet (stopped ones too). Use a bigger or emptier subnet, or launch fewer.",
            "모든 인스턴스(중지된 것 포함)는 서브넷의 사설 주소를 하나씩 씁니다. 더 큰 서브넷을 쓰거나 더 적게 시작하세요.",
        ));
    }
    Ok(spec.max_count.min(by_quota).min(free) as usize)
}

/// The firmware an instance boots with: the AMI's mode if the type supports it; `uefi-preferred`
/// and an unset mode fall back to what the type offers (UG:ami-boot).
pub(super) fn boot_mode(itype: &InstanceType, image: &Image) -> Option<String> {
    boot_mode_for(itype, image.boot_mode.as_deref())
}

pub(super) fn boot_mode_for(itype: &InstanceType, ami_mode: Option<&str>) -> Option<String> {
    let supports = |m: &str| itype.boot_modes.iter().any(|b| b == m);
    match ami_mode {
        Some("uefi") => supports("uefi").then(|| "uefi".into()),
        Some("legacy-bios") => supports("legacy-bios").then(|| "legacy-bios".into()),
        Some("uefi-preferred") => Some(if supports("uefi") { "uefi" } else { "legacy-bios" }.into()),
        _ => Some(if supports("legacy-bios") { "legacy-bios" } else { "uefi" }.into()),
    }
}

/// Default cores and threads per core (CpuOptions of a new instance).
pub(super) fn cpu_topology(itype: &InstanceType) -> (u32, u32) {
    (itype.default_cores, itype.default_threads_per_core.max(1))
}

#[allow(clippy::too_many_arguments)]
fn build_instance(
    w: &mut World,
    region: &str,
    spec: &LaunchSpec,
    itype: &InstanceType,
    image: &Image,
    root: Option<&super::RootSpec>,
    p: &Placement,
    reservation_id: &str,
    index: u32,
    user_data: Option<String>,
) -> Instance {
    let now = w.now();
    let info = w.regions[region].info;
    let id = IdGen::new_id(&mut w.rng, "i");
    let eni_id = IdGen::new_id(&mut w.rng, "eni");
    let attachment_id = IdGen::new_id(&mut w.rng, "eni-attach");
    let mac_bits = w.rng.id_bits();
    let mac = format!(
        "0e:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        (mac_bits >> 8) as u8,
        (mac_bits >> 16) as u8,
        (mac_bits >> 24) as u8,
        (mac_bits >> 32) as u8,
        (mac_bits >> 40) as u8
    );
    let region_state = w.regions.get_mut(region).expect("checked");
    let private_ip = match &spec.private_ip {
        Some(ip) => {
            let addr = parse_ip(ip).expect("checked");
            region_state.network.subnets.get_mut(&p.subnet_id).expect("checked").used.insert(addr);
            addr
        }
        None => region_state.network.allocate_private_ip(&p.subnet_id, &mut w.rng).expect("free addresses checked"),
    };
    let public_ip = p.public_ip.then(|| region_state.network.allocate_public_ip(info, &mut w.rng));
    let root_volume = root.map(|r| RootVolume {
        device_name: image.root_device_name.clone(),
        // Filled in by the launch once storage has created the volume.
        volume_id: String::new(),
        attach_time: now,
        delete_on_termination: r.delete_on_termination,
        size_gib: r.size_gib,
        volume_type: r.volume_type.clone(),
        encrypted: r.encrypted,
        iops: r.iops,
        throughput: r.throughput,
    });
    let ephemeral: Vec<String> = Vec::new();
    let (cores, threads) = cpu_topology(itype);
    let iam = match (&spec.iam_instance_profile_arn, &spec.iam_instance_profile_name) {
        (Some(arn), _) => Some((arn.clone(), IdGen::new_id(&mut w.rng, "AIPA").replace('-', "").to_uppercase())),
        (None, Some(name)) => {
            Some((format!("arn:aws:iam::{ACCOUNT_ID}:instance-profile/{name}"), IdGen::new_id(&mut w.rng, "AIPA").replace('-', "").to_uppercase()))
        }
        _ => None,
    };
    let _ = format_ip;
    let _ = gmt;
    Instance {
        id,
        reservation_id: reservation_id.to_string(),
        region: info.name,
        image_id: image.id.clone(),
        instance_type: itype.name.clone(),
        az: p.az.clone(),
        az_id: p.az_id.clone(),
        launch_index: index,
        launch_time: now,
        state: InstanceState::Pending,
        state_reason: Some(("pending".into(), "pending".into())),
        transition_reason: String::new(),
        network: Some(NetworkAttachment {
            subnet_id: p.subnet_id.clone(),
            vpc_id: p.vpc_id.clone(),
            eni_id,
            attachment_id,
            mac,
            private_ip,
            security_groups: p.groups.clone(),
            attach_time: now,
        }),
        public_ip,
        key_name: spec.key_name.clone(),
        client_token: spec.client_token.clone().unwrap_or_default(),
        architecture: image.architecture.clone(),
        root_device_type: image.root_device_type.clone(),
        root_device_name: image.root_device_name.clone(),
        root_volume,
        ephemeral,
        virtualization_type: image.virtualization_type.clone(),
        hypervisor: "xen".into(),
        platform: image.platform.clone(),
        platform_details: image.platform_details.clone(),
        usage_operation: image.usage_operation.clone(),
        boot_mode: image.boot_mode.clone(),
        current_boot_mode: boot_mode(itype, image).expect("checked"),
        product_codes: image.product_codes.iter().map(|c| (c.id.clone(), c.kind.clone())).collect(),
        disable_api_termination: spec.disable_api_termination,
        disable_api_stop: spec.disable_api_stop,
        shutdown_behavior: if spec.shutdown_behavior.as_deref() == Some("terminate") { ShutdownBehavior::Terminate } else { ShutdownBehavior::Stop },
        hibernation_configured: spec.hibernation,
        hibernated: false,
        user_data,
        credit_specification: itype
            .burstable
            .then(|| spec.credit_specification.clone().unwrap_or_else(|| if itype.name.starts_with("t2.") { "standard".into() } else { "unlimited".into() })),
        detailed_monitoring: spec.monitoring,
        iam_instance_profile: iam,
        ebs_optimized: spec.ebs_optimized.unwrap_or(false),
        ena_support: image.ena_support,
        sriov_net_support: image.sriov_net_support.is_some(),
        tenancy: spec.tenancy.clone().unwrap_or_else(|| "default".into()),
        placement_group: None,
        http_tokens: spec
            .http_tokens
            .clone()
            .unwrap_or_else(|| if image.imds_support.as_deref() == Some("v2.0") { "required".into() } else { "optional".into() }),
        cpu_cores: cores,
        threads_per_core: threads,
        generation: 1,
        system_status: StatusCheck::NotApplicable,
        instance_status: StatusCheck::NotApplicable,
        rebooting_until: None,
        terminated_at: None,
        starts: 1,
    }
}
