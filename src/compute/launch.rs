//! RunInstances: every check first (so a refused launch changes nothing), then the instances.
use super::instance::{Instance, InstanceState, NetworkAttachment, RootVolume, ShutdownBehavior, StatusCheck};
use super::{quotas, Durations, Event};
use crate::catalog::{self, InstanceType};
use crate::error::ApiError;
use crate::images::Image;
use crate::network::eni::{self, EniPlan, NewEni};
use crate::network::EniAttachment;
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
    /// RunInstances' NetworkInterfaces (exclusive with SubnetId, groups and PrivateIpAddress).
    pub network_interfaces: Vec<NicSpec>,
}

/// One entry of RunInstances' NetworkInterfaces: a new ENI, or an existing one (`eni_id`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NicSpec {
    pub device_index: Option<i64>,
    pub eni_id: Option<String>,
    pub subnet_id: Option<String>,
    pub description: Option<String>,
    pub private_ip: Option<String>,
    pub secondary_ips: Vec<String>,
    pub secondary_count: u32,
    pub groups: Vec<String>,
    pub associate_public_ip: Option<bool>,
    pub delete_on_termination: Option<bool>,
}

/// Where the instances go, decided before anything is created.
struct Placement {
    subnet_id: String,
    vpc_id: String,
    az: String,
    az_id: String,
    /// The interfaces of each instance, eth0 first.
    nics: Vec<NicPlan>,
}

/// One checked interface of the launch.
struct NicPlan {
    device_index: u32,
    kind: NicKind,
    delete_on_termination: bool,
    /// eth0 gets a public IPv4 from the pool.
    public_ip: bool,
}

