"""Notebook objects for EC2 security: ``KeyPair`` and ``SecurityGroup``.

They convert and display only: keys, fingerprints, rules and refusals come from the core
(CreateKeyPair, DescribeSecurityGroupRules ...). Errors propagate as ``ec2lab.ClientError``.
"""
from __future__ import annotations

from . import display

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud

_SUFFIX = {"pem": ".pem", "ppk": ".ppk"}


class KeyPair:
    """An EC2 key pair. ``material`` is the private key, which AWS returns only once, from
    ``cloud.create_key_pair``; an imported or looked-up key pair has none (EC2 never keeps it)."""

    def __init__(self, cloud: Cloud, info: dict, material: str | None = None, key_format: str | None = None, region_name: str | None = None):
        self.cloud = cloud
        self.region = region_name or cloud.region
        self.name = info["KeyName"]
        self.id = info["KeyPairId"]
        self.fingerprint = info["KeyFingerprint"]
        self.key_type = info.get("KeyType")
        self.material = material
        self.key_format = key_format

    def __repr__(self) -> str:
        return f"KeyPair({self.name!r}, id={self.id!r}, fingerprint={self.fingerprint!r})"

    def _ec2(self):
        return self.cloud.client("ec2", self.region)

    def describe(self) -> dict:
        """DescribeKeyPairs' entry for this key pair, with its public key."""
        return self._ec2().describe_key_pairs(KeyPairIds=[self.id], IncludePublicKey=True)["KeyPairs"][0]

    @property
    def public_key(self) -> str:
        """The public key as one OpenSSH line (what goes into an instance's authorized_keys)."""
        return self.describe()["PublicKey"]

    def save(self, path=None):
        """Writes the private key to ``path`` (default ``<name>.pem`` or ``.ppk``) with mode 0o400,
        as SSH requires (``chmod 400 key.pem``: otherwise ``ssh -i`` refuses an unprotected key).
        Returns the path."""
        import os
        import pathlib

        if self.material is None:
            raise ValueError(
                f"No private key for {self.name!r}: AWS hands it out once, in CreateKeyPair's answer "
                "(an imported key pair's private key never left your machine)."
            )
        target = pathlib.Path(path if path is not None else self.name + _SUFFIX.get(self.key_format or "pem", ".pem"))
        if target.exists():
            os.chmod(target, 0o600)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as f:
            f.write(self.material)
        os.chmod(target, 0o400)
        return target

    def delete(self) -> None:
        """DeleteKeyPair (instances launched with it keep their authorized_keys)."""
        self._ec2().delete_key_pair(KeyPairId=self.id)

    def _repr_html_(self) -> str:
        return display.key_pair_card(
            {"name": self.name, "id": self.id, "key_type": self.key_type, "key_format": self.key_format, "fingerprint": self.fingerprint, "has_material": self.material is not None}
        )


def create_key_pair(cloud: Cloud, name: str, key_type: str = "rsa", key_format: str = "pem", tags: dict | None = None, region_name: str | None = None) -> KeyPair:
    params: dict = {"KeyName": name, "KeyType": key_type, "KeyFormat": key_format}
    if tags:
        params["TagSpecifications"] = [{"ResourceType": "key-pair", "Tags": [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]}]
    answer = cloud.client("ec2", region_name).create_key_pair(**params)
    answer = {**answer, "KeyType": key_type}
    return KeyPair(cloud, answer, answer["KeyMaterial"], key_format, region_name)


def import_key_pair(cloud: Cloud, name: str, public_key, region_name: str | None = None) -> KeyPair:
    material = public_key.encode() if isinstance(public_key, str) else bytes(public_key)
    ec2 = cloud.client("ec2", region_name)
    answer = ec2.import_key_pair(KeyName=name, PublicKeyMaterial=material)
    info = ec2.describe_key_pairs(KeyPairIds=[answer["KeyPairId"]])["KeyPairs"][0]
    return KeyPair(cloud, info, None, None, region_name)


def key_pairs(cloud: Cloud, region_name: str | None = None) -> list:
    ec2 = cloud.client("ec2", region_name)
    return [KeyPair(cloud, k, None, None, region_name) for k in ec2.describe_key_pairs()["KeyPairs"]]


def _ports(port) -> tuple:
    """``80`` -> (80, 80); ``(1024, 65535)`` -> that range; ``None``/``"all"``/``-1`` -> all ports."""
    if port is None or port == "all" or port == -1:
        return (-1, -1)
    if isinstance(port, (tuple, list)):
        return (int(port[0]), int(port[1]))
    return (int(port), int(port))


