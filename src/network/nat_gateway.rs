//! NAT gateways: let instances of private subnets reach out (never in). A public one sits in a
//! public subnet with an Elastic IP; a private one only translates to its private address.
use crate::sim::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NatState {
    Pending,
    Available,
    Deleting,
    Deleted,
    Failed,
}

impl NatState {
    pub fn name(self) -> &'static str {
        match self {
            NatState::Pending => "pending",
            NatState::Available => "available",
            NatState::Deleting => "deleting",
            NatState::Deleted => "deleted",
            NatState::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatGateway {
    pub id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    /// `public` (with an Elastic IP) or `private`.
    pub connectivity_public: bool,
    /// The Elastic IP's allocation id (public NAT gateways).
    pub allocation_id: Option<String>,
    /// The requester-managed ENI the gateway lives on (it holds the private address, and the EIP).
    pub eni_id: String,
    pub state: NatState,
    pub create_time: Millis,
    pub delete_time: Option<Millis>,
    /// Bumped on each transition, so a stale timed event is ignored.
    pub generation: u64,
}

impl NatGateway {
    /// Whether it forwards traffic now (the route to it is `blackhole` otherwise).
    pub fn is_available(&self) -> bool {
        self.state == NatState::Available
    }
}

use super::eni::{self, NewEni};
use super::errors::nat_not_found;
use super::{elastic_ip, EipAssociation, RegionNetwork};
use crate::error::ApiError;
use crate::sim::IdGen;
use crate::world::{Event as WorldEvent, World};

/// How long a deleted NAT gateway stays visible in DescribeNatGateways (BC:ec2/DescribeNatGateways: "about an hour").
pub const DELETED_VISIBLE_MS: u64 = 3_600_000;

/// The timed halves of NAT gateway transitions (carrying the generation they were scheduled for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// pending → available
    NatAvailable { id: String, generation: u64 },
    /// deleting → deleted: the ENI goes, the EIP is disassociated
    NatDeleted { id: String, generation: u64 },
    /// a deleted gateway drops out of Describe calls
    NatVanish { id: String },
}

pub fn gateway<'n>(net: &'n RegionNetwork, id: &str) -> Result<&'n NatGateway, ApiError> {
    net.nat_gateways.get(id).ok_or_else(|| nat_not_found(id))
}

pub struct NewNat<'a> {
    pub subnet_id: Option<&'a str>,
    pub allocation_id: Option<&'a str>,
    pub connectivity: Option<&'a str>,
    pub private_ip: Option<&'a str>,
}

