//! Why a flow is blocked: the reason, AWS's explanation code, and a teaching hint (en/ko).
//! Codes follow Reachability Analyzer's list (VPC reachability: explanation-codes); where
//! AWS has no code for a case ec2lab names the closest one (noted per variant).
use super::Direction;
use crate::network::format_ip;
use crate::network::nacls::NaclEntry;
use crate::network::route_table::{Route, RouteTarget};

#[derive(Debug, Clone, Copy)]
pub enum Reason<'a> {
    InstanceNotRunning { instance: &'a str, state: &'static str, destination: bool },
    EniNotAttached { eni: &'a str, destination: bool },
    SgEgress { eni: &'a str, peer_ip: u32 },
    SgIngress { eni: &'a str, peer_ip: u32 },
    NaclDeny { acl: &'a str, entry: &'a NaclEntry, egress: bool, direction: Direction },
    NoRoute { rtb: &'a str, dest: u32 },
    Blackhole { rtb: &'a str, route: &'a Route },
    NotLocal { rtb: &'a str, route: &'a Route },
    NoSuchAddress { rtb: &'a str, dest: u32 },
    PrivateAcrossVpcs { src_vpc: &'a str, dst_vpc: &'a str, rtb: &'a str },
    NoPublicIpEgress { eni: &'a str, igw: &'a str },
    NoPublicIpIngress { eni: &'a str },
    NoIgw { vpc: &'a str },
    OtherIgw { wanted: &'a str, used: &'a str },
    NoReturnRouteToIgw { rtb: &'a str, subnet: &'a str, igw: &'a str },
    NatPrivate { nat: &'a str },
    NatNoRouteToIgw { nat: &'a str, rtb: &'a str },
    NotInAws,
    Unsupported { what: &'static str },
}

/// A reason in words: a short code of ec2lab's, AWS's explanation code, and hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub reason: &'static str,
    pub explanation_code: &'static str,
    pub en: String,
    pub ko: String,
}

fn target(r: &Route) -> String {
    match &r.target {
        RouteTarget::Local => "local".into(),
        RouteTarget::InternetGateway(x) | RouteTarget::NatGateway(x) | RouteTarget::NetworkInterface(x) => x.clone(),
    }
}

impl Reason<'_> {
    pub fn explain(&self) -> Explained {
        let (reason, code, en, ko): (&'static str, &'static str, String, String) = match *self {
            Reason::InstanceNotRunning { instance, state, destination } => (
                "instance-not-running",
                "BAD_STATE",
                format!("Instance {instance} is {state}: only a running instance {}. Start it (start_instances) and try again.", if destination { "answers" } else { "sends traffic" }),
                format!("인스턴스 {instance}의 상태가 {state}입니다. 실행 중(running)인 인스턴스만 {}. start_instances로 시작한 뒤 다시 확인하세요.", if destination { "응답합니다" } else { "트래픽을 보냅니다" }),
            ),
            Reason::EniNotAttached { eni, .. } => (
                "interface-not-attached",
                "BAD_STATE_ATTACHMENT",
                format!("Network interface {eni} is not attached to an instance, so nothing sends or answers on it. Attach it (attach_network_interface)."),
                format!("네트워크 인터페이스 {eni}이(가) 인스턴스에 연결되어 있지 않아 아무도 트래픽을 주고받지 않습니다. attach_network_interface로 연결하세요."),
            ),
            Reason::SgEgress { eni, peer_ip } => (
                "security-group-egress",
                "ENI_SG_RULES_MISMATCH",
                format!("No outbound rule of the security groups on {eni} allows this traffic to {}. A new group allows all outbound traffic; this one's outbound rules were narrowed. Add an outbound rule (authorize_security_group_egress).", format_ip(peer_ip)),
                format!("{eni}의 보안 그룹에 {}(으)로 가는 이 트래픽을 허용하는 아웃바운드 규칙이 없습니다. 새 보안 그룹은 모든 아웃바운드를 허용하지만 이 그룹은 줄여져 있습니다. authorize_security_group_egress로 규칙을 추가하세요.", format_ip(peer_ip)),
            ),
            Reason::SgIngress { eni, peer_ip } => (
                "security-group-ingress",
                "ENI_SG_RULES_MISMATCH",
                format!("No inbound rule of the security groups on {eni} allows this protocol and port from {}. Security groups deny by default: add an inbound rule (authorize_security_group_ingress) for the port, from the client's CIDR or from the source's security group.", format_ip(peer_ip)),
                format!("{eni}의 보안 그룹에 {}에서 오는 이 프로토콜과 포트를 허용하는 인바운드 규칙이 없습니다. 보안 그룹은 기본적으로 모두 거부합니다. authorize_security_group_ingress로 그 포트를 클라이언트 CIDR 또는 출발지 보안 그룹에서 허용하세요.", format_ip(peer_ip)),
            ),
            Reason::NaclDeny { acl, entry, egress, direction } => {
                let rule = entry.describe();
                let dir_en = if egress { "outbound" } else { "inbound" };
                let dir_ko = if egress { "아웃바운드" } else { "인바운드" };
                let star = entry.rule_number == crate::network::nacls::STAR_RULE;
                match (direction, star) {
                    (Direction::Return, _) => (
                        "network-acl-return",
                        "SUBNET_ACL_RESTRICTION",
                        format!("The request passes, but the reply is blocked by network ACL {acl} ({dir_en} rule {rule}). Network ACLs are stateless: return traffic to the client's ephemeral ports needs its own rule, e.g. allow tcp 1024-65535 {dir_en}."),
                        format!("요청은 통과하지만 응답이 네트워크 ACL {acl}의 {dir_ko} 규칙({rule})에 막힙니다. 네트워크 ACL은 상태 비저장(stateless)이라 클라이언트의 임시 포트로 가는 응답에도 규칙이 필요합니다. 예: {dir_ko} tcp 1024-65535 허용."),
                    ),
                    (Direction::Forward, true) => (
                        "network-acl-no-allow",
                        "SUBNET_ACL_RESTRICTION",
                        format!("Network ACL {acl} has no {dir_en} rule that allows this traffic, so the final * rule denies it. Add an allow entry (create_network_acl_entry) with a number below the ones that should not match."),
                        format!("네트워크 ACL {acl}에 이 트래픽을 허용하는 {dir_ko} 규칙이 없어 마지막 * 규칙이 거부합니다. create_network_acl_entry로 허용 항목을 추가하세요."),
                    ),
                    (Direction::Forward, false) => (
                        "network-acl-deny",
                        "SUBNET_ACL_RESTRICTION",
                        format!("Network ACL {acl} denies this traffic with {dir_en} rule {rule}: rules are evaluated from the lowest number and the first match wins. Remove or renumber that rule, or add an allow rule with a lower number."),
                        format!("네트워크 ACL {acl}의 {dir_ko} 규칙({rule})이 이 트래픽을 거부합니다. 규칙은 번호가 낮은 것부터 평가되고 처음 일치한 규칙이 적용됩니다. 그 규칙을 지우거나 더 낮은 번호의 허용 규칙을 추가하세요."),
                    ),
                }
            }
            Reason::NoRoute { rtb, dest } => (
                "no-route",
                "NO_ROUTE_TO_DESTINATION",
                format!("Route table {rtb} has no route that matches {}. Add a route (create_route), e.g. 0.0.0.0/0 to an internet gateway for a public subnet or to a NAT gateway for a private one.", format_ip(dest)),
                format!("라우팅 테이블 {rtb}에 {}와(과) 일치하는 경로가 없습니다. create_route로 경로를 추가하세요. 예: 퍼블릭 서브넷은 0.0.0.0/0 → 인터넷 게이트웨이, 프라이빗 서브넷은 NAT 게이트웨이.", format_ip(dest)),
            ),
            Reason::Blackhole { rtb, route } => (
                "blackhole-route",
                "BAD_STATE_ROUTE",
                format!("Route {} → {} in {rtb} is a blackhole: its target is gone or detached, so packets are dropped. Replace the route (replace_route) or restore the target.", route.destination, target(route)),
                format!("{rtb}의 경로 {} → {}이(가) 블랙홀입니다. 대상이 없어졌거나 분리되어 패킷이 버려집니다. replace_route로 경로를 바꾸거나 대상을 복구하세요.", route.destination, target(route)),
            ),
            Reason::NotLocal { rtb, route } => (
                "route-not-local",
                "CANNOT_ROUTE",
                format!("Route table {rtb} sends this VPC-internal address to {} (route {}), not to the local route. A more specific route overrides local traffic only through an appliance, which ec2lab does not simulate.", target(route), route.destination),
                format!("라우팅 테이블 {rtb}이(가) VPC 내부 주소를 local이 아닌 {}(으)로 보냅니다(경로 {}).", target(route), route.destination),
            ),
            Reason::NoSuchAddress { rtb, dest } => (
                "no-such-address",
                "CANNOT_ROUTE",
                format!("{} is inside the VPC (route table {rtb} routes it locally) but no network interface has that address.", format_ip(dest)),
                format!("{}은(는) VPC 내부 주소(라우팅 테이블 {rtb}의 local 경로)이지만 그 주소를 가진 네트워크 인터페이스가 없습니다.", format_ip(dest)),
            ),
            Reason::PrivateAcrossVpcs { src_vpc, dst_vpc, rtb } => (
                "different-vpc",
                "NO_ROUTE_TO_DESTINATION",
                format!("The destination's private address is in {dst_vpc}, the source is in {src_vpc}: VPCs are isolated networks (route table {rtb} has no route to it). Use the destination's public IP, or VPC peering (not simulated)."),
                format!("목적지의 사설 주소는 {dst_vpc}에, 출발지는 {src_vpc}에 있습니다. VPC는 서로 격리된 네트워크입니다(라우팅 테이블 {rtb}에 경로 없음). 목적지의 퍼블릭 IP를 쓰거나 VPC 피어링(미지원)이 필요합니다."),
            ),
            Reason::NoPublicIpEgress { eni, igw } => (
                "no-public-ip",
                // AWS has no dedicated code for this case in the public list; ec2lab uses the ingress one's sibling.
                "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                format!("The route leads to internet gateway {igw}, but {eni} has no public IPv4 address or Elastic IP, so the gateway cannot translate its private address. Associate an Elastic IP (allocate_address + associate_address), launch with a public IP, or go out through a NAT gateway."),
                format!("경로는 인터넷 게이트웨이 {igw}로 가지만 {eni}에 퍼블릭 IPv4나 탄력적 IP가 없어 게이트웨이가 사설 주소를 변환할 수 없습니다. 탄력적 IP를 연결하거나(allocate_address + associate_address), 퍼블릭 IP로 시작하거나, NAT 게이트웨이를 거치세요."),
            ),
            Reason::NoPublicIpIngress { eni } => (
                "no-public-ip",
                "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                format!("{eni} has only a private address: nothing on the internet can reach it. Give it a public IPv4 (a public subnet with auto-assign, or launch option) or an Elastic IP, or put a load balancer in front."),
                format!("{eni}에는 사설 주소만 있어 인터넷에서 접근할 수 없습니다. 퍼블릭 IPv4(자동 할당 서브넷이나 시작 옵션)나 탄력적 IP를 주거나, 앞에 로드 밸런서를 두세요."),
            ),
            Reason::NoIgw { vpc } => (
                "no-internet-gateway",
                "NO_ROUTE_TO_DESTINATION",
                format!("VPC {vpc} has no internet gateway attached, so no traffic from the internet can enter. Create one and attach it (create_internet_gateway, attach_internet_gateway), then route 0.0.0.0/0 to it."),
                format!("VPC {vpc}에 인터넷 게이트웨이가 연결되어 있지 않아 인터넷에서 들어올 수 없습니다. create_internet_gateway와 attach_internet_gateway로 만들어 연결하고 0.0.0.0/0 경로를 추가하세요."),
            ),
            Reason::OtherIgw { wanted, used } => (
                "other-internet-gateway",
                "COMPONENT_FILTER_RESTRICTION",
                format!("The path was asked to use {wanted}, but the traffic uses {used}: {wanted} is not the gateway of this VPC or route."),
                format!("경로는 {wanted}을(를) 지나도록 지정되었지만 트래픽은 {used}을(를) 씁니다. {wanted}은(는) 이 VPC 또는 경로의 게이트웨이가 아닙니다."),
            ),
            Reason::NoReturnRouteToIgw { rtb, subnet, igw } => (
                "not-a-public-subnet",
                "NO_ROUTE_TO_DESTINATION",
                format!("Subnet {subnet} is not public: its route table {rtb} does not send internet addresses to {igw}, so replies never get back. Add a route 0.0.0.0/0 → {igw} (or associate a public route table)."),
                format!("서브넷 {subnet}은(는) 퍼블릭이 아닙니다. 라우팅 테이블 {rtb}이(가) 인터넷 주소를 {igw}(으)로 보내지 않아 응답이 돌아가지 못합니다. 0.0.0.0/0 → {igw} 경로를 추가하거나 퍼블릭 라우팅 테이블을 연결하세요."),
            ),
            Reason::NatPrivate { nat } => (
                "nat-without-public-ip",
                "BAD_STATE",
                format!("NAT gateway {nat} has no Elastic IP (private connectivity): it cannot reach the internet. Create a public NAT gateway with an EIP."),
                format!("NAT 게이트웨이 {nat}에 탄력적 IP가 없어(프라이빗 연결) 인터넷에 나갈 수 없습니다. EIP가 있는 퍼블릭 NAT 게이트웨이를 만드세요."),
            ),
            Reason::NatNoRouteToIgw { nat, rtb } => (
                "nat-in-private-subnet",
                "NO_ROUTE_TO_DESTINATION",
                format!("NAT gateway {nat} sits in a subnet whose route table {rtb} has no route to an internet gateway. A NAT gateway must live in a public subnet."),
                format!("NAT 게이트웨이 {nat}이(가) 있는 서브넷의 라우팅 테이블 {rtb}에 인터넷 게이트웨이 경로가 없습니다. NAT 게이트웨이는 퍼블릭 서브넷에 있어야 합니다."),
            ),
            Reason::NotInAws => (
                "not-in-aws",
                "COMPONENT_FILTER_RESTRICTION",
                "Neither end is in a VPC: give an instance, a network interface or an address of one as source or destination.".into(),
                "양 끝 모두 VPC 밖에 있습니다. 출발지나 목적지로 인스턴스, 네트워크 인터페이스 또는 그 주소를 주세요.".into(),
            ),
            Reason::Unsupported { what } => (
                "unsupported",
                "CANNOT_ROUTE",
                format!("ec2lab does not simulate {what}."),
                format!("ec2lab은 다음을 시뮬레이션하지 않습니다: {what}."),
            ),
        };
        Explained { reason, explanation_code: code, en, ko }
    }
}
