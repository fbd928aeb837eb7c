//! The refusals the network resources share: not-found errors by id kind, dependency violations.
use crate::error::ApiError;

fn not_found(code: &str, message: String, en: &str, ko: &str) -> ApiError {
    ApiError::new(code, message).hint(en, ko)
}

pub fn vpc_not_found(id: &str) -> ApiError {
    not_found(
        "InvalidVpcID.NotFound",
        format!("The vpc ID '{id}' does not exist"),
        "Check the VPC id and the region: describe_vpcs lists the VPCs of this region.",
        "VPC ID와 리전을 확인하세요. describe_vpcs가 이 리전의 VPC를 보여 줍니다.",
    )
}

pub fn subnet_not_found(id: &str) -> ApiError {
    not_found(
        "InvalidSubnetID.NotFound",
        format!("The subnet ID '{id}' does not exist"),
        "Check the subnet id and the region; subnets belong to one region and one AZ.",
        "서브넷 ID와 리전을 확인하세요. 서브넷은 하나의 리전, 하나의 가용 영역에 속합니다.",
    )
}

pub fn igw_not_found(id: &str) -> ApiError {
    not_found(
        "InvalidInternetGatewayID.NotFound",
        format!("The internetGateway ID '{id}' does not exist"),
        "Check the internet gateway id and the region: describe_internet_gateways lists them.",
        "인터넷 게이트웨이 ID와 리전을 확인하세요. describe_internet_gateways로 볼 수 있습니다.",
    )
}

pub fn rtb_not_found(id: &str) -> ApiError {
    not_found(
        "InvalidRouteTableID.NotFound",
        format!("The routeTable ID '{id}' does not exist"),
        "Check the route table id and the region: describe_route_tables lists them.",
        "라우팅 테이블 ID와 리전을 확인하세요. describe_route_tables로 볼 수 있습니다.",
    )
}

pub fn nat_not_found(id: &str) -> ApiError {
    not_found(
        "NatGatewayNotFound",
        format!("The Nat Gateway {id} was not found"),
        "Check the NAT gateway id and the region: describe_nat_gateways lists them (deleted ones for about an hour).",
        "NAT 게이트웨이 ID와 리전을 확인하세요. describe_nat_gateways로 볼 수 있습니다(삭제된 것은 약 1시간).",
    )
}

pub fn eni_not_found(id: &str) -> ApiError {
    not_found(
        "InvalidNetworkInterfaceID.NotFound",
        format!("The networkInterface ID '{id}' does not exist"),
        "Check the network interface id and the region: describe_network_interfaces lists them.",
        "네트워크 인터페이스 ID와 리전을 확인하세요. describe_network_interfaces로 볼 수 있습니다.",
    )
}

pub fn allocation_not_found(id: &str) -> ApiError {
    not_found(
        "InvalidAllocationID.NotFound",
        format!("The allocation ID '{id}' does not exist"),
        "Check the allocation id (eipalloc-…) and the region: describe_addresses lists your Elastic IPs.",
        "할당 ID(eipalloc-…)와 리전을 확인하세요. describe_addresses가 탄력적 IP를 보여 줍니다.",
    )
}

pub fn association_not_found(id: &str) -> ApiError {
    not_found(
        "InvalidAssociationID.NotFound",
        format!("The association ID '{id}' does not exist"),
        "Check the association id: describe_route_tables (Associations) or describe_addresses (AssociationId) shows the current ones.",
        "연결 ID를 확인하세요. describe_route_tables(Associations)나 describe_addresses(AssociationId)에서 볼 수 있습니다.",
    )
}

pub fn malformed(kind: &str, id: &str) -> ApiError {
    ApiError::new(&format!("Invalid{kind}ID.Malformed"), format!("Invalid id: \"{id}\"")).hint(
        "Ids look like a prefix, a dash and 8 or 17 hex digits (vpc-0abc…, subnet-0abc…).",
        "ID는 접두사, 대시, 8자리 또는 17자리 16진수 형식입니다(vpc-0abc…, subnet-0abc…).",
    )
}

/// `DependencyViolation`: what still depends on the resource is said in the hint.
pub fn dependency(kind: &str, id: &str, en: String, ko: String) -> ApiError {
    ApiError::new("DependencyViolation", format!("The {kind} '{id}' has dependencies and cannot be deleted.")).hint(en, ko)
}

pub fn bad_cidr(param: &str, value: &str) -> ApiError {
    ApiError::invalid_parameter_value(format!("Value ({value}) for parameter {param} is invalid. This is not a valid CIDR block."))
        .hint("A CIDR block is an address, a slash and a prefix length, like 10.0.0.0/16.", "CIDR 블록은 10.0.0.0/16처럼 주소, 슬래시, 접두사 길이로 씁니다.")
}

pub fn bad_ip(param: &str, value: &str) -> ApiError {
    ApiError::invalid_parameter_value(format!("Invalid value '{value}' for {param}."))
        .hint("Give an IPv4 address like 10.0.1.25.", "10.0.1.25 같은 IPv4 주소를 주세요.")
}
