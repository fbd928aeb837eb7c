//! CreateNetworkInterface, AttachNetworkInterface, DetachNetworkInterface,
//! DeleteNetworkInterface, DescribeNetworkInterfaces, AssignPrivateIpAddresses,
//! UnassignPrivateIpAddresses, ModifyNetworkInterfaceAttribute.
use super::instance_shape::{private_dns, tag_list, GroupShape, TagShape};
use super::net_common::{check_ids, refuse_unsimulated, tags_for, BoolValue, Empty, StringValue};
use crate::api::{filters, Filters, TagSpecification, Timestamp};
use crate::error::ApiError;
use crate::network::eni::{self, EniAttribute, NewEni};
use crate::network::errors::eni_not_found;
use crate::network::{format_ip, NetworkInterface};
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct AssociationShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    allocation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    association_id: Option<String>,
    ip_owner_id: String,
    public_dns_name: String,
    public_ip: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AttachmentShape {
    attach_time: Timestamp,
    attachment_id: String,
    delete_on_termination: bool,
    device_index: i64,
    network_card_index: i64,
    instance_id: String,
    instance_owner_id: String,
    status: String,
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
pub struct NetworkInterfaceShape {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<AssociationShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachment: Option<AttachmentShape>,
    availability_zone: String,
    availability_zone_id: String,
    description: String,
    groups: Vec<GroupShape>,
    interface_type: String,
    ipv6_addresses: Vec<()>,
    mac_address: String,
    network_interface_id: String,
    owner_id: String,
    private_dns_name: String,
    private_ip_address: String,
    private_ip_addresses: Vec<PrivateIpShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_id: Option<String>,
    requester_managed: bool,
    source_dest_check: bool,
    status: String,
    subnet_id: String,
    tag_set: Vec<TagShape>,
    vpc_id: String,
}

/// The public side of one private address: an Elastic IP (owned by the account) or the
/// auto-assigned pool address (owned by `amazon`).
fn association(r: &Region, e: &NetworkInterface, private_ip: u32) -> Option<AssociationShape> {
    let ip = r.network.public_ip_of(e, private_ip)?;
    let eip = r.network.eip_on(&e.id, private_ip);
    let running = e.instance_id().and_then(|i| r.compute.instances.get(i)).is_some_and(|i| i.state == crate::compute::InstanceState::Running);
    let hostnames = r.network.vpcs.get(&e.vpc_id).is_some_and(|v| v.enable_dns_hostnames);
    Some(AssociationShape {
        allocation_id: eip.map(|x| x.allocation_id.clone()),
        association_id: eip.and_then(|x| x.association.as_ref()).map(|a| a.association_id.clone()),
        ip_owner_id: if eip.is_some() { ACCOUNT_ID.into() } else { "amazon".into() },
        public_dns_name: if hostnames && (running || eip.is_some()) {
            format!("ec2-{}.{}", format_ip(ip).replace('.', "-"), r.info.public_dns_suffix)
        } else {
            String::new()
        },
        public_ip: format_ip(ip),
    })
}

pub fn render(r: &Region, e: &NetworkInterface) -> NetworkInterfaceShape {
    let info = r.info;
    let az_id = r.network.subnets.get(&e.subnet_id).map(|s| s.az_id.clone()).unwrap_or_default();
    NetworkInterfaceShape {
        association: association(r, e, e.primary_ip()),
        attachment: e.attachment.as_ref().map(|a| AttachmentShape {
            attach_time: Timestamp(a.attach_time),
            attachment_id: a.attachment_id.clone(),
            delete_on_termination: a.delete_on_termination,
            device_index: a.device_index as i64,
            network_card_index: 0,
            instance_id: a.instance_id.clone(),
            instance_owner_id: ACCOUNT_ID.into(),
            status: "attached".into(),
        }),
        availability_zone: e.az.clone(),
        availability_zone_id: az_id,
        description: e.description.clone(),
        groups: e
            .groups
            .iter()
            .map(|g| GroupShape { group_id: g.clone(), group_name: r.network.security_groups.get(g).map(|s| s.name.clone()).unwrap_or_default() })
            .collect(),
        interface_type: e.interface_type.clone(),
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
                association: association(r, e, p.address),
                primary: p.primary,
                private_dns_name: private_dns(info, p.address),
                private_ip_address: format_ip(p.address),
            })
            .collect(),
        // A service-managed interface names the service's account (AWS shows its own id).
        requester_id: e.requester_managed.then(|| "AWS_NAT_GATEWAY".to_string()).filter(|_| e.interface_type == "nat_gateway"),
        requester_managed: e.requester_managed,
        source_dest_check: e.source_dest_check,
        status: e.status().into(),
        subnet_id: e.subnet_id.clone(),
        tag_set: tag_list(r.tags.get(&e.id)).unwrap_or_default(),
        vpc_id: e.vpc_id.clone(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PrivateIpSpecRequest {
    primary: Option<bool>,
    private_ip_address: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateNetworkInterfaceRequest {
    subnet_id: String,
    description: Option<String>,
    private_ip_address: Option<String>,
    groups: Option<Vec<String>>,
    private_ip_addresses: Option<Vec<PrivateIpSpecRequest>>,
    secondary_private_ip_address_count: Option<i64>,
    tag_specifications: Option<Vec<TagSpecification>>,
    client_token: Option<String>,
    interface_type: Option<String>,
    ipv4_prefixes: Option<Value>,
    ipv4_prefix_count: Option<Value>,
    ipv6_prefixes: Option<Value>,
    ipv6_prefix_count: Option<Value>,
    enable_primary_ipv6: Option<Value>,
    connection_tracking_specification: Option<Value>,
    operator: Option<Value>,
    ipv6_addresses: Option<Value>,
    ipv6_address_count: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNetworkInterfaceResponse {
    network_interface: NetworkInterfaceShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_token: Option<String>,
}

/// Splits PrivateIpAddress / PrivateIpAddresses (one may be marked Primary) into a primary and secondaries.
pub fn split_private_ips(primary: Option<String>, list: Option<Vec<PrivateIpSpecRequest>>) -> Result<(Option<String>, Vec<String>), ApiError> {
    let mut primary = primary;
    let mut secondary = Vec::new();
    for p in list.unwrap_or_default() {
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
    Ok((primary, secondary))
}

fn count(v: Option<i64>, what: &str) -> Result<u32, ApiError> {
    match v {
        None => Ok(0),
        Some(n) if (0..=50).contains(&n) => Ok(n as u32),
        Some(n) => Err(ApiError::invalid_parameter_value(format!("Invalid value '{n}' for {what}."))
            .hint(format!("{what} is between 0 and 50."), format!("{what}은(는) 0~50 사이입니다."))),
    }
}

pub fn create_network_interface(w: &mut World, region: &str, r: CreateNetworkInterfaceRequest) -> Result<CreateNetworkInterfaceResponse, ApiError> {
    refuse_unsimulated(
        "CreateNetworkInterface",
        &[
            ("InterfaceType", r.interface_type.as_deref().is_some_and(|t| t != "interface")),
            ("Ipv4Prefixes", r.ipv4_prefixes.is_some()),
            ("Ipv4PrefixCount", r.ipv4_prefix_count.is_some()),
            ("Ipv6Prefixes", r.ipv6_prefixes.is_some()),
            ("Ipv6PrefixCount", r.ipv6_prefix_count.is_some()),
            ("EnablePrimaryIpv6", r.enable_primary_ipv6.is_some()),
            ("ConnectionTrackingSpecification", r.connection_tracking_specification.is_some()),
            ("Operator", r.operator.is_some()),
            ("Ipv6Addresses", r.ipv6_addresses.is_some()),
            ("Ipv6AddressCount", r.ipv6_address_count.is_some()),
        ],
    )?;
    let tags = tags_for(&r.tag_specifications, "network-interface")?;
    let (primary, secondary) = split_private_ips(r.private_ip_address, r.private_ip_addresses)?;
    let spec = NewEni {
        subnet_id: r.subnet_id,
        description: r.description.unwrap_or_default(),
        private_ip: primary,
        secondary_ips: secondary,
        secondary_count: count(r.secondary_private_ip_address_count, "SecondaryPrivateIpAddressCount")?,
        group_ids: r.groups.unwrap_or_default(),
        group_names: vec![],
        interface_type: "interface".into(),
        requester_managed: false,
    };
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let id = eni::create(&mut reg.network, rng, &spec)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreateNetworkInterfaceResponse { network_interface: render(reg, &reg.network.enis[&id]), client_token: r.client_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttachNetworkInterfaceRequest {
    network_interface_id: String,
    instance_id: String,
    device_index: i64,
    network_card_index: Option<i64>,
    ena_srd_specification: Option<Value>,
    ena_queue_count: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachNetworkInterfaceResponse {
    attachment_id: String,
    network_card_index: i64,
}

pub fn attach_network_interface(w: &mut World, region: &str, r: AttachNetworkInterfaceRequest) -> Result<AttachNetworkInterfaceResponse, ApiError> {
    refuse_unsimulated(
        "AttachNetworkInterface",
        &[
            ("NetworkCardIndex", r.network_card_index.is_some_and(|n| n != 0)),
            ("EnaSrdSpecification", r.ena_srd_specification.is_some()),
            ("EnaQueueCount", r.ena_queue_count.is_some()),
        ],
    )?;
    let now = w.now();
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let id = eni::attach(reg, rng, now, &r.network_interface_id, &r.instance_id, r.device_index)?;
    Ok(AttachNetworkInterfaceResponse { attachment_id: id, network_card_index: 0 })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DetachNetworkInterfaceRequest {
    attachment_id: String,
    force: Option<bool>,
}

pub fn detach_network_interface(w: &mut World, region: &str, r: DetachNetworkInterfaceRequest) -> Result<Empty, ApiError> {
    let _ = r.force;
    eni::detach(&mut w.region_mut(region)?.network, &r.attachment_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteNetworkInterfaceRequest {
    network_interface_id: String,
}

pub fn delete_network_interface(w: &mut World, region: &str, r: DeleteNetworkInterfaceRequest) -> Result<Empty, ApiError> {
    eni::delete(w.region_mut(region)?, &r.network_interface_id)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeNetworkInterfacesRequest {
    filters: Filters,
    network_interface_ids: Option<Vec<String>>,
    next_token: Option<String>,
    max_results: Option<i64>,
    include_managed_resources: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkInterfacesResponse {
    network_interfaces: Vec<NetworkInterfaceShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The DescribeNetworkInterfaces filters (BC:ec2/DescribeNetworkInterfaces).
pub struct EniFilterable<'a> {
    pub eni: &'a NetworkInterface,
    pub region: &'a Region,
}

impl FilterValues for EniFilterable<'_> {
    const NAMES: &'static [&'static str] = &[
        "addresses.private-ip-address",
        "addresses.primary",
        "addresses.association.public-ip",
        "addresses.association.owner-id",
        "association.association-id",
        "association.allocation-id",
        "association.ip-owner-id",
        "association.public-ip",
        "association.public-dns-name",
        "attachment.attachment-id",
        "attachment.attach-time",
        "attachment.delete-on-termination",
        "attachment.device-index",
        "attachment.instance-id",
        "attachment.instance-owner-id",
        "attachment.status",
        "availability-zone",
        "description",
        "group-id",
        "group-name",
        "interface-type",
        "mac-address",
        "network-interface-id",
        "owner-id",
        "private-dns-name",
        "private-ip-address",
        "requester-id",
        "requester-managed",
        "source-dest-check",
        "status",
        "subnet-id",
        "vpc-id",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let e = self.eni;
        let r = self.region;
        let a = e.attachment.as_ref();
        let assoc = association(r, e, e.primary_ip());
        let all_assoc = || e.private_ips.iter().filter_map(|p| association(r, e, p.address));
        let opt = |v: Option<String>| v.into_iter().collect::<Vec<_>>();
        Some(match name {
            "addresses.private-ip-address" => e.private_ips.iter().map(|p| format_ip(p.address)).collect(),
            "addresses.primary" => e.private_ips.iter().map(|p| p.primary.to_string()).collect(),
            "addresses.association.public-ip" => all_assoc().map(|x| x.public_ip).collect(),
            "addresses.association.owner-id" => all_assoc().map(|x| x.ip_owner_id).collect(),
            "association.association-id" => opt(assoc.and_then(|x| x.association_id)),
            "association.allocation-id" => opt(assoc.and_then(|x| x.allocation_id)),
            "association.ip-owner-id" => opt(assoc.map(|x| x.ip_owner_id)),
            "association.public-ip" => opt(assoc.map(|x| x.public_ip)),
            "association.public-dns-name" => opt(assoc.map(|x| x.public_dns_name)),
            "attachment.attachment-id" => opt(a.map(|a| a.attachment_id.clone())),
            "attachment.attach-time" => opt(a.map(|a| crate::sim::clock::iso8601(a.attach_time))),
            "attachment.delete-on-termination" => opt(a.map(|a| a.delete_on_termination.to_string())),
            "attachment.device-index" => opt(a.map(|a| a.device_index.to_string())),
            "attachment.instance-id" => opt(a.map(|a| a.instance_id.clone())),
            "attachment.instance-owner-id" => opt(a.map(|_| ACCOUNT_ID.to_string())),
            "attachment.status" => opt(a.map(|_| "attached".to_string())),
            "availability-zone" => vec![e.az.clone()],
            "description" => vec![e.description.clone()],
            "group-id" => e.groups.clone(),
            "group-name" => e.groups.iter().filter_map(|g| r.network.security_groups.get(g).map(|s| s.name.clone())).collect(),
            "interface-type" => vec![e.interface_type.clone()],
            "mac-address" => vec![e.mac.clone()],
            "network-interface-id" => vec![e.id.clone()],
            "owner-id" => vec![ACCOUNT_ID.into()],
            "private-dns-name" => vec![private_dns(r.info, e.primary_ip())],
            "private-ip-address" => e.private_ips.iter().map(|p| format_ip(p.address)).collect(),
            "requester-id" => opt(e.requester_managed.then(|| "AWS_NAT_GATEWAY".to_string())),
            "requester-managed" => vec![e.requester_managed.to_string()],
            "source-dest-check" => vec![e.source_dest_check.to_string()],
            "status" => vec![e.status().into()],
            "subnet-id" => vec![e.subnet_id.clone()],
            "vpc-id" => vec![e.vpc_id.clone()],
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.region.tags.get(&self.eni.id)
    }
}

pub fn describe_network_interfaces(w: &World, region: &str, r: DescribeNetworkInterfacesRequest) -> Result<DescribeNetworkInterfacesResponse, ApiError> {
    let _ = r.include_managed_resources;
    let reg = w.region(region)?;
    let ids = r.network_interface_ids.unwrap_or_default();
    if !ids.is_empty() && r.max_results.is_some() {
        return Err(ApiError::invalid_parameter_combination("The parameter networkInterfaceIdSet cannot be used with the parameter maxResults").hint(
            "Either name the interfaces or page through all of them, not both.",
            "인터페이스를 지정하거나 페이지로 나눠 보세요. 둘을 함께 쓸 수는 없습니다.",
        ));
    }
    check_ids(&ids, |id| reg.network.enis.contains_key(id), eni_not_found)?;
    let f = filters(&r.filters);
    check_names::<EniFilterable>(&f)?;
    let mut rows = Vec::new();
    for e in reg.network.enis.values() {
        if (ids.is_empty() || ids.contains(&e.id)) && matches(&f, &EniFilterable { eni: e, region: reg })? {
            rows.push(e);
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeNetworkInterfacesResponse { network_interfaces: page.items.into_iter().map(|e| render(reg, e)).collect(), next_token: page.next_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AssignPrivateIpAddressesRequest {
    network_interface_id: String,
    private_ip_addresses: Option<Vec<String>>,
    secondary_private_ip_address_count: Option<i64>,
    allow_reassignment: Option<bool>,
    ipv4_prefixes: Option<Value>,
    ipv4_prefix_count: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssignedAddressShape {
    private_ip_address: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssignPrivateIpAddressesResponse {
    network_interface_id: String,
    assigned_private_ip_addresses: Vec<AssignedAddressShape>,
    assigned_ipv4_prefixes: Vec<()>,
}

pub fn assign_private_ip_addresses(w: &mut World, region: &str, r: AssignPrivateIpAddressesRequest) -> Result<AssignPrivateIpAddressesResponse, ApiError> {
    refuse_unsimulated("AssignPrivateIpAddresses", &[("Ipv4Prefixes", r.ipv4_prefixes.is_some()), ("Ipv4PrefixCount", r.ipv4_prefix_count.is_some())])?;
    let n = count(r.secondary_private_ip_address_count, "SecondaryPrivateIpAddressCount")?;
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let ips =
        eni::assign_private_ips(reg, rng, &r.network_interface_id, &r.private_ip_addresses.unwrap_or_default(), n, r.allow_reassignment.unwrap_or(false))?;
    Ok(AssignPrivateIpAddressesResponse {
        network_interface_id: r.network_interface_id,
        assigned_private_ip_addresses: ips.into_iter().map(|ip| AssignedAddressShape { private_ip_address: format_ip(ip) }).collect(),
        assigned_ipv4_prefixes: vec![],
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UnassignPrivateIpAddressesRequest {
    network_interface_id: String,
    private_ip_addresses: Option<Vec<String>>,
    ipv4_prefixes: Option<Value>,
}

pub fn unassign_private_ip_addresses(w: &mut World, region: &str, r: UnassignPrivateIpAddressesRequest) -> Result<Empty, ApiError> {
    refuse_unsimulated("UnassignPrivateIpAddresses", &[("Ipv4Prefixes", r.ipv4_prefixes.is_some())])?;
    let ips = r.private_ip_addresses.unwrap_or_default();
    if ips.is_empty() {
        return Err(ApiError::missing_parameter("The request must contain the parameter privateIpAddress")
            .hint("Name the secondary addresses to unassign (PrivateIpAddresses).", "해제할 보조 주소(PrivateIpAddresses)를 지정하세요."));
    }
    eni::unassign_private_ips(&mut w.region_mut(region)?.network, &r.network_interface_id, &ips)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttachmentChangeRequest {
    attachment_id: Option<String>,
    delete_on_termination: Option<bool>,
    default_ena_queue_count: Option<Value>,
    ena_queue_count: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyNetworkInterfaceAttributeRequest {
    network_interface_id: String,
    description: Option<StringValue>,
    source_dest_check: Option<BoolValue>,
    groups: Option<Vec<String>>,
    attachment: Option<AttachmentChangeRequest>,
    ena_srd_specification: Option<Value>,
    enable_primary_ipv6: Option<Value>,
    connection_tracking_specification: Option<Value>,
    associate_public_ip_address: Option<Value>,
    associated_subnet_ids: Option<Value>,
}

pub fn modify_network_interface_attribute(w: &mut World, region: &str, r: ModifyNetworkInterfaceAttributeRequest) -> Result<Empty, ApiError> {
    refuse_unsimulated(
        "ModifyNetworkInterfaceAttribute",
        &[
            ("EnaSrdSpecification", r.ena_srd_specification.is_some()),
            ("EnablePrimaryIpv6", r.enable_primary_ipv6.is_some()),
            ("ConnectionTrackingSpecification", r.connection_tracking_specification.is_some()),
            ("AssociatePublicIpAddress", r.associate_public_ip_address.is_some()),
            ("AssociatedSubnetIds", r.associated_subnet_ids.is_some()),
            ("Attachment.EnaQueueCount", r.attachment.as_ref().is_some_and(|a| a.ena_queue_count.is_some() || a.default_ena_queue_count.is_some())),
        ],
    )?;
    let mut changes = Vec::new();
    if let Some(d) = r.description {
        changes.push(EniAttribute::Description(d.value.unwrap_or_default()));
    }
    if let Some(s) = r.source_dest_check {
        changes.push(EniAttribute::SourceDestCheck(s.value.unwrap_or(true)));
    }
    if let Some(g) = r.groups {
        changes.push(EniAttribute::Groups(g));
    }
    if let Some(a) = r.attachment {
        changes.push(EniAttribute::DeleteOnTermination { attachment_id: a.attachment_id.unwrap_or_default(), value: a.delete_on_termination.unwrap_or(false) });
    }
    let change = match changes.len() {
        1 => changes.pop().expect("one"),
        0 => {
            return Err(ApiError::missing_parameter("The request must contain exactly one attribute to modify.")
                .hint("Pass one of Description, SourceDestCheck, Groups or Attachment.", "Description, SourceDestCheck, Groups, Attachment 중 하나를 주세요."))
        }
        _ => {
            return Err(ApiError::invalid_parameter_combination("Only one attribute can be modified at a time.")
                .hint("Change one attribute per call.", "호출마다 속성 하나만 바꾸세요."))
        }
    };
    eni::modify_attribute(&mut w.region_mut(region)?.network, &r.network_interface_id, change)?;
    Ok(Empty {})
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_listed_filter_name_is_answered() {
        let c = super::super::cloud_with_instance();
        let r = &c.world.regions["us-east-1"];
        let e = r.network.enis.values().next().unwrap();
        let f = EniFilterable { eni: e, region: r };
        for name in <EniFilterable as FilterValues>::NAMES {
            assert!(f.filter_values(name).is_some(), "{name}");
        }
    }
}
