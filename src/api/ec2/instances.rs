//! RunInstances and DescribeInstances.
use super::instance_shape::{render, Filterable, GroupShape, InstanceShape};
use crate::api::{filters, Filters, TagSpecification};
use crate::compute::{self, LaunchSpec};
use crate::error::ApiError;
use crate::query::{check_names, matches, paginate};
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PlacementRequest {
    availability_zone: Option<String>,
    availability_zone_id: Option<String>,
    group_name: Option<String>,
    group_id: Option<String>,
    tenancy: Option<String>,
    affinity: Option<String>,
    partition_number: Option<i64>,
    host_id: Option<String>,
    spread_domain: Option<String>,
    host_resource_group_arn: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EnabledRequest {
    enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConfiguredRequest {
    configured: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreditSpecificationRequest {
    cpu_credits: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IamProfileRequest {
    arn: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetadataOptionsRequest {
    http_tokens: Option<String>,
    http_put_response_hop_limit: Option<i64>,
    http_endpoint: Option<String>,
    http_protocol_ipv6: Option<String>,
    instance_metadata_tags: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsRequest {
    delete_on_termination: Option<bool>,
    iops: Option<i64>,
    snapshot_id: Option<String>,
    volume_size: Option<i64>,
    volume_type: Option<String>,
    kms_key_id: Option<String>,
    throughput: Option<i64>,
    outpost_arn: Option<String>,
    availability_zone: Option<String>,
    encrypted: Option<bool>,
    volume_initialization_rate: Option<i64>,
    availability_zone_id: Option<String>,
    ebs_card_index: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BlockDeviceMappingRequest {
    device_name: String,
    ebs: Option<EbsRequest>,
    no_device: Option<String>,
    virtual_name: Option<String>,
}

fn non_negative(v: Option<i64>, what: &str) -> Result<Option<u32>, ApiError> {
    match v {
        Some(n) if n < 0 || n > u32::MAX as i64 => Err(ApiError::invalid_parameter_value(format!("Invalid value '{n}' for {what}."))
            .hint(format!("{what} must be a positive number."), format!("{what}은(는) 양수여야 합니다."))),
        Some(n) => Ok(Some(n as u32)),
        None => Ok(None),
    }
}

impl BlockDeviceMappingRequest {
    fn spec(self) -> Result<compute::DeviceMapping, ApiError> {
        let ebs = match self.ebs {
            Some(e) => {
                let _ = (&e.kms_key_id, &e.outpost_arn, &e.availability_zone, &e.volume_initialization_rate, &e.availability_zone_id, &e.ebs_card_index);
                Some(compute::RootOverride {
                    volume_size: non_negative(e.volume_size, "VolumeSize")?,
                    volume_type: e.volume_type,
                    delete_on_termination: e.delete_on_termination,
                    encrypted: e.encrypted,
                    iops: non_negative(e.iops, "Iops")?,
                    throughput: non_negative(e.throughput, "Throughput")?,
                    snapshot_id: e.snapshot_id,
                })
            }
            None => None,
        };
        Ok(compute::DeviceMapping { device_name: self.device_name, ebs, virtual_name: self.virtual_name, no_device: self.no_device.is_some() })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PrivateIpSpecRequest {
    primary: Option<bool>,
    private_ip_address: Option<String>,
}

/// One entry of NetworkInterfaces (BC:ec2/InstanceNetworkInterfaceSpecification).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NetworkInterfaceRequest {
    associate_public_ip_address: Option<bool>,
    delete_on_termination: Option<bool>,
    description: Option<String>,
    device_index: Option<i64>,
    groups: Option<Vec<String>>,
    network_interface_id: Option<String>,
    private_ip_address: Option<String>,
    private_ip_addresses: Option<Vec<PrivateIpSpecRequest>>,
    secondary_private_ip_address_count: Option<i64>,
    subnet_id: Option<String>,
    interface_type: Option<String>,
    network_card_index: Option<i64>,
    ipv6_address_count: Option<Value>,
    ipv6_addresses: Option<Value>,
    associate_carrier_ip_address: Option<Value>,
    ipv4_prefixes: Option<Value>,
    ipv4_prefix_count: Option<Value>,
    ipv6_prefixes: Option<Value>,
    ipv6_prefix_count: Option<Value>,
    primary_ipv6: Option<Value>,
    ena_srd_specification: Option<Value>,
    connection_tracking_specification: Option<Value>,
    ena_queue_count: Option<Value>,
}

impl NetworkInterfaceRequest {
    fn spec(self) -> Result<compute::NicSpec, ApiError> {
        let later = [
            ("NetworkInterfaces.InterfaceType", self.interface_type.as_deref().is_some_and(|t| t != "interface")),
            ("NetworkInterfaces.NetworkCardIndex", self.network_card_index.is_some_and(|n| n != 0)),
            ("NetworkInterfaces.Ipv6AddressCount", self.ipv6_address_count.is_some()),
            ("NetworkInterfaces.Ipv6Addresses", self.ipv6_addresses.is_some()),
            ("NetworkInterfaces.AssociateCarrierIpAddress", self.associate_carrier_ip_address.is_some()),
            ("NetworkInterfaces.Ipv4Prefixes", self.ipv4_prefixes.is_some() || self.ipv4_prefix_count.is_some()),
            ("NetworkInterfaces.Ipv6Prefixes", self.ipv6_prefixes.is_some() || self.ipv6_prefix_count.is_some()),
            ("NetworkInterfaces.PrimaryIpv6", self.primary_ipv6.is_some()),
            ("NetworkInterfaces.EnaSrdSpecification", self.ena_srd_specification.is_some()),
            ("NetworkInterfaces.ConnectionTrackingSpecification", self.connection_tracking_specification.is_some()),
            ("NetworkInterfaces.EnaQueueCount", self.ena_queue_count.is_some()),
        ];
        if let Some((m, _)) = later.iter().find(|(_, g)| *g) {
            return Err(not_simulated(m));
        }
        let mut primary = self.private_ip_address;
        let mut secondary = Vec::new();
        for p in self.private_ip_addresses.unwrap_or_default() {
            let Some(ip) = p.private_ip_address else { continue };
            if p.primary == Some(true) {
                if primary.as_ref().is_some_and(|x| x != &ip) {
                    return Err(ApiError::invalid_parameter_combination("Only one primary private IP address can be specified.").hint(
                        "Mark at most one address Primary, and make it match PrivateIpAddress if you give both.",
                        "Primary는 주소 하나에만 표시하고, PrivateIpAddress와 함께 쓰면 같게 하세요.",
                    ));
                }
                primary = Some(ip);
            } else {
                secondary.push(ip);
            }
        }
        let count = match self.secondary_private_ip_address_count {
            None => 0,
            Some(n) if (0..=50).contains(&n) => n as u32,
            Some(n) => {
                return Err(ApiError::invalid_parameter_value(format!("Invalid value '{n}' for SecondaryPrivateIpAddressCount."))
                    .hint("SecondaryPrivateIpAddressCount is between 0 and 50.", "SecondaryPrivateIpAddressCount는 0~50 사이입니다."))
            }
        };
        Ok(compute::NicSpec {
            device_index: self.device_index,
            eni_id: self.network_interface_id,
            subnet_id: self.subnet_id,
            description: self.description,
            private_ip: primary,
            secondary_ips: secondary,
            secondary_count: count,
            groups: self.groups.unwrap_or_default(),
            associate_public_ip: self.associate_public_ip_address,
            delete_on_termination: self.delete_on_termination,
        })
    }
}

/// Every RunInstances member of botocore's model is accepted by the parser, so a valid boto3
/// call never fails validation; members ec2lab does not simulate are refused with a clear error.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RunInstancesRequest {
    image_id: Option<String>,
    instance_type: Option<String>,
    min_count: i64,
    max_count: i64,
    key_name: Option<String>,
    placement: Option<PlacementRequest>,
    subnet_id: Option<String>,
    security_group_ids: Option<Vec<String>>,
    security_groups: Option<Vec<String>>,
    user_data: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    disable_api_termination: Option<bool>,
    disable_api_stop: Option<bool>,
    instance_initiated_shutdown_behavior: Option<String>,
    hibernation_options: Option<ConfiguredRequest>,
    credit_specification: Option<CreditSpecificationRequest>,
    monitoring: Option<EnabledRequest>,
    iam_instance_profile: Option<IamProfileRequest>,
    ebs_optimized: Option<bool>,
    private_ip_address: Option<String>,
    client_token: Option<String>,
    metadata_options: Option<MetadataOptionsRequest>,
    // Accepted by botocore; simulated by later work (storage, networking, purchase options).
    block_device_mappings: Option<Vec<BlockDeviceMappingRequest>>,
    network_interfaces: Option<Vec<NetworkInterfaceRequest>>,
    instance_market_options: Option<super::spot::InstanceMarketOptionsRequest>,
    ipv6_address_count: Option<Value>,
    ipv6_addresses: Option<Value>,
    kernel_id: Option<Value>,
    ramdisk_id: Option<Value>,
    elastic_gpu_specification: Option<Value>,
    elastic_inference_accelerators: Option<Value>,
    launch_template: Option<Value>,
    cpu_options: Option<Value>,
    capacity_reservation_specification: Option<Value>,
    license_specifications: Option<Value>,
    enclave_options: Option<Value>,
    private_dns_name_options: Option<Value>,
    maintenance_options: Option<Value>,
    enable_primary_ipv6: Option<Value>,
    network_performance_options: Option<Value>,
    operator: Option<Value>,
    secondary_interfaces: Option<Value>,
    additional_info: Option<Value>,
}

fn not_simulated(member: &str) -> ApiError {
    ApiError::new("Unsupported", format!("ec2lab does not simulate the RunInstances parameter {member} yet.")).hint(
        format!("{member} is a real parameter, but ec2lab does not model it yet; leave it out. See the README for what is supported."),
        format!("{member}은(는) 실제 파라미터지만 ec2lab은 아직 지원하지 않습니다. 빼고 호출하세요."),
    )
}

impl RunInstancesRequest {
    fn unsupported(&self) -> Option<&'static str> {
        let members: [(&'static str, bool); 16] = [
            ("Ipv6AddressCount", self.ipv6_address_count.is_some()),
            ("Ipv6Addresses", self.ipv6_addresses.is_some()),
            ("KernelId", self.kernel_id.is_some()),
            ("RamdiskId", self.ramdisk_id.is_some()),
            ("ElasticGpuSpecification", self.elastic_gpu_specification.is_some()),
            ("ElasticInferenceAccelerators", self.elastic_inference_accelerators.is_some()),
            ("LaunchTemplate", self.launch_template.is_some()),
            ("CpuOptions", self.cpu_options.is_some()),
            ("CapacityReservationSpecification", self.capacity_reservation_specification.is_some()),
            ("LicenseSpecifications", self.license_specifications.is_some()),
            ("EnclaveOptions", self.enclave_options.is_some()),
            ("PrivateDnsNameOptions", self.private_dns_name_options.is_some()),
            ("MaintenanceOptions", self.maintenance_options.is_some()),
            ("EnablePrimaryIpv6", self.enable_primary_ipv6.is_some()),
            ("NetworkPerformanceOptions", self.network_performance_options.is_some()),
            ("SecondaryInterfaces", self.secondary_interfaces.is_some() || self.operator.is_some()),
        ];
        let _ = &self.additional_info;
        members.iter().find(|(_, given)| *given).map(|(m, _)| *m)
    }

    /// The launch in domain terms (also used for a Spot request's LaunchSpecification).
    pub(super) fn launch_spec(self) -> Result<LaunchSpec, ApiError> {
        self.spec()
    }

    fn spec(self) -> Result<LaunchSpec, ApiError> {
        if let Some(m) = self.unsupported() {
            return Err(not_simulated(m));
        }
        let image_id = self.image_id.ok_or_else(|| {
            ApiError::missing_parameter("The request must contain the parameter ImageId").hint(
                "Every launch needs an AMI: find one with describe_images (for example Amazon Linux 2023).",
                "인스턴스를 시작하려면 AMI가 필요합니다. describe_images로 찾아보세요 (예: Amazon Linux 2023).",
            )
        })?;
        let placement = self.placement.unwrap_or_default();
        let _ = (&placement.group_id, &placement.affinity, &placement.partition_number, &placement.spread_domain, &placement.host_resource_group_arn);
        if placement.host_id.is_some() {
            return Err(not_simulated("Placement.HostId"));
        }
        let metadata = self.metadata_options;
        if let Some(m) = &metadata {
            let _ = (&m.http_put_response_hop_limit, &m.http_endpoint, &m.http_protocol_ipv6, &m.instance_metadata_tags);
        }
        let network_interfaces = self.network_interfaces.unwrap_or_default().into_iter().map(NetworkInterfaceRequest::spec).collect::<Result<Vec<_>, _>>()?;
        let mappings = self.block_device_mappings.unwrap_or_default().into_iter().map(BlockDeviceMappingRequest::spec).collect::<Result<Vec<_>, _>>()?;
        Ok(LaunchSpec {
            network_interfaces,
            mappings,
            image_id,
            instance_type: self.instance_type,
            min_count: self.min_count,
            max_count: self.max_count,
            availability_zone: placement.availability_zone,
            availability_zone_id: placement.availability_zone_id,
            subnet_id: self.subnet_id,
            tenancy: placement.tenancy,
            placement_group: placement.group_name,
            key_name: self.key_name,
            security_group_ids: self.security_group_ids.unwrap_or_default(),
            security_group_names: self.security_groups.unwrap_or_default(),
            tags: self
                .tag_specifications
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s.resource_type.unwrap_or_else(|| "instance".into()), s.tags.into_iter().map(|t| (t.key, t.value)).collect()))
                .collect(),
            disable_api_termination: self.disable_api_termination.unwrap_or(false),
            disable_api_stop: self.disable_api_stop.unwrap_or(false),
            shutdown_behavior: self.instance_initiated_shutdown_behavior,
            hibernation: self.hibernation_options.and_then(|h| h.configured).unwrap_or(false),
            user_data: self.user_data,
            credit_specification: self.credit_specification.map(|c| c.cpu_credits),
            monitoring: self.monitoring.and_then(|m| m.enabled).unwrap_or(false),
            iam_instance_profile_arn: self.iam_instance_profile.as_ref().and_then(|p| p.arn.clone()),
            iam_instance_profile_name: self.iam_instance_profile.and_then(|p| p.name),
            ebs_optimized: self.ebs_optimized,
            private_ip: self.private_ip_address,
            client_token: self.client_token,
            http_tokens: metadata.and_then(|m| m.http_tokens),
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation {
    reservation_id: String,
    owner_id: String,
    groups: Vec<GroupShape>,
    instances: Vec<InstanceShape>,
}

pub fn run_instances(w: &mut World, region: &str, mut r: RunInstancesRequest) -> Result<Reservation, ApiError> {
    let market = r.instance_market_options.take().map(|m| m.spot()).transpose()?.flatten();
    let spec = r.spec()?;
    let (reservation_id, ids) = match &market {
        Some(o) => super::spot::run_spot(w, region, &spec, o)?,
        None => compute::run_instances(w, region, &spec)?,
    };
    let reg = w.region(region)?;
    let instances = ids.iter().map(|id| render(reg, &reg.compute.instances[id])).collect();
    Ok(Reservation { reservation_id, owner_id: ACCOUNT_ID.into(), groups: vec![], instances })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstancesRequest {
    instance_ids: Option<Vec<String>>,
    filters: Filters,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesResponse {
    reservations: Vec<Reservation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn describe_instances(w: &World, region: &str, r: DescribeInstancesRequest) -> Result<DescribeInstancesResponse, ApiError> {
    let ids = r.instance_ids.unwrap_or_default();
    if !ids.is_empty() && r.max_results.is_some() {
        return Err(ApiError::invalid_parameter_combination("The parameter instancesSet cannot be used with the parameter maxResults").hint(
            "Either name the instances (InstanceIds) or page through all of them (MaxResults), not both.",
            "InstanceIds로 지정하거나 MaxResults로 페이지를 나누세요. 둘을 함께 쓸 수는 없습니다.",
        ));
    }
    compute::check_instance_ids(w, region, &ids)?;
    let reg = w.region(region)?;
    let f = filters(&r.filters);
    check_names::<Filterable>(&f)?;
    let mut selected = Vec::new();
    for i in reg.compute.in_launch_order() {
        if (!ids.is_empty() && !ids.contains(&i.id)) || !matches(&f, &Filterable { instance: i, region: reg })? {
            continue;
        }
        selected.push(i);
    }
    let page = paginate(selected, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    // Group the page's instances by reservation, keeping launch order.
    let mut reservations: Vec<Reservation> = Vec::new();
    for i in page.items {
        match reservations.last_mut() {
            Some(last) if last.reservation_id == i.reservation_id => last.instances.push(render(reg, i)),
            _ => reservations.push(Reservation {
                reservation_id: i.reservation_id.clone(),
                owner_id: ACCOUNT_ID.into(),
                groups: vec![],
                instances: vec![render(reg, i)],
            }),
        }
    }
    Ok(DescribeInstancesResponse { reservations, next_token: page.next_token })
}
