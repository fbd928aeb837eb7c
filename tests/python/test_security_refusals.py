"""Every refusal of the security group, network ACL and CanConnect operations, through the
client, with the machinery of test_refusals.py: the AWS code and status, the exact message where
aws-facts.md quotes it, hints in English and Korean, and a world left exactly as it was (groups,
rules and ACLs as Describe* shows them, too)."""
from __future__ import annotations

import pytest

import ec2lab
from test_network_refusals import NetLab, network_world
from test_refusals import Case, check_refusal, Lab, _params, _text, after_a_probe_launch, fresh, refused

UNKNOWN_SG = "sg-0123456789abcdef0"
UNKNOWN_ACL = "acl-0123456789abcdef0"
SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


class SecLab(NetLab):
    """NetLab plus: a group `web` (SSH from anywhere) and `db` (3306 from web) in the VPC, a
    group `lab` in the default VPC, and a custom ACL with entry 100 inbound."""

    def __init__(self, cloud):
        super().__init__(cloud)
        ec2 = self.ec2
        self.web = ec2.create_security_group(GroupName="web", Description="web", VpcId=self.vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=self.web, IpPermissions=SSH)
        self.db = ec2.create_security_group(GroupName="db", Description="db", VpcId=self.vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=self.db, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": self.web}]}])
        self.lab = ec2.create_security_group(GroupName="lab", Description="default-vpc group")["GroupId"]
        self.default = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [self.vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
        self.acl = ec2.create_network_acl(VpcId=self.vpc)["NetworkAcl"]["NetworkAclId"]
        ec2.create_network_acl_entry(NetworkAclId=self.acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 80, "To": 80})
        acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [self.vpc]}, {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
        self.default_acl = acls["NetworkAclId"]
        self.acl_assoc = acls["Associations"][0]["NetworkAclAssociationId"]


def sec(cloud):
    return SecLab(cloud)


def sec_in_use(cloud):
    lab = SecLab(cloud)
    lab.launch(SubnetId=lab.public, InstanceType="t3.micro", SecurityGroupIds=[lab.db])
    lab.wait("instance_running")
    return lab


def sec_six_groups(cloud):
    lab = SecLab(cloud)
    lab.extra = [lab.ec2.create_security_group(GroupName=f"x{n}", Description="x", VpcId=lab.vpc)["GroupId"] for n in range(3)]
    return lab


def sec_full(cloud):
    lab = SecLab(cloud)
    ranges = [{"CidrIp": f"10.9.{i}.0/24"} for i in range(59)]
    lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": ranges}])
    for n in range(19):
        lab.ec2.create_network_acl_entry(NetworkAclId=lab.acl, RuleNumber=200 + n, Protocol="-1", RuleAction="deny", Egress=False, CidrBlock=f"10.8.{n}.0/24")
    return lab


def security_world(lab: Lab) -> dict:
    ec2 = lab.ec2
    strip = lambda r: {k: v for k, v in r.items() if k != "ResponseMetadata"}  # noqa: E731
    return {**network_world(lab), "groups": strip(ec2.describe_security_groups()), "rules": strip(ec2.describe_security_group_rules()),
            "acls": strip(ec2.describe_network_acls()), "paths": strip(ec2.describe_network_insights_paths()),
            "analyses": strip(ec2.describe_network_insights_analyses())}


def can_connect(lab, **params):
    return lab.cloud.client("ec2lab", lab.region).can_connect(**params)


def entry(lab, **extra):
    return {"NetworkAclId": lab.acl, "RuleNumber": 110, "Protocol": "6", "RuleAction": "allow", "Egress": False, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 443, "To": 443}, **extra}


