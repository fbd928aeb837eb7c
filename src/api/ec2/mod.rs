//! EC2 operations: request/response shapes and the mapping from operation name to handler.
mod addresses;
mod image_attributes;
mod images;
mod instance_attributes;
mod instance_shape;
mod instance_state;
mod instance_status;
mod instance_types;
mod instances;
mod internet_gateways;
mod key_pairs;
mod launch_templates;
mod monitoring;
mod nat_gateways;
mod net_common;
mod network_acls;
mod network_insights;
mod network_interfaces;
mod regions;
mod reserved;
mod route_tables;
mod security_groups;
mod snapshots;
mod spot;
mod subnets;
mod tags;
mod volumes;
mod vpcs;

use super::{handle, Answer};
use crate::error::ApiError;
use crate::world::World;
use serde_json::Value;

/// The EC2 operations ec2lab implements (each one is dispatched by `run` below; a test checks both agree).
pub const OPERATIONS: &[&str] = &[
    "DescribeRegions",
    "DescribeAvailabilityZones",
    "DescribeInstanceTypes",
    "DescribeInstanceTypeOfferings",
    "DescribeImages",
    "CreateImage",
    "RegisterImage",
    "CopyImage",
    "DeregisterImage",
    "ModifyImageAttribute",
    "DescribeImageAttribute",
    // key pairs
    "CreateKeyPair",
    "ImportKeyPair",
    "DeleteKeyPair",
    "DescribeKeyPairs",
    // launch templates
    "CreateLaunchTemplate",
    "CreateLaunchTemplateVersion",
    "DescribeLaunchTemplates",
    "DescribeLaunchTemplateVersions",
    "ModifyLaunchTemplate",
    "DeleteLaunchTemplate",
    "RunInstances",
    "DescribeInstances",
    "StartInstances",
    "StopInstances",
    "RebootInstances",
    "TerminateInstances",
    "ModifyInstanceAttribute",
    "DescribeInstanceAttribute",
    "DescribeInstanceStatus",
    // CloudWatch monitoring and CPU credits (src/api/ec2/monitoring.rs)
    "MonitorInstances",
    "UnmonitorInstances",
    "ModifyInstanceCreditSpecification",
    "DescribeInstanceCreditSpecifications",
    "CreateVolume",
    "AttachVolume",
    "DetachVolume",
    "DeleteVolume",
    "ModifyVolume",
    "DescribeVolumesModifications",
    "DescribeVolumes",
    "DescribeVolumeStatus",
    "DescribeVolumeAttribute",
    "CreateSnapshot",
    "CreateSnapshots",
    "DescribeSnapshots",
    "DeleteSnapshot",
    "CopySnapshot",
    "DescribeSnapshotAttribute",
    "CreateTags",
    "DeleteTags",
    "DescribeTags",
    // VPCs and subnets
    "CreateVpc",
    "DeleteVpc",
    "DescribeVpcs",
    "ModifyVpcAttribute",
    "DescribeVpcAttribute",
    "CreateSubnet",
    "DeleteSubnet",
    "DescribeSubnets",
    "ModifySubnetAttribute",
    // gateways and routes
    "CreateInternetGateway",
    "AttachInternetGateway",
    "DetachInternetGateway",
    "DeleteInternetGateway",
    "DescribeInternetGateways",
    "CreateRouteTable",
    "DeleteRouteTable",
    "DescribeRouteTables",
    "CreateRoute",
    "ReplaceRoute",
    "DeleteRoute",
    "AssociateRouteTable",
    "DisassociateRouteTable",
    "ReplaceRouteTableAssociation",
    "CreateNatGateway",
    "DeleteNatGateway",
    "DescribeNatGateways",
    // network interfaces and addresses
    "CreateNetworkInterface",
    "AttachNetworkInterface",
    "DetachNetworkInterface",
    "DeleteNetworkInterface",
    "DescribeNetworkInterfaces",
    "AssignPrivateIpAddresses",
    "UnassignPrivateIpAddresses",
    "ModifyNetworkInterfaceAttribute",
    "AllocateAddress",
    "AssociateAddress",
    "DisassociateAddress",
    "ReleaseAddress",
    "DescribeAddresses",
    // security groups
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "DescribeSecurityGroups",
    "DescribeSecurityGroupRules",
    "ModifySecurityGroupRules",
    // network ACLs
    "CreateNetworkAcl",
    "DeleteNetworkAcl",
    "CreateNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
    "DescribeNetworkAcls",
    // network insights (Reachability Analyzer)
    "CreateNetworkInsightsPath",
    "DescribeNetworkInsightsPaths",
    "DeleteNetworkInsightsPath",
    "StartNetworkInsightsAnalysis",
    "DescribeNetworkInsightsAnalyses",
    // Spot (src/api/ec2/spot.rs)
    "RequestSpotInstances",
    "DescribeSpotInstanceRequests",
    "CancelSpotInstanceRequests",
    "DescribeSpotPriceHistory",
    // Reserved Instances (src/api/ec2/reserved.rs)
    "DescribeReservedInstancesOfferings",
    "PurchaseReservedInstancesOffering",
    "DescribeReservedInstances",
];