/// CreateNatGateway: a requester-managed ENI in the subnet, the EIP on it (public), `pending`
/// until a seeded delay has passed. Returns the id.
pub fn create(w: &mut World, region: &str, spec: &NewNat) -> Result<String, ApiError> {
    let public = match spec.connectivity.unwrap_or("public") {
        "public" => true,
        "private" => false,
        other => {
            return Err(ApiError::invalid_parameter_value(format!("Invalid value '{other}' for ConnectivityType."))
                .hint("ConnectivityType is 'public' (with an Elastic IP) or 'private'.", "ConnectivityType은 'public'(탄력적 IP 사용) 또는 'private'입니다."))
        }
    };
    let subnet_id = spec.subnet_id.ok_or_else(|| {
        ApiError::missing_parameter("The request must contain the parameter SubnetId").hint(
            "A NAT gateway lives in a subnet: a public subnet (with a route to an internet gateway) for a public one.",
            "NAT 게이트웨이는 서브넷에 있습니다. 퍼블릭 NAT는 퍼블릭 서브넷(인터넷 게이트웨이 경로가 있는)에 두세요.",
        )
    })?;
    let r = w.region(region)?;
    let net = &r.network;
    net.subnet(subnet_id)?;
    match (public, spec.allocation_id) {
        (true, None) => {
            return Err(ApiError::missing_parameter("The request must contain the parameter AllocationId").hint(
                "A public NAT gateway needs an Elastic IP: allocate_address(Domain='vpc') and pass its AllocationId.",
                "퍼블릭 NAT 게이트웨이에는 탄력적 IP가 필요합니다. allocate_address(Domain='vpc')로 만들고 AllocationId를 넘기세요.",
            ))
        }
        (false, Some(_)) => {
            return Err(ApiError::invalid_parameter_combination("AllocationId cannot be specified for a private NAT gateway.").hint(
                "A private NAT gateway has no public address; leave AllocationId out.",
                "프라이빗 NAT 게이트웨이에는 퍼블릭 주소가 없습니다. AllocationId를 빼세요.",
            ))
        }
        (true, Some(a)) => {
            let eip = elastic_ip::find(net, Some(a), None)?;
            if eip.association.is_some() {
                return Err(ApiError::new("Resource.AlreadyAssociated", format!("Elastic IP address [{a}] is already associated")).hint(
                    "The Elastic IP is in use (by an instance or another NAT gateway). Disassociate it or allocate a new one.",
                    "탄력적 IP가 이미 쓰이고 있습니다(인스턴스나 다른 NAT 게이트웨이). 연결을 끊거나 새로 할당하세요.",
                ));
            }
        }
        (false, None) => {}
    }
    let eni_spec = NewEni {
        subnet_id: subnet_id.to_string(),
        private_ip: spec.private_ip.map(str::to_string),
        interface_type: "nat_gateway".into(),
        requester_managed: true,
        ..Default::default()
    };
    let plan = eni::check_new(net, &eni_spec, &[])?;
    let vpc_id = net.subnets[subnet_id].vpc_id.clone();
    let now = w.now();
    let id = IdGen::new_id(&mut w.rng, "nat");
    let eni_id = IdGen::new_id(&mut w.rng, "eni");
    let mac = eni::new_mac(&mut w.rng);
    let assoc = IdGen::new_id(&mut w.rng, "eipassoc");
    // Seeded plausible: AWS does not publish how long a NAT gateway takes to become available (usually a minute or two).
    let ready = w.rng.duration_ms(60.0, 150.0);
    let World { regions, rng, .. } = &mut *w;
    let net = &mut regions.get_mut(region).expect("checked").network;
    let spec_eni = NewEni { description: format!("Interface for NAT Gateway {id}"), ..eni_spec };
    eni::insert(net, rng, eni_id.clone(), mac, &spec_eni, &plan);
    if let Some(a) = spec.allocation_id {
        let private_ip = net.enis[&eni_id].primary_ip();
        net.elastic_ips.get_mut(a).expect("checked").association = Some(EipAssociation { association_id: assoc, eni_id: eni_id.clone(), private_ip });
    }
    net.nat_gateways.insert(
        id.clone(),
        NatGateway {
            id: id.clone(),
            vpc_id,
            subnet_id: subnet_id.to_string(),
            connectivity_public: public,
            allocation_id: spec.allocation_id.map(str::to_string),
            eni_id,
            state: NatState::Pending,
            create_time: now,
            delete_time: None,
            generation: 1,
        },
    );
    let region_name = crate::geo::region(region).expect("checked").name;
    w.schedule(ready, WorldEvent::Network { region: region_name, event: Event::NatAvailable { id: id.clone(), generation: 1 } });
    Ok(id)
}

/// DeleteNatGateway: `deleting` now, `deleted` after a seeded delay (ENI and EIP freed then).
pub fn delete(w: &mut World, region: &str, id: &str) -> Result<(), ApiError> {
    let n = gateway(&w.region(region)?.network, id)?;
    if matches!(n.state, NatState::Deleted | NatState::Deleting) {
        return Err(nat_not_found(id));
    }
    // Seeded plausible: AWS does not publish the deletion time (usually under a minute).
    let ms = w.rng.duration_ms(20.0, 60.0);
    let now = w.now();
    let n = w.region_mut(region)?.network.nat_gateways.get_mut(id).expect("checked");
    n.state = NatState::Deleting;
    n.delete_time = Some(now);
    n.generation += 1;
    let generation = n.generation;
    let region_name = crate::geo::region(region).expect("checked").name;
    w.schedule(ms, WorldEvent::Network { region: region_name, event: Event::NatDeleted { id: id.to_string(), generation } });
    Ok(())
}

pub fn apply_event(w: &mut World, region: &'static str, event: Event) {
    let now = w.now();
    let r = w.regions.get_mut(region).expect("events name modelled regions");
    let current = |net: &RegionNetwork, id: &str, g: u64| net.nat_gateways.get(id).is_some_and(|n| n.generation == g);
    let mut follow_up = None;
    match event {
        Event::NatAvailable { id, generation } if current(&r.network, &id, generation) => {
            let n = r.network.nat_gateways.get_mut(&id).expect("current");
            n.state = NatState::Available;
            n.generation += 1;
        }
        Event::NatDeleted { id, generation } if current(&r.network, &id, generation) => {
            let n = r.network.nat_gateways.get_mut(&id).expect("current");
            n.state = NatState::Deleted;
            n.generation += 1;
            n.delete_time = Some(now);
            let eni_id = n.eni_id.clone();
            r.network.remove_eni(&eni_id);
            r.tags.forget(&eni_id);
            follow_up = Some((DELETED_VISIBLE_MS, Event::NatVanish { id }));
        }
        Event::NatVanish { id } if r.network.nat_gateways.get(&id).is_some_and(|n| n.state == NatState::Deleted) => {
            r.network.nat_gateways.remove(&id);
            r.tags.forget(&id);
        }
        _ => {}
    }
    if let Some((after, ev)) = follow_up {
        w.schedule(after, WorldEvent::Network { region, event: ev });
    }
}