enum NicKind {
    New(Box<(NewEni, EniPlan)>),
    Existing(String),
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
    if let Some(key) = &spec.key_name {
        // The key pair must exist in this region (its public key goes into authorized_keys).
        w.region(region)?.keys.require(key)?;
    }
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
                    // The interfaces this launch created (not existing ones it attached).
                    for e in region_state.network.enis_of(&id) {
                        if !spec.network_interfaces.iter().any(|n| n.eni_id.as_deref() == Some(e.id.as_str())) {
                            region_state.tags.set(&e.id, tags)
                        }
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
    crate::billing::ledger::instances_launched(w, region, &ids);
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
    check_nic_combination(spec)?;
    let nic0 = spec.network_interfaces.iter().find(|n| n.device_index == Some(0));
    let existing0 = match nic0.and_then(|n| n.eni_id.as_deref()) {
        Some(id) => Some(eni::eni(&r.network, id)?),
        None => None,
    };
    let eth0_subnet = spec.subnet_id.clone().or_else(|| nic0.and_then(|n| n.subnet_id.clone())).or_else(|| existing0.map(|e| e.subnet_id.clone()));
    let subnet = match &eth0_subnet {
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
    // Without NetworkInterfaces, the instance-level members describe eth0.
    let nics: Vec<NicSpec> = if spec.network_interfaces.is_empty() {
        vec![NicSpec { device_index: Some(0), subnet_id: Some(subnet.id.clone()), private_ip: spec.private_ip.clone(), ..Default::default() }]
    } else {
        spec.network_interfaces.clone()
    };
    let mut plans = Vec::new();
    let mut taken: Vec<u32> = Vec::new();
    let (max_enis, _) = eni::type_limits(&itype.name);
    if nics.len() as u32 > max_enis {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("The number of network interfaces ({}) exceeds the limit for {} ({max_enis}).", nics.len(), itype.name),
        )
        .hint(
            format!("{} takes at most {max_enis} network interfaces.", itype.name),
            format!("{}에는 네트워크 인터페이스를 최대 {max_enis}개까지 붙일 수 있습니다.", itype.name),
        ));
    }
    for n in &nics {
        let device_index = nic_index(n, &nics)?;
        let public = match (device_index, n.associate_public_ip) {
            (0, Some(true)) if nics.len() > 1 => {
                return Err(public_ip_combination(
                    "The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces.",
                ))
            }
            (0, Some(true)) if n.eni_id.is_some() => {
                return Err(public_ip_combination("The associatePublicIPAddress parameter cannot be specified for an existing network interface."))
            }
            (0, given) => n.eni_id.is_none() && nics.len() == 1 && given.unwrap_or(subnet.map_public_ip_on_launch),
            (_, Some(_)) => {
                return Err(public_ip_combination("The associatePublicIPAddress parameter can only be specified for the network interface with DeviceIndex 0."))
            }
            (_, None) => false,
        };
        let kind = match &n.eni_id {
            Some(id) => {
                let e = eni::eni(&r.network, id)?;
                if n.subnet_id.is_some() || n.private_ip.is_some() || !n.groups.is_empty() || !n.secondary_ips.is_empty() || n.secondary_count > 0 {
                    return Err(ApiError::invalid_parameter_combination(
                        "An existing network interface cannot be given a subnet, addresses or security groups.",
                    )
                    .hint(
                        "With NetworkInterfaceId, the interface brings its own subnet, addresses and groups; leave the others out.",
                        "NetworkInterfaceId를 쓰면 인터페이스의 서브넷, 주소, 보안 그룹을 그대로 씁니다. 나머지는 빼세요.",
                    ));
                }
                if let Some(a) = &e.attachment {
                    return Err(ApiError::new("InvalidNetworkInterface.InUse", format!("Interface: [{id}] in use.")).hint(
                        format!("The interface is attached to {}; detach it first or create a new one.", a.instance_id),
                        format!("인터페이스가 {}에 연결되어 있습니다. 먼저 분리하거나 새로 만드세요.", a.instance_id),
                    ));
                }
                if e.requester_managed {
                    return Err(ApiError::new(
                        "OperationNotPermitted",
                        format!("The network interface '{id}' is managed by an AWS service and cannot be attached."),
                    )
                    .hint("A NAT gateway's interface cannot be used by an instance.", "NAT 게이트웨이의 인터페이스는 인스턴스에 쓸 수 없습니다."));
                }
                if spec.max_count > 1 {
                    return Err(ApiError::invalid_parameter_combination("Cannot specify an existing network interface when launching more than one instance.")
                        .hint(
                            "An interface attaches to one instance: launch one instance, or let RunInstances create the interfaces.",
                            "인터페이스는 인스턴스 하나에만 연결됩니다. 하나만 시작하거나 새 인터페이스를 만들게 하세요.",
                        ));
                }
                if e.az != subnet.az {
                    return Err(ApiError::invalid_parameter_combination(
                        "You may not attach a network interface to an instance if they are not in the same availability zone",
                    )
                    .hint(
                        "Every interface of an instance is in the instance's AZ.",
                        "인스턴스의 모든 인터페이스는 인스턴스와 같은 가용 영역에 있어야 합니다.",
                    ));
                }
                NicKind::Existing(id.clone())
            }
            None => {
                let nic_subnet = n.subnet_id.clone().unwrap_or_else(|| subnet.id.clone());
                let s = r.network.subnet(&nic_subnet)?;
                if s.az != subnet.az {
                    return Err(ApiError::invalid_parameter_combination(
                        "You may not attach a network interface to an instance if they are not in the same availability zone",
                    )
                    .hint(
                        "Every interface of an instance is in the instance's AZ: use subnets of one AZ.",
                        "인스턴스의 모든 인터페이스는 같은 가용 영역에 있어야 합니다. 한 가용 영역의 서브넷을 쓰세요.",
                    ));
                }
                if (n.private_ip.is_some() || !n.secondary_ips.is_empty()) && spec.max_count > 1 {
                    return Err(ApiError::invalid_parameter_combination("Cannot specify a private IP address when launching more than one instance.").hint(
                        "Each instance needs its own address: launch one instance per PrivateIpAddress, or leave it out.",
                        "인스턴스마다 주소가 달라야 합니다. PrivateIpAddress를 쓰려면 하나씩 시작하거나 빼세요.",
                    ));
                }
                let (ids, names) = if spec.network_interfaces.is_empty() {
                    (spec.security_group_ids.clone(), spec.security_group_names.clone())
                } else {
                    (n.groups.clone(), vec![])
                };
                let new = NewEni {
                    subnet_id: nic_subnet,
                    description: n.description.clone().unwrap_or_default(),
                    private_ip: n.private_ip.clone(),
                    secondary_ips: n.secondary_ips.clone(),
                    secondary_count: n.secondary_count,
                    group_ids: ids,
                    group_names: names,
                    interface_type: "interface".into(),
                    requester_managed: false,
                };
                let plan = eni::check_new(&r.network, &new, &taken)?;
                taken.extend(plan.primary.iter().chain(&plan.secondary));
                NicKind::New(Box::new((new, plan)))
            }
        };
        let delete_on_termination = n.delete_on_termination.unwrap_or(matches!(kind, NicKind::New(..)));
        plans.push(NicPlan { device_index, kind, delete_on_termination, public_ip: public });
    }
    plans.sort_by_key(|p| p.device_index);
    Ok(Placement { subnet_id: subnet.id.clone(), vpc_id: vpc.id.clone(), az: subnet.az.clone(), az_id: subnet.az_id.clone(), nics: plans })
}

fn public_ip_combination(msg: &str) -> ApiError {
    ApiError::invalid_parameter_combination(msg).hint(
        "AWS auto-assigns a public IPv4 only to a new eth0 of an instance with one interface. Use an Elastic IP for the other cases.",
        "AWS는 인터페이스가 하나인 인스턴스의 새 eth0에만 퍼블릭 IPv4를 자동으로 줍니다. 다른 경우에는 탄력적 IP를 쓰세요.",
    )
}