/// Runs an EC2 operation; `None` when ec2lab does not implement it.
pub fn dispatch(w: &mut World, region: &str, op: &str, params: Value) -> Option<Result<Answer, ApiError>> {
    let dry_run = params.get("DryRun").and_then(Value::as_bool) == Some(true);
    let mut p = params;
    if let Some(o) = p.as_object_mut() {
        o.remove("DryRun");
    }
    if dry_run {
        // The request must still be well-formed; then AWS answers "would have succeeded".
        return Some(check_only(w, region, op, p).map(|_| ()).and(Err(dry_run_error())));
    }
    run(w, region, op, p)
}

fn check_only(w: &World, region: &str, op: &str, params: Value) -> Result<Answer, ApiError> {
    let mut scratch = w.clone();
    run(&mut scratch, region, op, params).unwrap_or_else(|| Err(ApiError::new("InvalidAction", format!("The action {op} is not valid for this web service."))))
}

fn dry_run_error() -> ApiError {
    ApiError::new("DryRunOperation", "Request would have succeeded, but DryRun flag is set.").status(412).hint(
        "DryRun only checks whether the call would be allowed; nothing was changed. Call again without DryRun to do it.",
        "DryRun은 호출이 허용되는지만 확인하며 아무것도 바꾸지 않습니다. 실제로 하려면 DryRun 없이 다시 호출하세요.",
    )
}

