use super::{parse_cidr, RegionNetwork, SecurityGroup, Subnet, Vpc};
use crate::geo::RegionInfo;
use crate::sim::{IdGen, SimRng};

/// Every region starts with a default VPC `172.31.0.0/16` and one `/20` default subnet per AZ,
/// which auto-assigns public IPs (VPC:default-vpc).
pub fn build(info: &RegionInfo, rng: &mut SimRng) -> RegionNetwork {
    let vpc_id = IdGen::new_id(rng, "vpc");
    let sg_id = IdGen::new_id(rng, "sg");
    let dopt = IdGen::new_id(rng, "dopt");
    let mut net = RegionNetwork::default();
    net.security_groups.insert(sg_id.clone(), SecurityGroup { id: sg_id.clone(), name: "default".into(), vpc_id: vpc_id.clone() });
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
    net.vpcs.insert(
        vpc_id.clone(),
        Vpc { id: vpc_id, cidr: parse_cidr("172.31.0.0/16").expect("static"), is_default: true, default_security_group: sg_id, dhcp_options_id: dopt },
    );
    net
}