CASES = [
    # security groups: create / delete
    Case("sg-duplicate", sec, lambda lab: lab.ec2.create_security_group(GroupName="WEB", Description="x", VpcId=lab.vpc), "InvalidGroup.Duplicate",
         lambda lab: f"The security group 'WEB' already exists for VPC '{lab.vpc}'"),
    Case("sg-name-sg-", fresh, lambda lab: lab.ec2.create_security_group(GroupName="sg-web", Description="x"), "InvalidParameterValue"),
    Case("sg-name-too-long", fresh, lambda lab: lab.ec2.create_security_group(GroupName="x" * 256, Description="x"), "InvalidParameterValue"),
    Case("sg-unknown-vpc", fresh, lambda lab: lab.ec2.create_security_group(GroupName="x", Description="x", VpcId="vpc-0123456789abcdef0"), "InvalidVpcID.NotFound"),
    Case("sg-delete-default", sec, lambda lab: lab.ec2.delete_security_group(GroupId=lab.default), "CannotDelete",
         lambda lab: f"the specified group: \"{lab.default}\" name: \"default\" cannot be deleted by a user"),
    Case("sg-delete-referenced", sec, lambda lab: lab.ec2.delete_security_group(GroupId=lab.web), "DependencyViolation", lambda lab: f"resource {lab.web} has a dependent object"),
    Case("sg-delete-in-use", sec_in_use, lambda lab: lab.ec2.delete_security_group(GroupId=lab.db), "DependencyViolation", lambda lab: f"resource {lab.db} has a dependent object"),
    Case("sg-delete-unknown", fresh, lambda lab: lab.ec2.delete_security_group(GroupId=UNKNOWN_SG), "InvalidGroup.NotFound", f"The security group '{UNKNOWN_SG}' does not exist"),
    Case("sg-delete-malformed", fresh, lambda lab: lab.ec2.delete_security_group(GroupId="web"), "InvalidGroupId.Malformed"),
    Case("sg-delete-name-outside-default-vpc", sec, lambda lab: lab.ec2.delete_security_group(GroupName="web"), "InvalidGroup.NotFound"),
    # rules
    Case("sg-rule-duplicate", sec, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=SSH), "InvalidPermission.Duplicate",
         'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists'),
    Case("sg-rule-quota", sec_full, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]),
         "RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached."),
    Case("sg-rule-no-ports", sec, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "InvalidParameterValue"),
    Case("sg-rule-bad-protocol", sec, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "ssh", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]), "InvalidParameterValue"),
    Case("sg-rule-bad-cidr", sec, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": "1.2.3.4"}]}]), "InvalidParameterValue"),
    Case("sg-rule-no-peer", sec, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1}]), "MissingParameter"),
    Case("sg-rule-group-other-vpc", sec, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupId": lab.lab}]}]), "InvalidGroup.NotFound"),
    Case("sg-rule-unknown-group", fresh, lambda lab: lab.ec2.authorize_security_group_ingress(GroupId=UNKNOWN_SG, IpPermissions=SSH), "InvalidGroup.NotFound"),
    Case("sg-egress-legacy", sec, lambda lab: lab.ec2.authorize_security_group_egress(GroupId=lab.web, IpProtocol="tcp", FromPort=1, ToPort=1, CidrIp="0.0.0.0/0"), "InvalidParameterCombination"),
    Case("sg-revoke-missing", sec, lambda lab: lab.ec2.revoke_security_group_ingress(GroupId=lab.web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 23, "ToPort": 23, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]),
         "InvalidPermission.NotFound", "The specified rule does not exist in this security group."),
    Case("sg-revoke-unknown-rule-id", sec, lambda lab: lab.ec2.revoke_security_group_ingress(GroupId=lab.web, SecurityGroupRuleIds=["sgr-0123456789abcdef0"]), "InvalidSecurityGroupRuleId.NotFound",
         "The security group rule ID 'sgr-0123456789abcdef0' does not exist"),
    Case("sg-describe-unknown", fresh, lambda lab: lab.ec2.describe_security_groups(GroupIds=[UNKNOWN_SG]), "InvalidGroup.NotFound"),
    Case("sg-describe-name-not-in-default-vpc", sec, lambda lab: lab.ec2.describe_security_groups(GroupNames=["web"]), "InvalidGroup.NotFound",
         mentions=lambda lab: ("does not exist in default VPC",)),
    Case("sg-describe-filter", fresh, lambda lab: lab.ec2.describe_security_groups(Filters=[{"Name": "colour", "Values": ["x"]}]), "InvalidParameterValue", "The filter 'colour' is invalid"),
    Case("sg-rules-unknown", fresh, lambda lab: lab.ec2.describe_security_group_rules(SecurityGroupRuleIds=["sgr-0123456789abcdef0"]), "InvalidSecurityGroupRuleId.NotFound"),
    Case("sg-modify-unknown-rule", sec, lambda lab: lab.ec2.modify_security_group_rules(GroupId=lab.web, SecurityGroupRules=[{"SecurityGroupRuleId": "sgr-0123456789abcdef0", "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "CidrIpv4": "0.0.0.0/0"}}]),
         "InvalidSecurityGroupRuleId.NotFound"),
    # groups on instances
    Case("sg-launch-other-vpc", sec, lambda lab: lab.launch(SubnetId=lab.public, SecurityGroupIds=[lab.lab]), "InvalidParameter", mentions=lambda lab: ("belong to different networks",)),
    Case("sg-launch-unknown", fresh, lambda lab: lab.launch(SecurityGroupIds=[UNKNOWN_SG]), "InvalidGroup.NotFound"),
    Case("sg-launch-name-in-own-vpc", sec, lambda lab: lab.launch(SubnetId=lab.public, SecurityGroups=["web"]), "InvalidParameterCombination",
         "The parameter groupName cannot be used with the parameter subnet"),
    Case("sg-launch-six", sec_six_groups, lambda lab: lab.launch(SubnetId=lab.public, SecurityGroupIds=[lab.web, lab.db, lab.default] + lab.extra),
         "SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached."),
    Case("sg-modify-instance-groups-other-vpc", sec_in_use, lambda lab: lab.ec2.modify_instance_attribute(InstanceId=lab.i, Groups=[lab.lab]), "InvalidGroup.NotFound"),
    Case("sg-modify-instance-groups-empty", sec_in_use, lambda lab: lab.ec2.modify_instance_attribute(InstanceId=lab.i, Groups=[]), "MissingParameter"),
    # network ACLs
    Case("acl-delete-default", sec, lambda lab: lab.ec2.delete_network_acl(NetworkAclId=lab.default_acl), "InvalidParameterValue", lambda lab: f"cannot delete default network ACL {lab.default_acl}"),
    Case("acl-delete-unknown", fresh, lambda lab: lab.ec2.delete_network_acl(NetworkAclId=UNKNOWN_ACL), "InvalidNetworkAclID.NotFound", f"The networkAcl ID '{UNKNOWN_ACL}' does not exist"),
    Case("acl-entry-exists", sec, lambda lab: lab.ec2.create_network_acl_entry(**entry(lab, RuleNumber=100)), "NetworkAclEntryAlreadyExists", "The network acl entry identified by 100 already exists."),
    Case("acl-entry-number", sec, lambda lab: lab.ec2.create_network_acl_entry(**entry(lab, RuleNumber=32767)), "InvalidParameterValue"),
    Case("acl-entry-no-ports", sec, lambda lab: lab.ec2.create_network_acl_entry(**{k: v for k, v in entry(lab).items() if k != "PortRange"}), "MissingParameter"),
    Case("acl-entry-quota", sec_full, lambda lab: lab.ec2.create_network_acl_entry(**entry(lab, RuleNumber=300)), "NetworkAclEntryLimitExceeded", "The maximum number of network acl entries has been reached."),
    Case("acl-replace-missing", sec, lambda lab: lab.ec2.replace_network_acl_entry(**entry(lab, RuleNumber=101)), "InvalidNetworkAclEntry.NotFound"),
    Case("acl-delete-entry-missing", sec, lambda lab: lab.ec2.delete_network_acl_entry(NetworkAclId=lab.acl, RuleNumber=100, Egress=True), "InvalidNetworkAclEntry.NotFound"),
    Case("acl-association-unknown", sec, lambda lab: lab.ec2.replace_network_acl_association(AssociationId="aclassoc-0123456789abcdef0", NetworkAclId=lab.acl), "InvalidAssociationID.NotFound"),
    Case("acl-describe-filter", fresh, lambda lab: lab.ec2.describe_network_acls(Filters=[{"Name": "colour", "Values": ["x"]}]), "InvalidParameterValue"),
    # network insights
    Case("nip-source-ip", sec, lambda lab: lab.ec2.create_network_insights_path(Source="10.0.0.1", Destination=lab.eni, Protocol="tcp"), "InvalidParameterValue"),
    Case("nip-protocol", sec, lambda lab: lab.ec2.create_network_insights_path(Source=lab.igw, Destination=lab.eni, Protocol="icmp"), "InvalidParameterValue"),
    Case("nip-no-destination", sec, lambda lab: lab.ec2.create_network_insights_path(Source=lab.igw, Protocol="tcp"), "MissingParameter"),
    Case("nip-unknown-source", fresh, lambda lab: lab.ec2.create_network_insights_path(Source="eni-0123456789abcdef0", DestinationIp="10.0.0.1", Protocol="tcp"), "InvalidNetworkInterfaceID.NotFound"),
    Case("nia-unknown-path", fresh, lambda lab: lab.ec2.start_network_insights_analysis(NetworkInsightsPathId="nip-0123456789abcdef0"), "InvalidNetworkInsightsPathId.NotFound",
         "The NetworkInsightsPath ID 'nip-0123456789abcdef0' does not exist"),
    Case("nip-delete-unknown", fresh, lambda lab: lab.ec2.delete_network_insights_path(NetworkInsightsPathId="nip-0123456789abcdef0"), "InvalidNetworkInsightsPathId.NotFound"),
    # CanConnect
    Case("can-connect-unknown-instance", sec, lambda lab: can_connect(lab, Source="internet", Destination="i-0123456789abcdef0", Port=80), "InvalidInstanceID.NotFound"),
    Case("can-connect-bad-end", sec, lambda lab: can_connect(lab, Source="somewhere", Destination=lab.eni, Port=80), "InvalidParameterValue"),
    Case("can-connect-no-port", sec, lambda lab: can_connect(lab, Source="internet", Destination=lab.eni), "MissingParameter"),
    Case("can-connect-outside", sec, lambda lab: can_connect(lab, Source="internet", Destination="my_ip", Port=80), "InvalidParameterCombination"),
]


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params(CASES))
def test_security_refusal(case: Case):
    assert check_refusal(case, security_world).unchanged


def test_can_connect_answers_hops_and_hints():
    lab = sec_in_use(ec2lab.Cloud(seed=0))
    blocked = can_connect(lab, Source="internet", Destination=lab.i, Port=3306)
    assert blocked["Allowed"] is False
    assert blocked["BlockedAt"]["Kind"] == "security-group-ingress" and blocked["BlockedAt"]["ComponentId"] == lab.db
    assert blocked["HintEn"] and blocked["HintKo"]
    lab.ec2.authorize_security_group_ingress(GroupId=lab.db, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "203.0.113.10/32"}]}])
    ok = can_connect(lab, Source="my_ip", Destination=lab.i, Port=3306)
    assert ok["Allowed"] is True and "BlockedAt" not in ok
    assert [h["Direction"] for h in ok["Hops"]][-1] == "return"