def _permission(port, source, protocol, description) -> dict:
    """One IpPermissions entry: ``source`` is a CIDR (``"0.0.0.0/0"``), an address (made /32),
    an IPv6 CIDR, a ``SecurityGroup`` or an ``sg-…`` id (the group as the source)."""
    proto = str(protocol).lower()
    if proto in ("all", "-1"):
        proto = "-1"
    perm: dict = {"IpProtocol": proto}
    if proto != "-1":
        low, high = _ports(port)
        perm["FromPort"], perm["ToPort"] = low, high
    extra = {"Description": description} if description else {}
    group = getattr(source, "id", None) if not isinstance(source, str) else (source if source.startswith("sg-") else None)
    if group:
        perm["UserIdGroupPairs"] = [{"GroupId": group, **extra}]
    elif ":" in str(source):
        perm["Ipv6Ranges"] = [{"CidrIpv6": str(source), **extra}]
    else:
        cidr = str(source) if "/" in str(source) else f"{source}/32"
        perm["IpRanges"] = [{"CidrIp": cidr, **extra}]
    return perm


def _rule_row(r: dict) -> dict:
    """A DescribeSecurityGroupRules entry as a table row."""
    proto = r.get("IpProtocol", "-1")
    low, high = r.get("FromPort", -1), r.get("ToPort", -1)
    if proto == "-1" or low == -1:
        ports = "all"
    elif low == high:
        ports = str(low)
    else:
        ports = f"{low}-{high}"
    peer = r.get("CidrIpv4") or r.get("CidrIpv6") or r.get("PrefixListId") or (r.get("ReferencedGroupInfo") or {}).get("GroupId") or ""
    return {
        "id": r.get("SecurityGroupRuleId"),
        "direction": "outbound" if r.get("IsEgress") else "inbound",
        "protocol": "all" if proto == "-1" else proto,
        "ports": ports,
        "peer": peer,
        "description": r.get("Description", ""),
    }


class SecurityGroup:
    """A security group: allow-only rules, inbound and outbound, stateful."""

    def __init__(self, cloud: Cloud, group_id: str, region_name: str | None = None):
        self.cloud = cloud
        self.id = group_id
        self.region = region_name or cloud.region

    def __repr__(self) -> str:
        return f"SecurityGroup({self.id!r}, region={self.region!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, SecurityGroup) and (other.region, other.id) == (self.region, self.id)

    def __hash__(self) -> int:
        return hash((self.region, self.id))

    def _ec2(self):
        return self.cloud.client("ec2", self.region)

    def describe(self) -> dict:
        return self._ec2().describe_security_groups(GroupIds=[self.id])["SecurityGroups"][0]

    @property
    def name(self) -> str:
        return self.describe()["GroupName"]

    @property
    def description(self) -> str:
        return self.describe()["Description"]

    @property
    def vpc_id(self) -> str:
        return self.describe()["VpcId"]

    @property
    def rules(self) -> list:
        """Every rule (DescribeSecurityGroupRules) as ``{"id", "direction", "protocol", "ports",
        "peer", "description"}``, inbound first."""
        answer = self._ec2().describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [self.id]}])["SecurityGroupRules"]
        rows = [_rule_row(r) for r in answer]
        return sorted(rows, key=lambda r: r["direction"] == "outbound")

    def allow_inbound(self, port, source, protocol: str = "tcp", description: str | None = None) -> SecurityGroup:
        """AuthorizeSecurityGroupIngress: ``allow_inbound(80, "0.0.0.0/0")``,
        ``allow_inbound(3306, web_sg)`` (the group as the source), ``allow_inbound((1024, 65535), ...)``."""
        self._ec2().authorize_security_group_ingress(GroupId=self.id, IpPermissions=[_permission(port, source, protocol, description)])
        return self

    def allow_outbound(self, port, destination, protocol: str = "tcp", description: str | None = None) -> SecurityGroup:
        """AuthorizeSecurityGroupEgress."""
        self._ec2().authorize_security_group_egress(GroupId=self.id, IpPermissions=[_permission(port, destination, protocol, description)])
        return self

    def revoke_inbound(self, port, source, protocol: str = "tcp") -> SecurityGroup:
        """RevokeSecurityGroupIngress of the rule ``allow_inbound`` made with the same arguments."""
        self._ec2().revoke_security_group_ingress(GroupId=self.id, IpPermissions=[_permission(port, source, protocol, None)])
        return self

    def revoke_outbound(self, port, destination, protocol: str = "tcp") -> SecurityGroup:
        """RevokeSecurityGroupEgress (e.g. ``revoke_outbound("all", "0.0.0.0/0", "all")`` removes the default rule)."""
        self._ec2().revoke_security_group_egress(GroupId=self.id, IpPermissions=[_permission(port, destination, protocol, None)])
        return self

    def delete(self) -> None:
        """DeleteSecurityGroup (refused while an instance uses it or a rule refers to it)."""
        self._ec2().delete_security_group(GroupId=self.id)

    def _repr_html_(self) -> str:
        d = self.describe()
        return display.security_group_card({"id": self.id, "name": d["GroupName"], "description": d["Description"], "vpc": d["VpcId"]}, self.rules)


def create_security_group(cloud: Cloud, name: str, description: str, vpc=None, region_name: str | None = None) -> SecurityGroup:
    params = {"GroupName": name, "Description": description}
    if vpc is not None:
        params["VpcId"] = getattr(vpc, "id", vpc)
    answer = cloud.client("ec2", region_name).create_security_group(**params)
    return SecurityGroup(cloud, answer["GroupId"], region_name)
