//! The `Instance` shape of DescribeInstances/RunInstances, and the DescribeInstances filters.
use crate::api::Timestamp;
use crate::compute::{Instance, InstanceState};
use crate::geo::RegionInfo;
use crate::network::format_ip;
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
}

pub fn private_dns(info: &RegionInfo, ip: u32) -> String {
    format!("ip-{}.{}", format_ip(ip).replace('.', "-"), info.private_dns_suffix)
}

/// A public DNS name exists only once the instance is running (BC:ec2/Instance.PublicDnsName).
pub fn public_dns(info: &RegionInfo, i: &Instance) -> String {
    match (i.public_ip, i.state) {
        (Some(ip), InstanceState::Running | InstanceState::Stopping) => format!("ec2-{}.{}", format_ip(ip).replace('.', "-"), info.public_dns_suffix),
        _ => String::new(),
    }
}

pub fn render(r: &Region, i: &Instance) -> InstanceShape {
    let info = r.info;
    let pub_dns = public_dns(info, i);
    let association = i.public_ip.map(|ip| AssociationShape { ip_owner_id: "amazon".into(), public_dns_name: pub_dns.clone(), public_ip: format_ip(ip) });
    let groups = |n: &crate::compute::NetworkAttachment| {
        n.security_groups.iter().map(|(id, name)| GroupShape { group_id: id.clone(), group_name: name.clone() }).collect::<Vec<_>>()
    };
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
        private_dns_name: i.private_ip().map(|ip| private_dns(info, ip)).unwrap_or_default(),
        private_ip_address: i.private_ip().map(format_ip),
        product_codes: i.product_codes.iter().map(|(id, kind)| ProductCodeShape { product_code_id: id.clone(), product_code_type: kind.clone() }).collect(),
        public_dns_name: pub_dns.clone(),
        public_ip_address: i.public_ip.map(format_ip),
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
        network_interfaces: i
            .network
            .iter()
            .map(|n| NetworkInterfaceShape {
                association: i.public_ip.map(|ip| AssociationShape {
                    ip_owner_id: "amazon".into(),
                    public_dns_name: pub_dns.clone(),
                    public_ip: format_ip(ip),
                }),
                attachment: AttachmentShape {
                    attach_time: Timestamp(n.attach_time),
                    attachment_id: n.attachment_id.clone(),
                    delete_on_termination: true,
                    device_index: 0,
                    status: "attached".into(),
                    network_card_index: 0,
                },
                description: String::new(),
                groups: groups(n),
                ipv6_addresses: vec![],
                mac_address: n.mac.clone(),
                network_interface_id: n.eni_id.clone(),
                owner_id: ACCOUNT_ID.into(),
                private_dns_name: private_dns(info, n.private_ip),
                private_ip_address: format_ip(n.private_ip),
                private_ip_addresses: vec![PrivateIpShape {
                    association: association.as_ref().map(|a| AssociationShape {
                        ip_owner_id: a.ip_owner_id.clone(),
                        public_dns_name: a.public_dns_name.clone(),
                        public_ip: a.public_ip.clone(),
                    }),
                    primary: true,
                    private_dns_name: private_dns(info, n.private_ip),
                    private_ip_address: format_ip(n.private_ip),
                }],
                source_dest_check: true,
                status: "in-use".into(),
                subnet_id: n.subnet_id.clone(),
                vpc_id: n.vpc_id.clone(),
                interface_type: "interface".into(),
            })
            .collect(),
        root_device_name: i.root_device_name.clone(),
        root_device_type: i.root_device_type.clone(),
        security_groups: i.network.as_ref().map(groups).unwrap_or_default(),
        source_dest_check: i.network.as_ref().map(|_| true),
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
        "block-device-mapping.volume-id",
        "block-device-mapping.device-name",
        "iam-instance-profile.arn",
        "metadata-options.http-tokens",
        "product-code",
        "launch-time",
    ];

    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let i = self.instance;
        let info = self.region.info;
        let one = |s: String| Some(vec![s]);
        let opt = |s: Option<String>| Some(s.into_iter().collect());
        match name {
            "instance-id" => one(i.id.clone()),
            "instance-state-name" => one(i.state.name().into()),
            "instance-state-code" => one(i.state.code().to_string()),
            "instance-type" => one(i.instance_type.clone()),
            "availability-zone" => one(i.az.clone()),
            "image-id" => one(i.image_id.clone()),
            "private-ip-address" | "network-interface.addresses.private-ip-address" => opt(i.private_ip().map(format_ip)),
            "ip-address" | "network-interface.addresses.association.public-ip" => opt(i.public_ip.map(format_ip)),
            "private-dns-name" => opt(i.private_ip().map(|ip| private_dns(info, ip))),
            "dns-name" => one(public_dns(info, i)),
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
            "state-reason-code" => opt(i.state_reason.as_ref().map(|(c, _)| c.clone())),
            "state-reason-message" => opt(i.state_reason.as_ref().map(|(_, m)| m.clone())),
            "hibernation-options.configured" => one(i.hibernation_configured.to_string()),
            "instance.group-id" | "network-interface.group-id" => Some(i.network.iter().flat_map(|n| n.security_groups.iter().map(|g| g.0.clone())).collect()),
            "instance.group-name" | "network-interface.group-name" => {
                Some(i.network.iter().flat_map(|n| n.security_groups.iter().map(|g| g.1.clone())).collect())
            }
            "network-interface.network-interface-id" => opt(i.network.as_ref().map(|n| n.eni_id.clone())),
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
