//! Names of flow ends, as people and AWS give them: `i-…`, `eni-…`, `igw-…`, `internet`,
//! `my_ip`, or an IPv4 address (an ENI's private or public address, or a host on the internet).
use super::{Addressing, Endpoint, Query, DEFAULT_EPHEMERAL_PORT};
use crate::error::ApiError;
use crate::network::{format_ip, parse_ip, RegionNetwork};
use crate::world::Region;

/// A client on the internet (`internet`): 198.51.100.23 (TEST-NET-2, RFC 5737).
pub const INTERNET_CLIENT: u32 = u32::from_be_bytes([198, 51, 100, 23]);
/// An internet server a destination `igw-…` or `internet` stands for: 198.51.100.80.
pub const INTERNET_HOST: u32 = u32::from_be_bytes([198, 51, 100, 80]);
/// `my_ip` unless the caller gives one: 203.0.113.10 (TEST-NET-3, RFC 5737).
pub const MY_IP: u32 = u32::from_be_bytes([203, 0, 113, 10]);

/// What an end name turned into.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    pub endpoint: Endpoint<'a>,
    /// `instance`, `network-interface`, `internet-gateway`, `internet`, `ip`.
    pub kind: &'static str,
    /// The instance, when the end was named by instance id (or the ENI is an instance's).
    pub instance: Option<&'a str>,
    /// The end was named by an ENI's public address.
    pub public: bool,
    pub special: Special<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special<'a> {
    None,
    Igw(&'a str),
}

fn bad(text: &str) -> ApiError {
    ApiError::invalid_parameter_value(format!(
        "Invalid endpoint '{text}'. Expected an instance id, a network interface id, an internet gateway id, 'internet', 'my_ip' or an IPv4 address."
    ))
    .hint(
        "Name each end as i-…, eni-…, igw-…, 'internet', 'my_ip', or an address like 203.0.113.10.",
        "양 끝은 i-…, eni-…, igw-…, 'internet', 'my_ip' 또는 203.0.113.10 같은 주소로 지정하세요.",
    )
}

/// Resolves one end. `source` says which end (for an `igw-…`, the internet stands behind it).
pub fn resolve<'a>(region: &'a Region, text: &str, source: bool, my_ip: u32) -> Result<Resolved<'a>, ApiError> {
    let net = &region.network;
    let t = text.trim();
    let ext = if source { INTERNET_CLIENT } else { INTERNET_HOST };
    let plain = |endpoint, kind| Resolved { endpoint, kind, instance: None, public: false, special: Special::None };
    if t.eq_ignore_ascii_case("internet") || t == "0.0.0.0/0" {
        return Ok(plain(Endpoint::External(ext), "internet"));
    }
    if t.eq_ignore_ascii_case("my_ip") || t.eq_ignore_ascii_case("my-ip") {
        return Ok(plain(Endpoint::External(my_ip), "ip"));
    }
    if t.starts_with("i-") {
        let inst = crate::compute::instance_in(region, t)?;
        let eni = inst.network.as_ref().and_then(|n| net.enis.get(&n.eni_id)).ok_or_else(|| {
            ApiError::invalid_parameter_value(format!("Instance {t} has no network interface (it is terminated).")).hint(
                "A terminated instance has no network interface left; nothing can connect to or from it.",
                "종료된 인스턴스에는 네트워크 인터페이스가 남지 않아 연결할 수 없습니다.",
            )
        })?;
        return Ok(Resolved { endpoint: Endpoint::Eni(eni), kind: "instance", instance: Some(&inst.id), public: false, special: Special::None });
    }
    if t.starts_with("eni-") {
        let eni = net.enis.get(t).ok_or_else(|| crate::network::errors::eni_not_found(t))?;
        return Ok(Resolved { endpoint: Endpoint::Eni(eni), kind: "network-interface", instance: eni.instance_id(), public: false, special: Special::None });
    }
    if t.starts_with("igw-") {
        let g = crate::network::internet_gateway::gateway(net, t)?;
        return Ok(Resolved { endpoint: Endpoint::External(ext), kind: "internet-gateway", instance: None, public: false, special: Special::Igw(&g.id) });
    }
    let ip = parse_ip(t).ok_or_else(|| bad(text))?;
    if let Some(eni) = eni_by_private_ip(net, ip) {
        return Ok(Resolved { endpoint: Endpoint::Eni(eni), kind: "ip", instance: eni.instance_id(), public: false, special: Special::None });
    }
    if let Some(eni) = net.enis.values().find(|e| net.primary_public_ip(e) == Some(ip)) {
        return Ok(Resolved { endpoint: Endpoint::Eni(eni), kind: "ip", instance: eni.instance_id(), public: true, special: Special::None });
    }
    Ok(plain(Endpoint::External(ip), "ip"))
}

/// The ENI holding a private address (the first by id when VPCs overlap).
pub fn eni_by_private_ip(net: &RegionNetwork, ip: u32) -> Option<&crate::network::NetworkInterface> {
    net.enis.values().find(|e| e.private_ips.iter().any(|p| p.address == ip))
}

/// A query from two resolved ends: the destination is addressed privately inside one VPC,
/// publicly from the internet, from another VPC, or when named by its public address.
pub fn query<'a>(src: &Resolved<'a>, dst: &Resolved<'a>, protocol: u8, port: u16, source_port: Option<u16>) -> Query<'a> {
    let addressing = match (src.endpoint, dst.endpoint) {
        (Endpoint::Eni(s), Endpoint::Eni(d)) if !dst.public && s.vpc_id == d.vpc_id => Addressing::Private,
        (Endpoint::Eni(_), Endpoint::Eni(_)) if !dst.public => Addressing::Private,
        _ => Addressing::Public,
    };
    let via_igw = match (src.special, dst.special) {
        (Special::Igw(g), _) | (_, Special::Igw(g)) => Some(g),
        _ => None,
    };
    Query { source: src.endpoint, destination: dst.endpoint, addressing, protocol, port, source_port: source_port.unwrap_or(DEFAULT_EPHEMERAL_PORT), via_igw }
}

/// An address for display (`""` stays empty).
pub fn ip_text(ip: u32) -> String {
    if ip == 0 {
        String::new()
    } else {
        format_ip(ip)
    }
}