/// The device index of one NetworkInterfaces entry: given, unique, 0 present.
fn nic_index(n: &NicSpec, all: &[NicSpec]) -> Result<u32, ApiError> {
    let i = n.device_index.ok_or_else(|| {
        ApiError::missing_parameter("Each network interface requires a device index.").hint(
            "Give every NetworkInterfaces entry a DeviceIndex: 0 for the primary interface, 1, 2, ... for the others.",
            "NetworkInterfaces의 항목마다 DeviceIndex를 주세요. 기본 인터페이스는 0, 나머지는 1, 2, ...",
        )
    })?;
    if !(0..=31).contains(&i) || all.iter().filter(|o| o.device_index == Some(i)).count() > 1 {
        return Err(ApiError::invalid_parameter_value(format!("Invalid value '{i}' for deviceIndex: device indexes must be unique and between 0 and 31."))
            .hint("Each interface needs its own device index.", "인터페이스마다 장치 인덱스가 달라야 합니다."));
    }
    if !all.iter().any(|o| o.device_index == Some(0)) {
        return Err(ApiError::invalid_parameter_value("When specifying network interfaces, you must include a device index of 0.")
            .hint("The primary interface (DeviceIndex 0) is required.", "기본 인터페이스(DeviceIndex 0)가 있어야 합니다."));
    }
    Ok(i as u32)
}

/// NetworkInterfaces replaces the instance-level network members (BC:ec2/RunInstances).
fn check_nic_combination(spec: &LaunchSpec) -> Result<(), ApiError> {
    if spec.network_interfaces.is_empty() {
        return Ok(());
    }
    let clash = if spec.subnet_id.is_some() {
        Some("Network interfaces and an instance-level subnet ID may not be specified on the same request")
    } else if !spec.security_group_ids.is_empty() || !spec.security_group_names.is_empty() {
        Some("Network interfaces and an instance-level security groups may not be specified on the same request")
    } else if spec.private_ip.is_some() {
        Some("Network interfaces and an instance-level private IP address should not be specified on the same request")
    } else {
        None
    };
    match clash {
        Some(m) => Err(ApiError::invalid_parameter_combination(m).hint(
            "With NetworkInterfaces, put SubnetId, Groups and PrivateIpAddress inside each interface entry instead of at the top level.",
            "NetworkInterfaces를 쓸 때는 SubnetId, Groups, PrivateIpAddress를 최상위가 아니라 각 인터페이스 항목 안에 쓰세요.",
        )),
        None => Ok(()),
    }
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
    // Every new interface takes its addresses from its subnet (stopped instances keep theirs).
    let mut needed: std::collections::BTreeMap<&str, i64> = Default::default();
    for n in &p.nics {
        if let NicKind::New(b) = &n.kind {
            let (spec, plan) = &**b;
            *needed.entry(spec.subnet_id.as_str()).or_default() += plan.address_count() as i64;
        }
    }
    let mut free = i64::MAX;
    for (subnet, per_instance) in &needed {
        let by_subnet = r.network.subnets[*subnet].available_ip_count() as i64 / per_instance.max(&1);
        if by_subnet < spec.min_count {
            return Err(crate::network::insufficient_addresses(subnet));
        }
        free = free.min(by_subnet);
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
    // The interfaces: ids in device order (eth0's id, attachment and MAC first, as always).
    let mut primary_eni = String::new();
    for n in &p.nics {
        let (eni_id, mac) = match &n.kind {
            NicKind::New(..) => (IdGen::new_id(&mut w.rng, "eni"), None),
            NicKind::Existing(e) => (e.clone(), Some(())),
        };
        let attachment_id = IdGen::new_id(&mut w.rng, "eni-attach");
        let World { regions, rng, .. } = &mut *w;
        let net = &mut regions.get_mut(region).expect("checked").network;
        if let (NicKind::New(b), None) = (&n.kind, mac) {
            let (new, plan) = &**b;
            let mac = eni::new_mac(rng);
            eni::insert(net, rng, eni_id.clone(), mac, new, plan);
        }
        let public_ip = n.public_ip.then(|| net.allocate_public_ip(info, rng));
        let e = net.enis.get_mut(&eni_id).expect("created or checked");
        e.attachment = Some(EniAttachment {
            attachment_id,
            instance_id: id.clone(),
            device_index: n.device_index,
            attach_time: now,
            delete_on_termination: n.delete_on_termination,
        });
        e.auto_public_ip = public_ip;
        e.wants_public_ip = n.public_ip;
        if n.device_index == 0 {
            primary_eni = eni_id;
        }
    }
    let eni_id = primary_eni;
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
        network: Some(NetworkAttachment { subnet_id: p.subnet_id.clone(), vpc_id: p.vpc_id.clone(), eni_id }),
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
        run_periods: Vec::new(),
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
        spot_request_id: None,
    }
}
