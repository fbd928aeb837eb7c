"""Notebook objects for VPC networking: ``Vpc``, ``Subnet``, ``ElasticIp`` and the answer of
``cloud.can_connect`` (``Reachability``).

They convert and display only: every address, route, verdict and refusal comes from the core
(CreateVpc, DescribeSubnets, CanConnect, VpcDiagram ...). Errors propagate as ``ClientError``.
"""
from __future__ import annotations

from . import display, i18n

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud
    from .security import SecurityGroup


def _tags(d: dict) -> dict:
    return {t["Key"]: t["Value"] for t in d.get("Tags", [])}


def _name_spec(resource_type: str, name: str | None) -> dict:
    if not name:
        return {}
    return {"TagSpecifications": [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]}


def endpoint(value) -> str:
    """What CanConnect takes as an end: an ``Instance`` (its id), ``"internet"``, ``"my_ip"``,
    an id (``i-…``, ``eni-…``, ``igw-…``) or an IPv4 address."""
    return getattr(value, "id", value)


class Vpc:
    """A VPC. Properties ask the core afresh (DescribeVpcs, DescribeSubnets ...)."""

    def __init__(self, cloud: Cloud, vpc_id: str, region_name: str | None = None):
        self.cloud = cloud
        self.id = vpc_id
        self.region = region_name or cloud.region

    def __repr__(self) -> str:
        return f"Vpc({self.id!r}, region={self.region!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Vpc) and (other.region, other.id) == (self.region, self.id)

    def __hash__(self) -> int:
        return hash((self.region, self.id))

    def _ec2(self):
        return self.cloud.client("ec2", self.region)

    def describe(self) -> dict:
        return self._ec2().describe_vpcs(VpcIds=[self.id])["Vpcs"][0]

    @property
    def cidr(self) -> str:
        return self.describe()["CidrBlock"]

    @property
    def is_default(self) -> bool:
        return bool(self.describe().get("IsDefault"))

    @property
    def name(self) -> str | None:
        return _tags(self.describe()).get("Name")

    @property
    def subnets(self) -> list:
        """The VPC's subnets (DescribeSubnets), ordered by AZ and CIDR."""
        found = self._ec2().describe_subnets(Filters=[{"Name": "vpc-id", "Values": [self.id]}])["Subnets"]
        found.sort(key=lambda s: (s["AvailabilityZone"], s["CidrBlock"]))
        return [Subnet(self.cloud, s["SubnetId"], self.region) for s in found]

    @property
    def internet_gateway(self) -> str | None:
        """The id of the attached internet gateway, or None."""
        found = self._ec2().describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [self.id]}])["InternetGateways"]
        return found[0]["InternetGatewayId"] if found else None

    @property
    def route_tables(self) -> list:
        """DescribeRouteTables' entries of this VPC (main table first)."""
        tables = self._ec2().describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [self.id]}])["RouteTables"]
        return sorted(tables, key=lambda t: not any(a.get("Main") for a in t.get("Associations", [])))

    @property
    def security_groups(self) -> list:
        from .security import SecurityGroup

        found = self._ec2().describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [self.id]}])["SecurityGroups"]
        return [SecurityGroup(self.cloud, g["GroupId"], self.region) for g in found]

    def attach_internet_gateway(self) -> str:
        """CreateInternetGateway + AttachInternetGateway; returns the gateway's id. (A subnet
        becomes public only once its route table sends 0.0.0.0/0 to it.)"""
        ec2 = self._ec2()
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=self.id)
        return igw

    def create_route_table(self, name: str | None = None) -> str:
        """CreateRouteTable; returns its id (it has only the local route)."""
        return self._ec2().create_route_table(VpcId=self.id, **_name_spec("route-table", name))["RouteTable"]["RouteTableId"]

    def create_subnet(self, cidr: str, az: str, public: bool = False, name: str | None = None) -> Subnet:
        """CreateSubnet. ``public=True`` also does what makes a subnet public, one AWS call each:
        an internet gateway (attached if the VPC has none), a route table with
        ``0.0.0.0/0 → igw`` associated with the subnet, and MapPublicIpOnLaunch."""
        ec2 = self._ec2()
        subnet_id = ec2.create_subnet(VpcId=self.id, CidrBlock=cidr, AvailabilityZone=az, **_name_spec("subnet", name))["Subnet"]["SubnetId"]
        if public:
            igw = self.internet_gateway or self.attach_internet_gateway()
            table = self._public_route_table(igw)
            ec2.associate_route_table(RouteTableId=table, SubnetId=subnet_id)
            ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})
        return Subnet(self.cloud, subnet_id, self.region)

    def _public_route_table(self, igw: str) -> str:
        """A non-main route table of this VPC whose default route goes to ``igw``, made if needed."""
        for table in self.route_tables:
            if any(a.get("Main") for a in table.get("Associations", [])):
                continue
            if any(r.get("DestinationCidrBlock") == "0.0.0.0/0" and r.get("GatewayId") == igw for r in table.get("Routes", [])):
                return table["RouteTableId"]
        table = self.create_route_table(name="public")
        self._ec2().create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
        return table

    def create_security_group(self, name: str, description: str) -> SecurityGroup:
        return self.cloud.create_security_group(name, description, vpc=self)

    def delete(self) -> None:
        """DeleteVpc (refused with DependencyViolation while it has subnets, gateways ...)."""
        self._ec2().delete_vpc(VpcId=self.id)

    def diagram_svg(self, language: str | None = None) -> str:
        """The VPC's topology drawn by the core (ec2lab's ``VpcDiagram``)."""
        lab = self.cloud.client("ec2lab", self.region)
        return lab.vpc_diagram(VpcId=self.id, Language=language or i18n.get_language())["Svg"]

    def _repr_html_(self) -> str:
        d = self.describe()
        fields = {"id": self.id, "cidr": d["CidrBlock"], "default": bool(d.get("IsDefault")), "name": _tags(d).get("Name"), "igw": self.internet_gateway}
        return display.vpc_card(fields, self.diagram_svg())


