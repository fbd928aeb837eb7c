//! AllocateAddress, AssociateAddress, DisassociateAddress, ReleaseAddress, DescribeAddresses.
use super::instance_shape::{tag_list, TagShape};
use super::net_common::{refuse_unsimulated, tags_for, Empty};
use crate::api::{filters, Filters, TagSpecification};
use crate::error::ApiError;
use crate::network::elastic_ip::{self, AssociateSpec};
use crate::network::{format_ip, ElasticIp};
use crate::query::{check_names, matches, FilterValues};
use crate::tags::Tags;
use crate::world::{Region, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AllocateAddressRequest {
    domain: Option<String>,
    tag_specifications: Option<Vec<TagSpecification>>,
    address: Option<Value>,
    public_ipv4_pool: Option<Value>,
    network_border_group: Option<String>,
    customer_owned_ipv4_pool: Option<Value>,
    ipam_pool_id: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllocateAddressResponse {
    allocation_id: String,
    public_ipv4_pool: String,
    network_border_group: String,
    domain: String,
    public_ip: String,
}

pub fn allocate_address(w: &mut World, region: &str, r: AllocateAddressRequest) -> Result<AllocateAddressResponse, ApiError> {
    refuse_unsimulated(
        "AllocateAddress",
        &[
            ("Address", r.address.is_some()),
            ("PublicIpv4Pool", r.public_ipv4_pool.is_some()),
            ("CustomerOwnedIpv4Pool", r.customer_owned_ipv4_pool.is_some()),
            ("IpamPoolId", r.ipam_pool_id.is_some()),
        ],
    )?;
    if let Some(g) = r.network_border_group.as_deref().filter(|g| *g != region) {
        return Err(ApiError::invalid_parameter_value(format!("Invalid value '{g}' for NetworkBorderGroup.")).hint(
            format!("An Elastic IP belongs to one region; here the network border group is {region}."),
            format!("탄력적 IP는 한 리전에 속합니다. 여기서 네트워크 경계 그룹은 {region}입니다."),
        ));
    }
    let tags = tags_for(&r.tag_specifications, "elastic-ip")?;
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let id = elastic_ip::allocate(&mut reg.network, reg.info, rng, r.domain.as_deref())?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    let public_ip = format_ip(reg.network.elastic_ips[&id].public_ip);
    crate::billing::ledger::eip_allocated(w, region, &id);
    Ok(AllocateAddressResponse {
        allocation_id: id.clone(),
        public_ipv4_pool: "amazon".into(),
        network_border_group: region.into(),
        domain: "vpc".into(),
        public_ip,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AssociateAddressRequest {
    allocation_id: Option<String>,
    instance_id: Option<String>,
    public_ip: Option<String>,
    network_interface_id: Option<String>,
    private_ip_address: Option<String>,
    allow_reassociation: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateAddressResponse {
    association_id: String,
}

pub fn associate_address(w: &mut World, region: &str, r: AssociateAddressRequest) -> Result<AssociateAddressResponse, ApiError> {
    let spec = AssociateSpec {
        allocation_id: r.allocation_id.as_deref(),
        public_ip: r.public_ip.as_deref(),
        instance_id: r.instance_id.as_deref(),
        eni_id: r.network_interface_id.as_deref(),
        private_ip: r.private_ip_address.as_deref(),
        // Reassociation is automatic unless the caller says false (BC:ec2/AssociateAddress).
        allow_reassociation: r.allow_reassociation.unwrap_or(true),
    };
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    let id = elastic_ip::associate(reg, rng, &spec)?;
    crate::billing::ledger::eip_observe(w, region);
    Ok(AssociateAddressResponse { association_id: id })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DisassociateAddressRequest {
    association_id: Option<String>,
    public_ip: Option<String>,
}

pub fn disassociate_address(w: &mut World, region: &str, r: DisassociateAddressRequest) -> Result<Empty, ApiError> {
    crate::geo::require_region(region)?;
    let World { regions, rng, .. } = w;
    let reg = regions.get_mut(region).expect("checked");
    elastic_ip::disassociate(reg, rng, r.association_id.as_deref(), r.public_ip.as_deref())?;
    crate::billing::ledger::eip_observe(w, region);
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReleaseAddressRequest {
    allocation_id: Option<String>,
    public_ip: Option<String>,
    network_border_group: Option<String>,
}

pub fn release_address(w: &mut World, region: &str, r: ReleaseAddressRequest) -> Result<Empty, ApiError> {
    let _ = &r.network_border_group;
    let reg = w.region_mut(region)?;
    let id = elastic_ip::release(&mut reg.network, r.allocation_id.as_deref(), r.public_ip.as_deref())?;
    reg.tags.forget(&id);
    crate::billing::ledger::eip_released(w, region, &id);
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAddressesRequest {
    filters: Filters,
    public_ips: Option<Vec<String>>,
    allocation_ids: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressShape {
    allocation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    association_id: Option<String>,
    domain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_interface_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_interface_owner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<TagShape>>,
    public_ipv4_pool: String,
    network_border_group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    public_ip: String,
}

fn render(r: &Region, e: &ElasticIp) -> AddressShape {
    let a = e.association.as_ref();
    let instance = a.and_then(|a| r.network.enis.get(&a.eni_id)).and_then(|x| x.instance_id()).map(str::to_string);
    AddressShape {
        allocation_id: e.allocation_id.clone(),
        association_id: a.map(|a| a.association_id.clone()),
        domain: "vpc".into(),
        network_interface_id: a.map(|a| a.eni_id.clone()),
        network_interface_owner_id: a.map(|_| ACCOUNT_ID.into()),
        private_ip_address: a.map(|a| format_ip(a.private_ip)),
        tags: tag_list(r.tags.get(&e.allocation_id)),
        public_ipv4_pool: "amazon".into(),
        network_border_group: r.info.name.into(),
        instance_id: instance,
        public_ip: format_ip(e.public_ip),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressesResponse {
    addresses: Vec<AddressShape>,
}

/// The DescribeAddresses filters (BC:ec2/DescribeAddresses), answered from the rendered shape.
pub struct AddressFilterable<'a> {
    pub shape: AddressShape,
    pub tags: Option<&'a Tags>,
}

impl FilterValues for AddressFilterable<'_> {
    const NAMES: &'static [&'static str] = &[
        "allocation-id",
        "association-id",
        "domain",
        "instance-id",
        "network-border-group",
        "network-interface-id",
        "network-interface-owner-id",
        "private-ip-address",
        "public-ip",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let s = &self.shape;
        let opt = |v: &Option<String>| Some(v.iter().cloned().collect());
        match name {
            "allocation-id" => Some(vec![s.allocation_id.clone()]),
            "association-id" => opt(&s.association_id),
            "domain" => Some(vec![s.domain.clone()]),
            "instance-id" => opt(&s.instance_id),
            "network-border-group" => Some(vec![s.network_border_group.clone()]),
            "network-interface-id" => opt(&s.network_interface_id),
            "network-interface-owner-id" => opt(&s.network_interface_owner_id),
            "private-ip-address" => opt(&s.private_ip_address),
            "public-ip" => Some(vec![s.public_ip.clone()]),
            _ => None,
        }
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_addresses(w: &World, region: &str, r: DescribeAddressesRequest) -> Result<DescribeAddressesResponse, ApiError> {
    let reg = w.region(region)?;
    let net = &reg.network;
    let allocs = r.allocation_ids.unwrap_or_default();
    let ips = r.public_ips.unwrap_or_default();
    for a in &allocs {
        elastic_ip::find(net, Some(a), None)?;
    }
    for ip in &ips {
        elastic_ip::find(net, None, Some(ip))?;
    }
    let f = filters(&r.filters);
    check_names::<AddressFilterable>(&f)?;
    let mut out = Vec::new();
    for e in net.elastic_ips.values() {
        if !allocs.is_empty() && !allocs.contains(&e.allocation_id) {
            continue;
        }
        if !ips.is_empty() && !ips.contains(&format_ip(e.public_ip)) {
            continue;
        }
        let row = AddressFilterable { shape: render(reg, e), tags: reg.tags.get(&e.allocation_id) };
        if matches(&f, &row)? {
            out.push(row.shape);
        }
    }
    Ok(DescribeAddressesResponse { addresses: out })
}
