use super::{parse_cidr, InternetGateway, RegionNetwork, Route, RouteOrigin, RouteTable, RouteTableAssociation, RouteTarget, Subnet, Vpc};
use crate::geo::RegionInfo;
use crate::images::fnv1a64;
use crate::sim::{IdGen, SimRng};

/// Every region starts with a default VPC `172.31.0.0/16`, one `/20` default subnet per AZ
/// (auto-assigning public IPs), an attached internet gateway and a main route table with
/// `local` and `0.0.0.0/0 → igw`, a default security group and network ACL (VPC:default-vpc).
pub fn build(info: &RegionInfo, rng: &mut SimRng) -> RegionNetwork {
    let vpc_id = IdGen::new_id(rng, "vpc");
    let sg_id = IdGen::new_id(rng, "sg");
    let dopt = IdGen::new_id(rng, "dopt");
    let mut net = RegionNetwork::default();
    for (i, zone) in info.zones().into_iter().enumerate() {
        let id = IdGen::new_id(rng, "subnet");
        let cidr = parse_cidr(&format!("172.31.{}.0/20", i * 16)).expect("static cidr");
        net.subnets.insert(
            id.clone(),
            Subnet {
                id,
                vpc_id: vpc_id.clone(),
                cidr,
                az: zone.name,
                az_id: zone.id,
                default_for_az: true,
                map_public_ip_on_launch: true,
                used: Default::default(),
            },
        );
    }
    // The parts added with full VPCs draw from their own stream (seeded by the VPC id), so the
    // ids above and every later resource id stay what they were before.
    let mut more = SimRng::new(fnv1a64(vpc_id.as_bytes()));
    let igw = IdGen::new_id(&mut more, "igw");
    let rtb = IdGen::new_id(&mut more, "rtb");
    let assoc = IdGen::new_id(&mut more, "rtbassoc");
    let cidr_assoc = IdGen::new_id(&mut more, "vpc-cidr-assoc");
    super::security_groups::insert_default(&mut net, &vpc_id, sg_id.clone(), &mut more);
    let acl = super::nacls::create_default(&mut net, &vpc_id, &mut more);
    let subnet_ids: Vec<String> = net.subnets.keys().cloned().collect();
    for s in subnet_ids {
        super::nacls::associate_default(&mut net, &mut more, &s, &vpc_id);
    }
    let cidr = parse_cidr("172.31.0.0/16").expect("static");
    net.internet_gateways.insert(igw.clone(), InternetGateway { id: igw.clone(), vpc_id: Some(vpc_id.clone()) });
    net.route_tables.insert(
        rtb.clone(),
        RouteTable {
            id: rtb,
            vpc_id: vpc_id.clone(),
            routes: vec![
                Route { destination: cidr, target: RouteTarget::Local, origin: RouteOrigin::CreateRouteTable },
                Route { destination: parse_cidr("0.0.0.0/0").expect("static"), target: RouteTarget::InternetGateway(igw), origin: RouteOrigin::CreateRoute },
            ],
            associations: vec![RouteTableAssociation { id: assoc, subnet_id: None }],
        },
    );
    net.vpcs.insert(
        vpc_id.clone(),
        Vpc {
            id: vpc_id,
            cidr,
            cidr_association_id: cidr_assoc,
            is_default: true,
            default_security_group: sg_id,
            default_network_acl: acl,
            dhcp_options_id: dopt,
            instance_tenancy: "default".into(),
            enable_dns_support: true,
            enable_dns_hostnames: true,
        },
    );
    net
}