class Subnet:
    """A subnet of a VPC, in one AZ."""

    def __init__(self, cloud: Cloud, subnet_id: str, region_name: str | None = None):
        self.cloud = cloud
        self.id = subnet_id
        self.region = region_name or cloud.region

    def __repr__(self) -> str:
        return f"Subnet({self.id!r}, region={self.region!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Subnet) and (other.region, other.id) == (self.region, self.id)

    def __hash__(self) -> int:
        return hash((self.region, self.id))

    def _ec2(self):
        return self.cloud.client("ec2", self.region)

    def describe(self) -> dict:
        return self._ec2().describe_subnets(SubnetIds=[self.id])["Subnets"][0]

    @property
    def cidr(self) -> str:
        return self.describe()["CidrBlock"]

    @property
    def az(self) -> str:
        return self.describe()["AvailabilityZone"]

    @property
    def vpc(self) -> Vpc:
        return Vpc(self.cloud, self.describe()["VpcId"], self.region)

    @property
    def available_ips(self) -> int:
        """AvailableIpAddressCount: the size minus AWS's 5 reserved addresses minus those in use."""
        return self.describe()["AvailableIpAddressCount"]

    @property
    def map_public_ip_on_launch(self) -> bool:
        return bool(self.describe().get("MapPublicIpOnLaunch"))

    @property
    def route_table(self) -> dict:
        """The route table the subnet uses: its own association, else the VPC's main table."""
        ec2 = self._ec2()
        own = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [self.id]}])["RouteTables"]
        if own:
            return own[0]
        vpc_id = self.describe()["VpcId"]
        return ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]

    @property
    def public(self) -> bool:
        """Whether the subnet's route table has an active route to an internet gateway (what
        makes a subnet public, as the route table shows it)."""
        return any(r.get("GatewayId", "").startswith("igw-") and r.get("State") == "active" for r in self.route_table.get("Routes", []))

    def set_public_ip_on_launch(self, value: bool = True) -> Subnet:
        """ModifySubnetAttribute MapPublicIpOnLaunch."""
        self._ec2().modify_subnet_attribute(SubnetId=self.id, MapPublicIpOnLaunch={"Value": bool(value)})
        return self

    def delete(self) -> None:
        self._ec2().delete_subnet(SubnetId=self.id)

    def _repr_html_(self) -> str:
        d = self.describe()
        table = self.route_table
        routes = [(r.get("DestinationCidrBlock", ""), r.get("GatewayId") or r.get("NatGatewayId") or r.get("NetworkInterfaceId") or "", r.get("State", "")) for r in table.get("Routes", [])]
        fields = {
            "id": self.id,
            "cidr": d["CidrBlock"],
            "az": d["AvailabilityZone"],
            "vpc": d["VpcId"],
            "available_ips": d["AvailableIpAddressCount"],
            "map_public_ip": bool(d.get("MapPublicIpOnLaunch")),
            "public": any(g.startswith("igw-") and s == "active" for _, g, s in routes),
            "route_table": table["RouteTableId"],
        }
        return display.subnet_card(fields, routes)


