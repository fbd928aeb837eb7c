//! CreateNetworkAcl, DeleteNetworkAcl, Create/Replace/DeleteNetworkAclEntry,
//! ReplaceNetworkAclAssociation, DescribeNetworkAcls.
use super::security_groups::tags_from_specs;
use crate::api::{filters, Filters, Tag, TagSpecification};
use crate::error::ApiError;
use crate::network::nacls::{self, Block, EntryRequest, NaclEntry, NetworkAcl};
use crate::query::{check_names, matches, paginate, FilterValues};
use crate::tags::Tags;
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct Empty {}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociationOut {
    network_acl_association_id: String,
    network_acl_id: String,
    subnet_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IcmpTypeCodeShape {
    code: i32,
    #[serde(rename = "Type")]
    kind: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRangeShape {
    from: i32,
    to: i32,
}

/// botocore's `NetworkAclEntry` (Protocol is the number as a string, `-1` for all).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntryOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_block: Option<String>,
    egress: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    icmp_type_code: Option<IcmpTypeCodeShape>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ipv6_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port_range: Option<PortRangeShape>,
    protocol: String,
    rule_action: String,
    rule_number: i32,
}

fn entry_out(e: &NaclEntry) -> EntryOut {
    let (v4, v6) = match e.block {
        Block::V4(c) => (Some(c.to_string()), None),
        Block::V6(c) => (None, Some(c.to_string())),
    };
    EntryOut {
        cidr_block: v4,
        egress: e.egress,
        icmp_type_code: e.icmp.map(|(t, c)| IcmpTypeCodeShape { code: c, kind: t }),
        ipv6_cidr_block: v6,
        port_range: e.ports.map(|(f, t)| PortRangeShape { from: f as i32, to: t as i32 }),
        protocol: e.protocol.to_string(),
        rule_action: e.action.wire().into(),
        rule_number: e.rule_number as i32,
    }
}

/// botocore's `NetworkAcl`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclOut {
    associations: Vec<AssociationOut>,
    entries: Vec<EntryOut>,
    is_default: bool,
    network_acl_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    vpc_id: String,
    owner_id: String,
}

