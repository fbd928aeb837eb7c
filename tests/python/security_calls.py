"""Example calls of the security group and network ACL operations for
test_every_operation_shape.py: each builds what it needs (a group with rules, a custom ACL in a
VPC of its own) and then makes the call whose response is checked."""
from __future__ import annotations

SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.10/32", "Description": "my laptop"}]}]


def _group(ec2) -> str:
    return ec2.create_security_group(GroupName="web", Description="web servers")["GroupId"]


def _with_rule(ec2) -> tuple:
    g = _group(ec2)
    rule = ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=SSH)["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    return g, rule


def _acl(ec2) -> dict:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 80, "To": 80})
    assoc = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["NetworkAcls"][0]["Associations"][0]["NetworkAclAssociationId"]
    return {"vpc": vpc, "subnet": subnet, "acl": acl, "assoc": assoc}


def _modify(ec2):
    g, rule = _with_rule(ec2)
    new = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "198.51.100.0/24"}
    return ec2.modify_security_group_rules(GroupId=g, SecurityGroupRules=[{"SecurityGroupRuleId": rule, "SecurityGroupRule": new}])


def _move(ec2):
    a = _acl(ec2)
    return ec2.replace_network_acl_association(AssociationId=a["assoc"], NetworkAclId=a["acl"])


def _path(ec2, ids) -> str:
    return ec2.create_network_insights_path(Source=ids[0], Destination=ids[1], Protocol="tcp", DestinationPort=22)["NetworkInsightsPath"]["NetworkInsightsPathId"]


def _analysed(ec2, ids):
    path = _path(ec2, ids)
    ec2.start_network_insights_analysis(NetworkInsightsPathId=path)
    return ec2


SECURITY_CALLS = {
    "CreateSecurityGroup": lambda ec2, image, ids: ec2.create_security_group(GroupName="db", Description="databases",
                                                                             TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "tier", "Value": "data"}]}]),
    "DeleteSecurityGroup": lambda ec2, image, ids: ec2.delete_security_group(GroupId=_group(ec2)),
    "AuthorizeSecurityGroupIngress": lambda ec2, image, ids: ec2.authorize_security_group_ingress(GroupId=_group(ec2), IpPermissions=SSH),
    "AuthorizeSecurityGroupEgress": lambda ec2, image, ids: ec2.authorize_security_group_egress(GroupId=_group(ec2), IpPermissions=SSH),
    "RevokeSecurityGroupIngress": lambda ec2, image, ids: ec2.revoke_security_group_ingress(GroupId=_with_rule(ec2)[0], IpPermissions=SSH),
    "RevokeSecurityGroupEgress": lambda ec2, image, ids: ec2.revoke_security_group_egress(
        GroupId=_group(ec2), IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]),
    "DescribeSecurityGroups": lambda ec2, image, ids: (_with_rule(ec2), ec2.describe_security_groups())[1],
    "DescribeSecurityGroupRules": lambda ec2, image, ids: (_with_rule(ec2), ec2.describe_security_group_rules())[1],
    "ModifySecurityGroupRules": lambda ec2, image, ids: _modify(ec2),
    "CreateNetworkAcl": lambda ec2, image, ids: ec2.create_network_acl(VpcId=_acl(ec2)["vpc"]),
    "DeleteNetworkAcl": lambda ec2, image, ids: ec2.delete_network_acl(NetworkAclId=_acl(ec2)["acl"]),
    "CreateNetworkAclEntry": lambda ec2, image, ids: ec2.create_network_acl_entry(NetworkAclId=_acl(ec2)["acl"], RuleNumber=110, Protocol="6", RuleAction="allow",
                                                                                 Egress=True, CidrBlock="0.0.0.0/0", PortRange={"From": 1024, "To": 65535}),
    "ReplaceNetworkAclEntry": lambda ec2, image, ids: ec2.replace_network_acl_entry(NetworkAclId=_acl(ec2)["acl"], RuleNumber=100, Protocol="-1", RuleAction="deny",
                                                                                   Egress=False, CidrBlock="0.0.0.0/0"),
    "DeleteNetworkAclEntry": lambda ec2, image, ids: ec2.delete_network_acl_entry(NetworkAclId=_acl(ec2)["acl"], RuleNumber=100, Egress=False),
    "ReplaceNetworkAclAssociation": lambda ec2, image, ids: _move(ec2),
    "DescribeNetworkAcls": lambda ec2, image, ids: (_acl(ec2), ec2.describe_network_acls())[1],
    "CreateNetworkInsightsPath": lambda ec2, image, ids: ec2.create_network_insights_path(Source=ids[0], Destination=ids[1], Protocol="tcp", DestinationPort=22,
                                                                                         TagSpecifications=[{"ResourceType": "network-insights-path", "Tags": [{"Key": "k", "Value": "v"}]}]),
    "DescribeNetworkInsightsPaths": lambda ec2, image, ids: (_path(ec2, ids), ec2.describe_network_insights_paths())[1],
    "DeleteNetworkInsightsPath": lambda ec2, image, ids: ec2.delete_network_insights_path(NetworkInsightsPathId=_path(ec2, ids)),
    "StartNetworkInsightsAnalysis": lambda ec2, image, ids: ec2.start_network_insights_analysis(NetworkInsightsPathId=_path(ec2, ids)),
    "DescribeNetworkInsightsAnalyses": lambda ec2, image, ids: _analysed(ec2, ids).describe_network_insights_analyses(),
}