fn run(w: &mut World, region: &str, op: &str, p: Value) -> Option<Result<Answer, ApiError>> {
    Some(match op {
        // geography
        "DescribeRegions" => handle(p, |r| regions::describe_regions(w, r)),
        "DescribeAvailabilityZones" => handle(p, |r| regions::describe_availability_zones(w, region, r)),
        // instance types
        "DescribeInstanceTypes" => handle(p, |r| instance_types::describe_instance_types(w, region, r)),
        "DescribeInstanceTypeOfferings" => handle(p, |r| instance_types::describe_instance_type_offerings(w, region, r)),
        // images
        "DescribeImages" => handle(p, |r| images::describe_images(w, region, r)),
        "CreateImage" => handle(p, |r| images::create_image(w, region, r)),
        "RegisterImage" => handle(p, |r| images::register_image(w, region, r)),
        "CopyImage" => handle(p, |r| images::copy_image(w, region, r)),
        "DeregisterImage" => handle(p, |r| images::deregister_image(w, region, r)),
        "ModifyImageAttribute" => handle(p, |r| image_attributes::modify_image_attribute(w, region, r)),
        "DescribeImageAttribute" => handle(p, |r| image_attributes::describe_image_attribute(w, region, r)),
        // key pairs
        "CreateKeyPair" => handle(p, |r| key_pairs::create_key_pair(w, region, r)),
        "ImportKeyPair" => handle(p, |r| key_pairs::import_key_pair(w, region, r)),
        "DeleteKeyPair" => handle(p, |r| key_pairs::delete_key_pair(w, region, r)),
        "DescribeKeyPairs" => handle(p, |r| key_pairs::describe_key_pairs(w, region, r)),
        // launch templates
        "CreateLaunchTemplate" => handle(p, |r| launch_templates::create_launch_template(w, region, r)),
        "CreateLaunchTemplateVersion" => handle(p, |r| launch_templates::create_launch_template_version(w, region, r)),
        "DescribeLaunchTemplates" => handle(p, |r| launch_templates::describe_launch_templates(w, region, r)),
        "DescribeLaunchTemplateVersions" => handle(p, |r| launch_templates::describe_launch_template_versions(w, region, r)),
        "ModifyLaunchTemplate" => handle(p, |r| launch_templates::modify_launch_template(w, region, r)),
        "DeleteLaunchTemplate" => handle(p, |r| launch_templates::delete_launch_template(w, region, r)),
        // instances
        "RunInstances" => handle(p, |r| instances::run_instances(w, region, r)),
        "DescribeInstances" => handle(p, |r| instances::describe_instances(w, region, r)),
        "StartInstances" => handle(p, |r| instance_state::start_instances(w, region, r)),
        "StopInstances" => handle(p, |r| instance_state::stop_instances(w, region, r)),
        "RebootInstances" => handle(p, |r| instance_state::reboot_instances(w, region, r)),
        "TerminateInstances" => handle(p, |r| instance_state::terminate_instances(w, region, r)),
        "ModifyInstanceAttribute" => handle(p, |r| instance_attributes::modify_instance_attribute(w, region, r)),
        "DescribeInstanceAttribute" => handle(p, |r| instance_attributes::describe_instance_attribute(w, region, r)),
        "DescribeInstanceStatus" => handle(p, |r| instance_status::describe_instance_status(w, region, r)),
        "MonitorInstances" => handle(p, |r| monitoring::monitor_instances(w, region, r)),
        "UnmonitorInstances" => handle(p, |r| monitoring::unmonitor_instances(w, region, r)),
        "ModifyInstanceCreditSpecification" => handle(p, |r| monitoring::modify_instance_credit_specification(w, region, r)),
        "DescribeInstanceCreditSpecifications" => handle(p, |r| monitoring::describe_instance_credit_specifications(w, region, r)),
        // EBS volumes
        "CreateVolume" => handle(p, |r| volumes::create_volume(w, region, r)),
        "AttachVolume" => handle(p, |r| volumes::attach_volume(w, region, r)),
        "DetachVolume" => handle(p, |r| volumes::detach_volume(w, region, r)),
        "DeleteVolume" => handle(p, |r| volumes::delete_volume(w, region, r)),
        "ModifyVolume" => handle(p, |r| volumes::modify_volume(w, region, r)),
        "DescribeVolumesModifications" => handle(p, |r| volumes::describe_volumes_modifications(w, region, r)),
        "DescribeVolumes" => handle(p, |r| volumes::describe_volumes(w, region, r)),
        "DescribeVolumeStatus" => handle(p, |r| volumes::describe_volume_status(w, region, r)),
        "DescribeVolumeAttribute" => handle(p, |r| volumes::describe_volume_attribute(w, region, r)),
        // EBS snapshots
        "CreateSnapshot" => handle(p, |r| snapshots::create_snapshot(w, region, r)),
        "CreateSnapshots" => handle(p, |r| snapshots::create_snapshots(w, region, r)),
        "DescribeSnapshots" => handle(p, |r| snapshots::describe_snapshots(w, region, r)),
        "DeleteSnapshot" => handle(p, |r| snapshots::delete_snapshot(w, region, r)),
        "CopySnapshot" => handle(p, |r| snapshots::copy_snapshot(w, region, r)),
        "DescribeSnapshotAttribute" => handle(p, |r| snapshots::describe_snapshot_attribute(w, region, r)),
        // tags
        "CreateTags" => handle(p, |r| tags::create_tags(w, region, r)),
        "DeleteTags" => handle(p, |r| tags::delete_tags(w, region, r)),
        "DescribeTags" => handle(p, |r| tags::describe_tags(w, region, r)),
        // VPCs and subnets
        "CreateVpc" => handle(p, |r| vpcs::create_vpc(w, region, r)),
        "DeleteVpc" => handle(p, |r| vpcs::delete_vpc(w, region, r)),
        "DescribeVpcs" => handle(p, |r| vpcs::describe_vpcs(w, region, r)),
        "ModifyVpcAttribute" => handle(p, |r| vpcs::modify_vpc_attribute(w, region, r)),
        "DescribeVpcAttribute" => handle(p, |r| vpcs::describe_vpc_attribute(w, region, r)),
        "CreateSubnet" => handle(p, |r| subnets::create_subnet(w, region, r)),
        "DeleteSubnet" => handle(p, |r| subnets::delete_subnet(w, region, r)),
        "DescribeSubnets" => handle(p, |r| subnets::describe_subnets(w, region, r)),
        "ModifySubnetAttribute" => handle(p, |r| subnets::modify_subnet_attribute(w, region, r)),
        // gateways and routes
        "CreateInternetGateway" => handle(p, |r| internet_gateways::create_internet_gateway(w, region, r)),
        "AttachInternetGateway" => handle(p, |r| internet_gateways::attach_internet_gateway(w, region, r)),
        "DetachInternetGateway" => handle(p, |r| internet_gateways::detach_internet_gateway(w, region, r)),
        "DeleteInternetGateway" => handle(p, |r| internet_gateways::delete_internet_gateway(w, region, r)),
        "DescribeInternetGateways" => handle(p, |r| internet_gateways::describe_internet_gateways(w, region, r)),
        "CreateRouteTable" => handle(p, |r| route_tables::create_route_table(w, region, r)),
        "DeleteRouteTable" => handle(p, |r| route_tables::delete_route_table(w, region, r)),
        "DescribeRouteTables" => handle(p, |r| route_tables::describe_route_tables(w, region, r)),
        "CreateRoute" => handle(p, |r| route_tables::create_route(w, region, r)),
        "ReplaceRoute" => handle(p, |r| route_tables::replace_route(w, region, r)),
        "DeleteRoute" => handle(p, |r| route_tables::delete_route(w, region, r)),
        "AssociateRouteTable" => handle(p, |r| route_tables::associate_route_table(w, region, r)),
        "DisassociateRouteTable" => handle(p, |r| route_tables::disassociate_route_table(w, region, r)),
        "ReplaceRouteTableAssociation" => handle(p, |r| route_tables::replace_route_table_association(w, region, r)),
        "CreateNatGateway" => handle(p, |r| nat_gateways::create_nat_gateway(w, region, r)),
        "DeleteNatGateway" => handle(p, |r| nat_gateways::delete_nat_gateway(w, region, r)),
        "DescribeNatGateways" => handle(p, |r| nat_gateways::describe_nat_gateways(w, region, r)),
        // network interfaces and addresses
        "CreateNetworkInterface" => handle(p, |r| network_interfaces::create_network_interface(w, region, r)),
        "AttachNetworkInterface" => handle(p, |r| network_interfaces::attach_network_interface(w, region, r)),
        "DetachNetworkInterface" => handle(p, |r| network_interfaces::detach_network_interface(w, region, r)),
        "DeleteNetworkInterface" => handle(p, |r| network_interfaces::delete_network_interface(w, region, r)),
        "DescribeNetworkInterfaces" => handle(p, |r| network_interfaces::describe_network_interfaces(w, region, r)),
        "AssignPrivateIpAddresses" => handle(p, |r| network_interfaces::assign_private_ip_addresses(w, region, r)),
        "UnassignPrivateIpAddresses" => handle(p, |r| network_interfaces::unassign_private_ip_addresses(w, region, r)),
        "ModifyNetworkInterfaceAttribute" => handle(p, |r| network_interfaces::modify_network_interface_attribute(w, region, r)),
        "AllocateAddress" => handle(p, |r| addresses::allocate_address(w, region, r)),
        "AssociateAddress" => handle(p, |r| addresses::associate_address(w, region, r)),
        "DisassociateAddress" => handle(p, |r| addresses::disassociate_address(w, region, r)),
        "ReleaseAddress" => handle(p, |r| addresses::release_address(w, region, r)),
        "DescribeAddresses" => handle(p, |r| addresses::describe_addresses(w, region, r)),
        // security groups
        "CreateSecurityGroup" => handle(p, |r| security_groups::create_security_group(w, region, r)),
        "DeleteSecurityGroup" => handle(p, |r| security_groups::delete_security_group(w, region, r)),
        "AuthorizeSecurityGroupIngress" => handle(p, |r| security_groups::authorize_ingress(w, region, r)),
        "AuthorizeSecurityGroupEgress" => handle(p, |r| security_groups::authorize_egress(w, region, r)),
        "RevokeSecurityGroupIngress" => handle(p, |r| security_groups::revoke_ingress(w, region, r)),
        "RevokeSecurityGroupEgress" => handle(p, |r| security_groups::revoke_egress(w, region, r)),
        "DescribeSecurityGroups" => handle(p, |r| security_groups::describe_security_groups(w, region, r)),
        "DescribeSecurityGroupRules" => handle(p, |r| security_groups::describe_security_group_rules(w, region, r)),
        "ModifySecurityGroupRules" => handle(p, |r| security_groups::modify_security_group_rules(w, region, r)),
        // network ACLs
        "CreateNetworkAcl" => handle(p, |r| network_acls::create_network_acl(w, region, r)),
        "DeleteNetworkAcl" => handle(p, |r| network_acls::delete_network_acl(w, region, r)),
        "CreateNetworkAclEntry" => handle(p, |r| network_acls::create_network_acl_entry(w, region, r)),
        "ReplaceNetworkAclEntry" => handle(p, |r| network_acls::replace_network_acl_entry(w, region, r)),
        "DeleteNetworkAclEntry" => handle(p, |r| network_acls::delete_network_acl_entry(w, region, r)),
        "ReplaceNetworkAclAssociation" => handle(p, |r| network_acls::replace_network_acl_association(w, region, r)),
        "DescribeNetworkAcls" => handle(p, |r| network_acls::describe_network_acls(w, region, r)),
        // network insights (Reachability Analyzer)
        "CreateNetworkInsightsPath" => handle(p, |r| network_insights::create_network_insights_path(w, region, r)),
        "DescribeNetworkInsightsPaths" => handle(p, |r| network_insights::describe_network_insights_paths(w, region, r)),
        "DeleteNetworkInsightsPath" => handle(p, |r| network_insights::delete_network_insights_path(w, region, r)),
        "StartNetworkInsightsAnalysis" => handle(p, |r| network_insights::start_network_insights_analysis(w, region, r)),
        "DescribeNetworkInsightsAnalyses" => handle(p, |r| network_insights::describe_network_insights_analyses(w, region, r)),
        // Spot
        "RequestSpotInstances" => handle(p, |r| spot::request_spot_instances(w, region, r)),
        "DescribeSpotInstanceRequests" => handle(p, |r| spot::describe_spot_instance_requests(w, region, r)),
        "CancelSpotInstanceRequests" => handle(p, |r| spot::cancel_spot_instance_requests(w, region, r)),
        "DescribeSpotPriceHistory" => handle(p, |r| spot::describe_spot_price_history(w, region, r)),
        // Reserved Instances
        "DescribeReservedInstancesOfferings" => handle(p, |r| reserved::describe_reserved_instances_offerings(w, region, r)),
        "PurchaseReservedInstancesOffering" => handle(p, |r| reserved::purchase_reserved_instances_offering(w, region, r)),
        "DescribeReservedInstances" => handle(p, |r| reserved::describe_reserved_instances(w, region, r)),
        _ => return None,
    })
}

/// For unit tests of the shapes: a cloud with one t3.micro instance in us-east-1.
#[cfg(test)]
pub(crate) fn cloud_with_instance() -> crate::Cloud {
    let mut c = crate::Cloud::new(0);
    let img = c.call("ec2", "us-east-1", "DescribeImages", serde_json::json!({"Filters": [{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}]})).unwrap()
        ["Images"][0]["ImageId"]
        .clone();
    c.call("ec2", "us-east-1", "RunInstances", serde_json::json!({"ImageId": img, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1})).unwrap();
    c
}