fn acl_out(a: &NetworkAcl, tags: Option<&Tags>) -> NetworkAclOut {
    // AWS lists egress entries first, each direction by rule number, `*` (32767) last.
    let entries = a.entries(true).chain(a.entries(false)).map(entry_out).collect();
    NetworkAclOut {
        associations: a
            .associations
            .iter()
            .map(|(id, s)| AssociationOut { network_acl_association_id: id.clone(), network_acl_id: a.id.clone(), subnet_id: s.clone() })
            .collect(),
        entries,
        is_default: a.is_default,
        network_acl_id: a.id.clone(),
        tags: tags.into_iter().flatten().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect(),
        vpc_id: a.vpc_id.clone(),
        owner_id: ACCOUNT_ID.into(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateNetworkAclRequest {
    vpc_id: String,
    tag_specifications: Option<Vec<TagSpecification>>,
    client_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNetworkAclResponse {
    network_acl: NetworkAclOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_token: Option<String>,
}

pub fn create_network_acl(w: &mut World, region: &str, r: CreateNetworkAclRequest) -> Result<CreateNetworkAclResponse, ApiError> {
    let tags = tags_from_specs(&r.tag_specifications, "network-acl")?;
    w.region(region)?;
    let reg = w.regions.get_mut(region).expect("checked");
    let id = nacls::create(&mut reg.network, &mut w.rng, &r.vpc_id)?;
    if !tags.is_empty() {
        reg.tags.set(&id, &tags);
    }
    Ok(CreateNetworkAclResponse { network_acl: acl_out(&reg.network.network_acls[&id], reg.tags.get(&id)), client_token: r.client_token })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteNetworkAclRequest {
    network_acl_id: String,
}

pub fn delete_network_acl(w: &mut World, region: &str, r: DeleteNetworkAclRequest) -> Result<Empty, ApiError> {
    let reg = w.region_mut(region)?;
    nacls::delete(&mut reg.network, &r.network_acl_id)?;
    reg.tags.delete(&r.network_acl_id, &[]);
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IcmpTypeCodeIn {
    code: Option<i64>,
    #[serde(rename = "Type")]
    kind: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PortRangeIn {
    from: Option<i64>,
    to: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EntryRequestIn {
    network_acl_id: String,
    rule_number: i64,
    protocol: String,
    rule_action: String,
    egress: bool,
    cidr_block: Option<String>,
    ipv6_cidr_block: Option<String>,
    icmp_type_code: Option<IcmpTypeCodeIn>,
    port_range: Option<PortRangeIn>,
}

impl EntryRequestIn {
    fn domain(&self) -> EntryRequest {
        EntryRequest {
            rule_number: self.rule_number,
            egress: self.egress,
            protocol: self.protocol.clone(),
            action: self.rule_action.clone(),
            cidr: self.cidr_block.clone(),
            ipv6_cidr: self.ipv6_cidr_block.clone(),
            icmp: self.icmp_type_code.as_ref().map(|i| (i.kind, i.code)),
            ports: self.port_range.as_ref().map(|p| (p.from, p.to)),
        }
    }
}

pub fn create_network_acl_entry(w: &mut World, region: &str, r: EntryRequestIn) -> Result<Empty, ApiError> {
    let reg = w.region_mut(region)?;
    nacls::create_entry(&mut reg.network, &r.network_acl_id, &r.domain())?;
    Ok(Empty {})
}

pub fn replace_network_acl_entry(w: &mut World, region: &str, r: EntryRequestIn) -> Result<Empty, ApiError> {
    let reg = w.region_mut(region)?;
    nacls::replace_entry(&mut reg.network, &r.network_acl_id, &r.domain())?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteEntryRequest {
    network_acl_id: String,
    rule_number: i64,
    egress: bool,
}

pub fn delete_network_acl_entry(w: &mut World, region: &str, r: DeleteEntryRequest) -> Result<Empty, ApiError> {
    let reg = w.region_mut(region)?;
    nacls::delete_entry(&mut reg.network, &r.network_acl_id, r.rule_number, r.egress)?;
    Ok(Empty {})
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReplaceAssociationRequest {
    association_id: String,
    network_acl_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceAssociationResponse {
    new_association_id: String,
}

pub fn replace_network_acl_association(w: &mut World, region: &str, r: ReplaceAssociationRequest) -> Result<ReplaceAssociationResponse, ApiError> {
    w.region(region)?;
    let reg = w.regions.get_mut(region).expect("checked");
    let id = nacls::replace_association(&mut reg.network, &mut w.rng, &r.association_id, &r.network_acl_id)?;
    Ok(ReplaceAssociationResponse { new_association_id: id })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeNetworkAclsRequest {
    next_token: Option<String>,
    max_results: Option<i64>,
    network_acl_ids: Option<Vec<String>>,
    filters: Filters,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkAclsResponse {
    network_acls: Vec<NetworkAclOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

struct AclView<'a> {
    a: &'a NetworkAcl,
    tags: Option<&'a Tags>,
}

fn protocol_names(n: i32) -> Vec<String> {
    let name = match n {
        6 => Some("tcp"),
        17 => Some("udp"),
        1 => Some("icmp"),
        58 => Some("icmpv6"),
        _ => None,
    };
    name.into_iter().map(String::from).chain(std::iter::once(n.to_string())).collect()
}

impl FilterValues for AclView<'_> {
    const NAMES: &'static [&'static str] = &[
        "association.association-id",
        "association.network-acl-id",
        "association.subnet-id",
        "default",
        "entry.cidr",
        "entry.icmp.code",
        "entry.icmp.type",
        "entry.ipv6-cidr",
        "entry.port-range.from",
        "entry.port-range.to",
        "entry.protocol",
        "entry.rule-action",
        "entry.egress",
        "entry.rule-number",
        "network-acl-id",
        "owner-id",
        "vpc-id",
    ];
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let entries = || self.a.entries(true).chain(self.a.entries(false));
        Some(match name {
            "association.association-id" => self.a.associations.iter().map(|a| a.0.clone()).collect(),
            "association.network-acl-id" => self.a.associations.iter().map(|_| self.a.id.clone()).collect(),
            "association.subnet-id" => self.a.associations.iter().map(|a| a.1.clone()).collect(),
            "default" => vec![self.a.is_default.to_string()],
            "entry.cidr" => entries().filter_map(|e| if let Block::V4(c) = e.block { Some(c.to_string()) } else { None }).collect(),
            "entry.ipv6-cidr" => entries().filter_map(|e| if let Block::V6(c) = e.block { Some(c.to_string()) } else { None }).collect(),
            "entry.icmp.code" => entries().filter_map(|e| e.icmp.map(|i| i.1.to_string())).collect(),
            "entry.icmp.type" => entries().filter_map(|e| e.icmp.map(|i| i.0.to_string())).collect(),
            "entry.port-range.from" => entries().filter_map(|e| e.ports.map(|p| p.0.to_string())).collect(),
            "entry.port-range.to" => entries().filter_map(|e| e.ports.map(|p| p.1.to_string())).collect(),
            "entry.protocol" => entries().flat_map(|e| protocol_names(e.protocol)).collect(),
            "entry.rule-action" => entries().map(|e| e.action.wire().to_string()).collect(),
            "entry.egress" => entries().map(|e| e.egress.to_string()).collect(),
            "entry.rule-number" => entries().map(|e| e.rule_number.to_string()).collect(),
            "network-acl-id" => vec![self.a.id.clone()],
            "owner-id" => vec![ACCOUNT_ID.into()],
            "vpc-id" => vec![self.a.vpc_id.clone()],
            _ => return None,
        })
    }
    fn tags(&self) -> Option<&Tags> {
        self.tags
    }
}

pub fn describe_network_acls(w: &World, region: &str, r: DescribeNetworkAclsRequest) -> Result<DescribeNetworkAclsResponse, ApiError> {
    let reg = w.region(region)?;
    let f = filters(&r.filters);
    check_names::<AclView>(&f)?;
    if let Some(ids) = &r.network_acl_ids {
        for id in ids {
            nacls::acl(&reg.network, id)?;
        }
    }
    let mut rows = Vec::new();
    for a in reg.network.network_acls.values() {
        if r.network_acl_ids.as_ref().is_some_and(|ids| !ids.contains(&a.id)) {
            continue;
        }
        let view = AclView { a, tags: reg.tags.get(&a.id) };
        if matches(&f, &view)? {
            rows.push(acl_out(a, view.tags));
        }
    }
    let page = paginate(rows, r.max_results, r.next_token.as_deref(), (5, 1000))?;
    Ok(DescribeNetworkAclsResponse { network_acls: page.items, next_token: page.next_token })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::nacls::STAR_RULE;
    #[test]
    fn filter_names_all_answer() {
        let a = NetworkAcl { id: "acl-1".into(), vpc_id: "vpc-1".into(), is_default: true, entries: vec![], associations: vec![] };
        let v = AclView { a: &a, tags: None };
        for n in AclView::NAMES {
            assert!(v.filter_values(n).is_some(), "{n}");
        }
        assert_eq!(STAR_RULE, 32767);
    }
}