class ElasticIp:
    """An Elastic IP: a public IPv4 address the account keeps until it releases it."""

    def __init__(self, cloud: Cloud, allocation_id: str, region_name: str | None = None):
        self.cloud = cloud
        self.allocation_id = allocation_id
        self.region = region_name or cloud.region

    def __repr__(self) -> str:
        return f"ElasticIp({self.allocation_id!r})"

    @property
    def id(self) -> str:
        """The allocation id (``eipalloc-...``), like every other object's ``.id``."""
        return self.allocation_id

    def _ec2(self):
        return self.cloud.client("ec2", self.region)

    def describe(self) -> dict:
        return self._ec2().describe_addresses(AllocationIds=[self.allocation_id])["Addresses"][0]

    @property
    def public_ip(self) -> str:
        return self.describe()["PublicIp"]

    @property
    def instance_id(self) -> str | None:
        return self.describe().get("InstanceId")

    def associate(self, instance, allow_reassociation: bool = True) -> ElasticIp:
        """AssociateAddress with an instance (an ``Instance`` or an id)."""
        self._ec2().associate_address(AllocationId=self.allocation_id, InstanceId=endpoint(instance), AllowReassociation=allow_reassociation)
        return self

    def disassociate(self) -> ElasticIp:
        assoc = self.describe().get("AssociationId")
        if assoc:
            self._ec2().disassociate_address(AssociationId=assoc)
        return self

    def release(self) -> None:
        self._ec2().release_address(AllocationId=self.allocation_id)


class Reachability:
    """The answer of ``cloud.can_connect``: ``allowed``, the ``hops`` (dicts in path order),
    ``blocked_by`` (the blocking hop, or None) and a teaching ``hint`` in the current language."""

    def __init__(self, cloud: Cloud, request: dict, answer: dict, region_name: str | None = None):
        self.cloud = cloud
        self.region = region_name or cloud.region
        self.request = request
        self.answer = answer

    @property
    def allowed(self) -> bool:
        return bool(self.answer["Allowed"])

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def hops(self) -> list:
        return list(self.answer.get("Hops", []))

    @property
    def blocked_by(self) -> dict | None:
        """``{"Kind", "ComponentId", "Reason", ...}`` of the blocking component, or None."""
        return self.answer.get("BlockedAt")

    @property
    def hint(self) -> str:
        return i18n.pick(self.answer.get("HintEn", ""), self.answer.get("HintKo", ""))

    def path(self) -> list:
        """The hops as short strings: ``"security-group-ingress sg-… allow"``."""
        return [f"{h['Kind']} {h.get('ComponentId', '')} {h['Verdict']}".replace("  ", " ") for h in self.hops]

    def __repr__(self) -> str:
        verdict = "allowed" if self.allowed else f"blocked by {self.blocked_by['Kind']} {self.blocked_by.get('ComponentId', '')}".rstrip()
        return f"Reachability({self.request['Source']} -> {self.request['Destination']} {self.answer.get('Protocol')} {self.answer.get('Port')}: {verdict})"

    def diagram_svg(self, language: str | None = None) -> str:
        """The path drawn by the core (ec2lab's ``ReachabilityDiagram``), the blocking hop marked."""
        lab = self.cloud.client("ec2lab", self.region)
        return lab.reachability_diagram(**self.request, Language=language or i18n.get_language())["Svg"]

    def _repr_html_(self) -> str:
        return display.reachability_card(self.allowed, self.blocked_by, self.hint, self.diagram_svg())


def can_connect(cloud: Cloud, source, destination, port=None, protocol: str = "tcp", region_name: str | None = None, **extra) -> Reachability:
    request = {"Source": endpoint(source), "Destination": endpoint(destination), "Protocol": str(protocol)}
    if port is not None:
        request["Port"] = int(port)
    request.update(extra)
    region = region_name or cloud.region
    answer = cloud.client("ec2lab", region).can_connect(**request)
    answer.pop("ResponseMetadata", None)
    return Reachability(cloud, request, answer, region)
