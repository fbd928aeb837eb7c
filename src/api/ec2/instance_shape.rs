//! The `Instance` shape of DescribeInstances/RunInstances, and the DescribeInstances filters.
use crate::api::Timestamp;
use crate::compute::{Instance, InstanceState};
use crate::geo::RegionInfo;
use crate::network::format_ip;
use crate::network::NetworkInterface;
use crate::query::FilterValues;
use crate::tags::Tags;
use crate::world::{Region, ACCOUNT_ID};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateShape {
    pub code: i64,
    pub name: String,
}

impl From<InstanceState> for StateShape {
    fn from(s: InstanceState) -> Self {
        StateShape { code: s.code(), name: s.name().into() }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagShape {
    pub key: String,
    pub value: String,
}

pub fn tag_list(tags: Option<&Tags>) -> Option<Vec<TagShape>> {
    tags.filter(|t| !t.is_empty()).map(|t| t.iter().map(|(k, v)| TagShape { key: k.clone(), value: v.clone() }).collect())
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupShape {
    pub group_id: String,
    pub group_name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct EbsShape {
    attach_time: Timestamp,
    delete_on_termination: bool,
    status: String,
    volume_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct BlockDeviceShape {
    device_name: String,
    ebs: EbsShape,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AssociationShape {
    ip_owner_id: String,
    public_dns_name: String,
    public_ip: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrivateIpShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<AssociationShape>,
    primary: bool,
    private_dns_name: String,
    private_ip_address: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AttachmentShape {
    attach_time: Timestamp,
    attachment_id: String,
    delete_on_termination: bool,
    device_index: i64,
    status: String,
    network_card_index: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkInterfaceShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<AssociationShape>,
    attachment: AttachmentShape,
    description: String,
    groups: Vec<GroupShape>,
    ipv6_addresses: Vec<()>,
    mac_address: String,
    network_interface_id: String,
    owner_id: String,
    private_dns_name: String,
    private_ip_address: String,
    private_ip_addresses: Vec<PrivateIpShape>,
    source_dest_check: bool,
    status: String,
    subnet_id: String,
    vpc_id: String,
    interface_type: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PlacementShape {
    availability_zone: String,
    availability_zone_id: String,
    group_name: String,
    tenancy: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StateReasonShape {
    code: String,
    message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ProductCodeShape {
    product_code_id: String,
    product_code_type: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct IamShape {
    arn: String,
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MonitoringShape {
    state: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CpuOptionsShape {
    core_count: i64,
    threads_per_core: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct HibernationShape {
    configured: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MetadataOptionsShape {
    state: String,
    http_tokens: String,
    http_put_response_hop_limit: i64,
    http_endpoint: String,
    http_protocol_ipv6: String,
    instance_metadata_tags: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct EnabledShape {
    enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CapacityReservationSpecShape {
    capacity_reservation_preference: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrivateDnsNameOptionsShape {
    hostname_type: String,
    enable_resource_name_dns_a_record: bool,
    #[serde(rename = "EnableResourceNameDnsAAAARecord")]
    enable_resource_name_dns_aaaa_record: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MaintenanceOptionsShape {
    auto_recovery: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceShape {
    ami_launch_index: i64,
    image_id: String,
    instance_id: String,
    instance_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_name: Option<String>,
    launch_time: Timestamp,
    monitoring: MonitoringShape,
    placement: PlacementShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<String>,
    private_dns_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_ip_address: Option<String>,
    product_codes: Vec<ProductCodeShape>,
    public_dns_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_ip_address: Option<String>,
    state: StateShape,
    state_transition_reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vpc_id: Option<String>,
    architecture: String,
    block_device_mappings: Vec<BlockDeviceShape>,
    client_token: String,
    ebs_optimized: bool,
    ena_support: bool,
    hypervisor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    iam_instance_profile: Option<IamShape>,
    network_interfaces: Vec<NetworkInterfaceShape>,
    root_device_name: String,
    root_device_type: String,
    security_groups: Vec<GroupShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_dest_check: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_reason: Option<StateReasonShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    virtualization_type: String,
    cpu_options: CpuOptionsShape,
    capacity_reservation_specification: CapacityReservationSpecShape,
    hibernation_options: HibernationShape,
    metadata_options: MetadataOptionsShape,
    enclave_options: EnabledShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    boot_mode: Option<String>,
    platform_details: String,
    usage_operation: String,
    usage_operation_update_time: Timestamp,
    private_dns_name_options: PrivateDnsNameOptionsShape,
    maintenance_options: MaintenanceOptionsShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_instance_boot_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_lifecycle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spot_instance_request_id: Option<String>,
}

pub fn private_dns(info: &RegionInfo, ip: u32) -> String {
    format!("ip-{}.{}", format_ip(ip).replace('.', "-"), info.private_dns_suffix)
}

/// A public DNS name exists only once the instance is running (BC:ec2/Instance.PublicDnsName),
/// and only in a VPC with DNS hostnames on (VPC:vpc-dns; on in the default VPC).
pub fn public_dns(r: &Region, i: &Instance, ip: Option<u32>) -> String {
    let hostnames = i.network.as_ref().and_then(|n| r.network.vpcs.get(&n.vpc_id)).is_some_and(|v| v.enable_dns_hostnames);
    match (ip, i.state) {
        (Some(ip), InstanceState::Running | InstanceState::Stopping) if hostnames => {
            format!("ec2-{}.{}", format_ip(ip).replace('.', "-"), r.info.public_dns_suffix)
        }
        _ => String::new(),
    }
}

/// The public address of a private address of an ENI, as InstanceNetworkInterfaceAssociation:
/// `IpOwnerId` is `amazon` for a pool address, the account for an Elastic IP.
fn association(r: &Region, i: &Instance, eni: &NetworkInterface, private_ip: u32) -> Option<AssociationShape> {
    let ip = r.network.public_ip_of(eni, private_ip)?;
    let owner = if r.network.eip_on(&eni.id, private_ip).is_some() { ACCOUNT_ID } else { "amazon" };
    Some(AssociationShape { ip_owner_id: owner.into(), public_dns_name: public_dns(r, i, Some(ip)), public_ip: format_ip(ip) })
}

fn group_shapes(r: &Region, ids: &[String]) -> Vec<GroupShape> {
    ids.iter().map(|g| GroupShape { group_id: g.clone(), group_name: r.network.security_groups.get(g).map(|s| s.name.clone()).unwrap_or_default() }).collect()
}

fn interface_shape(r: &Region, i: &Instance, e: &NetworkInterface) -> NetworkInterfaceShape {
    let info = r.info;
    let a = e.attachment.as_ref();
    NetworkInterfaceShape {
        association: association(r, i, e, e.primary_ip()),
        attachment: AttachmentShape {
            attach_time: Timestamp(a.map_or(0, |a| a.attach_time)),
            attachment_id: a.map(|a| a.attachment_id.clone()).unwrap_or_default(),
            delete_on_termination: a.is_some_and(|a| a.delete_on_termination),
            device_index: a.map_or(0, |a| a.device_index as i64),
            status: "attached".into(),
            network_card_index: 0,
        },
        description: e.description.clone(),
        groups: group_shapes(r, &e.groups),
        ipv6_addresses: vec![],
        mac_address: e.mac.clone(),
        network_interface_id: e.id.clone(),
        owner_id: ACCOUNT_ID.into(),
        private_dns_name: private_dns(info, e.primary_ip()),
        private_ip_address: format_ip(e.primary_ip()),
        private_ip_addresses: e
            .private_ips
            .iter()
            .map(|p| PrivateIpShape {
                association: association(r, i, e, p.address),
                primary: p.primary,
                private_dns_name: private_dns(info, p.address),
                private_ip_address: format_ip(p.address),
            })
            .collect(),
        source_dest_check: e.source_dest_check,
        status: e.status().into(),
        subnet_id: e.subnet_id.clone(),
        vpc_id: e.vpc_id.clone(),
        interface_type: e.interface_type.clone(),
    }
}

pub fn render(r: &Region, i: &Instance) -> InstanceShape {
    let info = r.info;
    let primary = i.network.as_ref().and_then(|n| r.network.enis.get(&n.eni_id));
    let public_ip = primary.and_then(|e| r.network.primary_public_ip(e));
    let pub_dns = public_dns(r, i, public_ip);
    let enis = if i.network.is_some() { r.network.enis_of(&i.id) } else { vec![] };
    InstanceShape {
        ami_launch_index: i.launch_index as i64,
        image_id: i.image_id.clone(),
        instance_id: i.id.clone(),
        instance_type: i.instance_type.clone(),
        key_name: i.key_name.clone(),
        launch_time: Timestamp(i.launch_time),
        monitoring: MonitoringShape { state: if i.detailed_monitoring { "enabled".into() } else { "disabled".into() } },
        placement: PlacementShape {
            availability_zone: i.az.clone(),
            availability_zone_id: i.az_id.clone(),
            group_name: String::new(),
            tenancy: i.tenancy.clone(),
        },
        platform: i.platform.clone(),
        private_dns_name: primary.map(|e| private_dns(info, e.primary_ip())).unwrap_or_default(),
        private_ip_address: primary.map(|e| format_ip(e.primary_ip())),
        product_codes: i.product_codes.iter().map(|(id, kind)| ProductCodeShape { product_code_id: id.clone(), product_code_type: kind.clone() }).collect(),
        public_dns_name: pub_dns.clone(),
        public_ip_address: public_ip.map(format_ip),
        state: i.state.into(),
        state_transition_reason: i.transition_reason.clone(),
        subnet_id: i.network.as_ref().map(|n| n.subnet_id.clone()),
        vpc_id: i.network.as_ref().map(|n| n.vpc_id.clone()),
        architecture: i.architecture.clone(),
        // The EBS volumes storage has attached to the instance, in device order.
        block_device_mappings: crate::storage::instance_devices(r, &i.id)
            .into_iter()
            .map(|d| BlockDeviceShape {
                device_name: d.device_name,
                ebs: EbsShape {
                    attach_time: Timestamp(d.attach_time),
                    delete_on_termination: d.delete_on_termination,
                    status: d.status.into(),
                    volume_id: d.volume_id,
                },
            })
            .collect(),
        client_token: i.client_token.clone(),
        ebs_optimized: i.ebs_optimized,
        ena_support: i.ena_support,
        hypervisor: i.hypervisor.clone(),
        iam_instance_profile: i.iam_instance_profile.as_ref().map(|(arn, id)| IamShape { arn: arn.clone(), id: id.clone() }),
        network_interfaces: enis.iter().map(|e| interface_shape(r, i, e)).collect(),
        root_device_name: i.root_device_name.clone(),
        root_device_type: i.root_device_type.clone(),
        security_groups: primary.map(|e| group_shapes(r, &e.groups)).unwrap_or_default(),
        source_dest_check: primary.map(|e| e.source_dest_check),
        state_reason: i.state_reason.as_ref().map(|(c, m)| StateReasonShape { code: c.clone(), message: m.clone() }),
        tags: tag_list(r.tags.get(&i.id)),
        virtualization_type: i.virtualization_type.clone(),
        cpu_options: CpuOptionsShape { core_count: i.cpu_cores as i64, threads_per_core: i.threads_per_core as i64 },
        capacity_reservation_specification: CapacityReservationSpecShape { capacity_reservation_preference: "open".into() },
        hibernation_options: HibernationShape { configured: i.hibernation_configured },
        metadata_options: MetadataOptionsShape {
            state: if i.state == InstanceState::Pending { "pending".into() } else { "applied".into() },
            http_tokens: i.http_tokens.clone(),
            http_put_response_hop_limit: if i.http_tokens == "required" { 2 } else { 1 },
            http_endpoint: "enabled".into(),
            http_protocol_ipv6: "disabled".into(),
            instance_metadata_tags: "disabled".into(),
        },
        enclave_options: EnabledShape { enabled: false },
        boot_mode: i.boot_mode.clone(),
        platform_details: i.platform_details.clone(),
        usage_operation: i.usage_operation.clone(),
        usage_operation_update_time: Timestamp(i.launch_time),
        private_dns_name_options: PrivateDnsNameOptionsShape {
            hostname_type: "ip-name".into(),
            enable_resource_name_dns_a_record: false,
            enable_resource_name_dns_aaaa_record: false,
        },
        maintenance_options: MaintenanceOptionsShape { auto_recovery: "default".into() },
        current_instance_boot_mode: Some(i.current_boot_mode.clone()),
        instance_lifecycle: i.spot_request_id.as_ref().map(|_| "spot".into()),
        spot_instance_request_id: i.spot_request_id.clone(),
    }
}

/// The DescribeInstances filters (BC:ec2/DescribeInstances), answered from the instance.
pub struct Filterable<'a> {
    pub instance: &'a Instance,
    pub region: &'a Region,
}

impl FilterValues for Filterable<'_> {
    const NAMES: &'static [&'static str] = &[
        "instance-id",
        "instance-state-name",
        "instance-state-code",
        "instance-type",
        "availability-zone",
        "image-id",
        "private-ip-address",
        "network-interface.addresses.private-ip-address",
        "ip-address",
        "network-interface.addresses.association.public-ip",
        "private-dns-name",
        "dns-name",
        "reservation-id",
        "key-name",
        "subnet-id",
        "vpc-id",
        "architecture",
        "root-device-type",
        "root-device-name",
        "virtualization-type",
        "hypervisor",
        "platform",
        "platform-details",
        "usage-operation",
        "tenancy",
        "placement-tenancy",
        "monitoring-state",
        "launch-index",
        "ami-launch-index",
        "client-token",
        "owner-id",
        "state-reason-code",
        "state-reason-message",
        "hibernation-options.configured",
        "instance.group-id",
        "network-interface.group-id",
        "instance.group-name",
        "network-interface.group-name",
        "network-interface.network-interface-id",
        "network-interface.subnet-id",
        "network-interface.vpc-id",
        "network-interface.availability-zone",
        "network-interface.description",
        "network-interface.mac-address",
        "network-interface.private-dns-name",
        "network-interface.source-dest-check",
        "network-interface.status",
        "network-interface.owner-id",
        "network-interface.requester-managed",
        "network-interface.addresses.primary",
        "network-interface.attachment.attachment-id",
        "network-interface.attachment.instance-id",
        "network-interface.attachment.instance-owner-id",
        "network-interface.attachment.device-index",
        "network-interface.attachment.status",
        "network-interface.attachment.attach-time",
        "network-interface.attachment.delete-on-termination",
        "association.public-ip",
        "association.ip-owner-id",
        "association.allocation-id",
        "association.association-id",
        "source-dest-check",
        "block-device-mapping.volume-id",
        "block-device-mapping.device-name",
        "iam-instance-profile.arn",
        "metadata-options.http-tokens",
        "product-code",
        "launch-time",
        "instance-lifecycle",
        "spot-instance-request-id",
    ];

    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let i = self.instance;
        let r = self.region;
        let info = r.info;
        let one = |s: String| Some(vec![s]);
        let opt = |s: Option<String>| Some(s.into_iter().collect());
        let enis = if i.network.is_some() { r.network.enis_of(&i.id) } else { vec![] };
        let primary = enis.first().copied();
        let public_ip = primary.and_then(|e| r.network.primary_public_ip(e));
        let groups: Vec<(String, String)> = if i.network.is_some() { r.network.instance_groups(&i.id) } else { vec![] };
        match name {
            "instance-id" => one(i.id.clone()),
            "instance-state-name" => one(i.state.name().into()),
            "instance-state-code" => one(i.state.code().to_string()),
            "instance-type" => one(i.instance_type.clone()),
            "availability-zone" => one(i.az.clone()),
            "image-id" => one(i.image_id.clone()),
            "private-ip-address" => opt(primary.map(|e| format_ip(e.primary_ip()))),
            "network-interface.addresses.private-ip-address" => Some(enis.iter().flat_map(|e| e.private_ips.iter().map(|p| format_ip(p.address))).collect()),
            "ip-address" => opt(public_ip.map(format_ip)),
            "network-interface.addresses.association.public-ip" => {
                Some(enis.iter().flat_map(|e| e.private_ips.iter().filter_map(|p| r.network.public_ip_of(e, p.address)).map(format_ip)).collect())
            }
            "private-dns-name" => opt(primary.map(|e| private_dns(info, e.primary_ip()))),
            "dns-name" => one(public_dns(r, i, public_ip)),
            "reservation-id" => one(i.reservation_id.clone()),
            "key-name" => opt(i.key_name.clone()),
            "subnet-id" => opt(i.network.as_ref().map(|n| n.subnet_id.clone())),
            "vpc-id" => opt(i.network.as_ref().map(|n| n.vpc_id.clone())),
            "architecture" => one(i.architecture.clone()),
            "root-device-type" => one(i.root_device_type.clone()),
            "root-device-name" => one(i.root_device_name.clone()),
            "virtualization-type" => one(i.virtualization_type.clone()),
            "hypervisor" => one(i.hypervisor.clone()),
            "platform" => opt(i.platform.clone()),
            "platform-details" => one(i.platform_details.clone()),
            "usage-operation" => one(i.usage_operation.clone()),
            "tenancy" | "placement-tenancy" => one(i.tenancy.clone()),
            "monitoring-state" => one(if i.detailed_monitoring { "enabled".into() } else { "disabled".into() }),
            "launch-index" | "ami-launch-index" => one(i.launch_index.to_string()),
            "client-token" => one(i.client_token.clone()),
            "owner-id" => one(ACCOUNT_ID.into()),
            "instance-lifecycle" => opt(i.spot_request_id.as_ref().map(|_| "spot".to_string())),
            "spot-instance-request-id" => opt(i.spot_request_id.clone()),
            "state-reason-code" => opt(i.state_reason.as_ref().map(|(c, _)| c.clone())),
            "state-reason-message" => opt(i.state_reason.as_ref().map(|(_, m)| m.clone())),
            "hibernation-options.configured" => one(i.hibernation_configured.to_string()),
            "instance.group-id" => Some(groups.iter().map(|g| g.0.clone()).collect()),
            "instance.group-name" => Some(groups.iter().map(|g| g.1.clone()).collect()),
            "network-interface.group-id" => Some(enis.iter().flat_map(|e| e.groups.iter().cloned()).collect()),
            "network-interface.group-name" => {
                Some(enis.iter().flat_map(|e| e.groups.iter().filter_map(|g| r.network.security_groups.get(g).map(|s| s.name.clone()))).collect())
            }
            "network-interface.network-interface-id" => Some(enis.iter().map(|e| e.id.clone()).collect()),
            "network-interface.subnet-id" => Some(enis.iter().map(|e| e.subnet_id.clone()).collect()),
            "network-interface.vpc-id" => Some(enis.iter().map(|e| e.vpc_id.clone()).collect()),
            "network-interface.availability-zone" => Some(enis.iter().map(|e| e.az.clone()).collect()),
            "network-interface.description" => Some(enis.iter().map(|e| e.description.clone()).collect()),
            "network-interface.mac-address" => Some(enis.iter().map(|e| e.mac.clone()).collect()),
            "network-interface.private-dns-name" => Some(enis.iter().map(|e| private_dns(info, e.primary_ip())).collect()),
            "network-interface.source-dest-check" => Some(enis.iter().map(|e| e.source_dest_check.to_string()).collect()),
            "network-interface.status" => Some(enis.iter().map(|e| e.status().to_string()).collect()),
            "network-interface.owner-id" => Some(enis.iter().map(|_| ACCOUNT_ID.to_string()).collect()),
            "network-interface.requester-managed" => Some(enis.iter().map(|e| e.requester_managed.to_string()).collect()),
            "network-interface.addresses.primary" => Some(enis.iter().flat_map(|e| e.private_ips.iter().map(|p| p.primary.to_string())).collect()),
            "network-interface.attachment.attachment-id" => Some(enis.iter().filter_map(|e| e.attachment.as_ref().map(|a| a.attachment_id.clone())).collect()),
            "network-interface.attachment.instance-id" => Some(enis.iter().filter_map(|e| e.instance_id().map(str::to_string)).collect()),
            "network-interface.attachment.instance-owner-id" => Some(enis.iter().map(|_| ACCOUNT_ID.to_string()).collect()),
            "network-interface.attachment.device-index" => {
                Some(enis.iter().filter_map(|e| e.attachment.as_ref().map(|a| a.device_index.to_string())).collect())
            }
            "network-interface.attachment.status" => Some(enis.iter().map(|_| "attached".to_string()).collect()),
            "network-interface.attachment.attach-time" => {
                Some(enis.iter().filter_map(|e| e.attachment.as_ref().map(|a| crate::sim::clock::iso8601(a.attach_time))).collect())
            }
            "network-interface.attachment.delete-on-termination" => {
                Some(enis.iter().filter_map(|e| e.attachment.as_ref().map(|a| a.delete_on_termination.to_string())).collect())
            }
            "association.public-ip" => opt(public_ip.map(format_ip)),
            "association.ip-owner-id" | "association.allocation-id" | "association.association-id" => {
                let eip = primary.and_then(|e| r.network.eip_on(&e.id, e.primary_ip()));
                Some(match name {
                    "association.ip-owner-id" => {
                        public_ip.map(|_| if eip.is_some() { ACCOUNT_ID.to_string() } else { "amazon".to_string() }).into_iter().collect()
                    }
                    "association.allocation-id" => eip.map(|e| e.allocation_id.clone()).into_iter().collect(),
                    _ => eip.and_then(|e| e.association.as_ref()).map(|a| a.association_id.clone()).into_iter().collect(),
                })
            }
            "source-dest-check" => opt(primary.map(|e| e.source_dest_check.to_string())),
            "block-device-mapping.volume-id" => Some(crate::storage::instance_devices(self.region, &i.id).into_iter().map(|d| d.volume_id).collect()),
            "block-device-mapping.device-name" => Some(crate::storage::instance_devices(self.region, &i.id).into_iter().map(|d| d.device_name).collect()),
            "iam-instance-profile.arn" => opt(i.iam_instance_profile.as_ref().map(|p| p.0.clone())),
            "metadata-options.http-tokens" => one(i.http_tokens.clone()),
            "product-code" => Some(i.product_codes.iter().map(|c| c.0.clone()).collect()),
            "launch-time" => one(crate::sim::clock::iso8601(i.launch_time)),
            _ => None,
        }
    }
    fn tags(&self) -> Option<&Tags> {
        self.region.tags.get(&self.instance.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_filter_name_is_answered() {
        let c = super::super::cloud_with_instance();
        let r = &c.world.regions["us-east-1"];
        let i = r.compute.instances.values().next().unwrap();
        let f = Filterable { instance: i, region: r };
        for name in <Filterable as FilterValues>::NAMES {
            assert!(f.filter_values(name).is_some(), "{name} is listed but not answered");
        }
        assert!(f.filter_values("colour").is_none());
    }
}
