"""Notebook objects for instances: ``Instance`` and ``InstanceList``, built on the boto3-style
client (``cloud.client("ec2")``) and ec2lab's own operations (``cloud.client("ec2lab")``).

They convert and display only: every state, address, refusal and hint comes from the core.
Errors propagate as ``ec2lab.ClientError`` (with ``.hint``).
"""
from __future__ import annotations

from . import display, i18n
from .resource import Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud

# Friendly image names -> (DescribeImages name pattern, owner account). The newest match wins
# (largest CreationDate), as with the SSM "latest AMI" parameters.
_AMAZON = "137112412989"
_CANONICAL = "099720109477"
_MICROSOFT = "801119661308"
_REDHAT = "309956199498"
IMAGE_ALIASES = {
    "al2023": ("al2023-ami-2023*-x86_64", _AMAZON),
    "al2023-arm": ("al2023-ami-2023*-arm64", _AMAZON),
    "al2": ("amzn2-ami-*-x86_64-gp2", _AMAZON),
    "al2-arm": ("amzn2-ami-*-arm64-gp2", _AMAZON),
    "ubuntu-24.04": ("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*", _CANONICAL),
    "ubuntu-24.04-arm": ("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*", _CANONICAL),
    "ubuntu-22.04": ("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*", _CANONICAL),
    "ubuntu-22.04-arm": ("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-*", _CANONICAL),
    "windows-2022": ("Windows_Server-2022-English-Full-Base-*", _MICROSOFT),
    "rhel-9": ("RHEL-9*_HVM-*-x86_64-*", _REDHAT),
}


def find_image(cloud: Cloud, image: str, region_name: str | None = None) -> dict:
    """The DescribeImages entry of an alias (``"al2023"``, ``"ubuntu-24.04"`` ...: the newest
    match) or of an AMI id (``"ami-..."``)."""
    ec2 = cloud.client("ec2", region_name)
    if image.startswith("ami-"):
        return ec2.describe_images(ImageIds=[image])["Images"][0]
    alias = IMAGE_ALIASES.get(image.strip().lower())
    if alias is None:
        known = ", ".join(IMAGE_ALIASES)
        raise ValueError(f"Unknown image {image!r}: give an AMI id (ami-...) or one of: {known}")
    pattern, owner = alias
    images = ec2.describe_images(Owners=[owner], Filters=[{"Name": "name", "Values": [pattern]}])["Images"]
    if not images:
        raise ValueError(f"No image named like {pattern!r} in {ec2.meta.region_name}")
    return max(images, key=lambda i: (i.get("CreationDate", ""), i.get("Name", "")))


def resolve_image(cloud: Cloud, image: str, region_name: str | None = None) -> str:
    """The AMI id for ``image``: an ``ami-`` id is passed through unchanged, an alias is
    looked up with DescribeImages name filters (the newest match)."""
    if image.startswith("ami-"):
        return image
    return find_image(cloud, image, region_name)["ImageId"]


def _with_tags(params: dict, tags: dict | None) -> dict:
    """``tags={"Name": "web"}`` as a TagSpecifications entry for the instance."""
    if not tags:
        return params
    pairs = [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]
    specs = [dict(s) for s in params.get("TagSpecifications", [])]
    for spec in specs:
        if spec.get("ResourceType") == "instance":
            spec["Tags"] = [*spec.get("Tags", []), *pairs]
            break
    else:
        specs.append({"ResourceType": "instance", "Tags": pairs})
    return {**params, "TagSpecifications": specs}


def launch(cloud: Cloud, count: int, image: str, instance_type: str, region_name: str | None, tags: dict | None, kwargs: dict) -> InstanceList:
    """RunInstances with MinCount = MaxCount = ``count`` (``kwargs`` are boto3's parameters)."""
    region = region_name or cloud.region
    params = {"ImageId": resolve_image(cloud, image, region), "InstanceType": instance_type, "MinCount": count, "MaxCount": count}
    params.update(kwargs)
    params = _with_tags(params, tags)
    ec2 = cloud.client("ec2", region)
    reservation = ec2.run_instances(**params)
    return InstanceList(Instance(cloud, i["InstanceId"], region, ec2) for i in reservation["Instances"])


def _filters(filters: dict) -> list[dict]:
    """``{"instance-state-name": "running", "tag:Name": ["web"]}`` -> boto3 Filters."""
    out = []
    for name, values in filters.items():
        if isinstance(values, (str, int, float, bool)):
            values = [values]
        out.append({"Name": name, "Values": [str(v).lower() if isinstance(v, bool) else str(v) for v in values]})
    return out


def find(cloud: Cloud, region_name: str | None, kwargs: dict) -> InstanceList:
    """Every instance DescribeInstances returns for ``kwargs``: boto3 parameters (``Filters``,
    ``InstanceIds`` ...) as they are; lower-case keywords are filters (``instance_state_name=
    "running"`` is the filter ``instance-state-name``); ``tags={"Name": "web"}`` filters by tag."""
    region = region_name or cloud.region
    params: dict = {}
    friendly: dict = {}
    for key, value in kwargs.items():
        if key == "tags":
            friendly.update({f"tag:{k}": v for k, v in (value or {}).items()})
        elif key == "filters":
            friendly.update(value or {})
        elif key[:1].isupper():
            params[key] = value
        else:
            friendly[key.replace("_", "-")] = value
    if friendly:
        params["Filters"] = [*params.get("Filters", []), *_filters(friendly)]
    ec2 = cloud.client("ec2", region)
    found = InstanceList()
    while True:
        page = ec2.describe_instances(**params)
        for reservation in page["Reservations"]:
            found.extend(Instance(cloud, i["InstanceId"], region, ec2) for i in reservation["Instances"])
        token = page.get("NextToken")
        if not token:
            return found
        params["NextToken"] = token


def _fields(d: dict) -> dict:
    tags = {t["Key"]: t["Value"] for t in d.get("Tags", [])}
    return {
        "id": d["InstanceId"],
        "name": tags.get("Name"),
        "instance_type": d.get("InstanceType"),
        "state": d["State"]["Name"],
        "public_ip": d.get("PublicIpAddress"),
        "private_ip": d.get("PrivateIpAddress"),
        "public_dns": d.get("PublicDnsName") or None,
        "az": d.get("Placement", {}).get("AvailabilityZone"),
        "launch_time": d.get("LaunchTime"),
        "image": d.get("ImageId"),
    }


def _wrap_attribute(value):
    """ModifyInstanceAttribute's members take ``{"Value": x}``; a plain value is wrapped."""
    if isinstance(value, (dict, list, tuple)):
        return value
    return {"Value": value}


class Instance(Resource):
    """One EC2 instance, for notebooks. Every property asks the core afresh (DescribeInstances),
    so ``instance.state`` is always the state at the current virtual time."""

    _id_parameter = "InstanceIds"  # DescribeInstances nests them in reservations: describe() below
    _not_found_code = "InvalidInstanceID.NotFound"

    def __init__(self, cloud: Cloud, instance_id: str, region_name: str | None = None, _client=None):
        super().__init__(cloud, instance_id, region_name, _client)
        self._lab = None

    def _ec2lab(self):
        if self._lab is None:
            self._lab = self.cloud.client("ec2lab", self.region)
        return self._lab

    # --- what DescribeInstances says -----------------------------------------------------
    def describe(self) -> dict:
        """The instance as DescribeInstances returns it (boto3's dict)."""
        page = self._ec2.describe_instances(InstanceIds=[self.id])
        return page["Reservations"][0]["Instances"][0]

    @property
    def state(self) -> str:
        """``pending``, ``running``, ``stopping``, ``stopped``, ``shutting-down`` or ``terminated``."""
        return self.describe()["State"]["Name"]

    @property
    def state_code(self) -> int:
        return self.describe()["State"]["Code"]

    @property
    def state_label(self) -> str:
        """The state in the current language (Korean: the course notes' term, e.g. ``실행 중 (running)``)."""
        return display.state_label(self.state)

    @property
    def instance_type(self) -> str:
        return self.describe()["InstanceType"]

    @property
    def image_id(self) -> str:
        return self.describe()["ImageId"]

    @property
    def public_ip(self) -> str | None:
        """The public IPv4 address, or None (none while stopped, none without auto-assign)."""
        return self.describe().get("PublicIpAddress")

    @property
    def private_ip(self) -> str | None:
        return self.describe().get("PrivateIpAddress")

    @property
    def public_dns(self) -> str | None:
        """The public DNS name, or None while it has none (pending, stopped, no public IP)."""
        return self.describe().get("PublicDnsName") or None

    @property
    def private_dns(self) -> str | None:
        return self.describe().get("PrivateDnsName") or None

    @property
    def az(self) -> str:
        return self.describe()["Placement"]["AvailabilityZone"]

    @property
    def launch_time(self):
        """The launch time (an aware UTC datetime); a start after a stop sets it anew."""
        return self.describe()["LaunchTime"]

    @property
    def tags(self) -> dict:
        return {t["Key"]: t["Value"] for t in self.describe().get("Tags", [])}

    @property
    def name(self) -> str | None:
        """The ``Name`` tag, or None."""
        return self.tags.get("Name")

    def status(self) -> dict:
        """The status checks (DescribeInstanceStatus, including instances that are not running):
        ``{"state", "system_status", "instance_status", "ebs_status"}`` — e.g. ``initializing``,
        ``ok``, ``not-applicable``; None where the core reports nothing."""
        answer = self._ec2.describe_instance_status(InstanceIds=[self.id], IncludeAllInstances=True)
        entries = answer["InstanceStatuses"]
        entry = entries[0] if entries else {}
        return {
            "state": entry.get("InstanceState", {}).get("Name"),
            "system_status": entry.get("SystemStatus", {}).get("Status"),
            "instance_status": entry.get("InstanceStatus", {}).get("Status"),
            "ebs_status": entry.get("AttachedEbsStatus", {}).get("Status"),
        }

    # --- actions (each one API call; each returns the instance, for chaining) ------------
    def start(self) -> Instance:
        """StartInstances."""
        self._ec2.start_instances(InstanceIds=[self.id])
        return self

    def stop(self, hibernate: bool = False, force: bool = False) -> Instance:
        """StopInstances (``hibernate=True``: Hibernate; ``force=True``: Force)."""
        params: dict = {"InstanceIds": [self.id]}
        if hibernate:
            params["Hibernate"] = True
        if force:
            params["Force"] = True
        self._ec2.stop_instances(**params)
        return self

    def terminate(self) -> Instance:
        """TerminateInstances."""
        self._ec2.terminate_instances(InstanceIds=[self.id])
        return self

    def reboot(self) -> Instance:
        """RebootInstances (the state stays ``running``)."""
        self._ec2.reboot_instances(InstanceIds=[self.id])
        return self

    # --- what it serves behind a load balancer (python/ec2lab/elb.py) ------------------------
    def serve(self, port: int, app=None, upstream: str | None = None) -> Instance:
        """Serves HTTP on ``port`` (ec2lab's ``Serve``): ``app`` is a route table
        (``{"/": "hi", "/books/*": {"status": 200, "body": "...", "delay": 0.1}}``), a Python
        callable ``f(request)`` returning str / bytes / dict / ``(status, headers, body)`` /
        ``ec2lab.elb.Response``, or nothing ("Hello from <instance id>"); ``upstream=
        "http://127.0.0.1:8000"`` forwards to a real server on this machine."""
        from .elb import serve

        serve(self, port, app, upstream)
        return self

    def fail(self, mode: str = "refuse", port: int | None = None, status: int | None = None, delay: float | None = None) -> Instance:
        """Breaks what it serves (ec2lab's ``Fail``): ``"refuse"``, ``"reset"``, ``"hang"``,
        ``"status"`` (every answer ``status``), ``"slow"`` (``delay`` seconds later); all ports
        unless ``port``."""
        from .elb import fail

        fail(self, mode, port, status, delay)
        return self

    def recover(self, port: int | None = None) -> Instance:
        """Undoes ``fail`` (mode ``"none"``)."""
        from .elb import fail

        fail(self, "none", port)
        return self

    def stop_serving(self, port: int | None = None) -> Instance:
        """Nothing listens on ``port`` any more (every port if None)."""
        params: dict = {"InstanceId": self.id}
        if port is not None:
            params["Port"] = port
        self._ec2lab().stop_serving(**params)
        return self

    def shutdown_from_os(self) -> Instance:
        """What ``sudo shutdown -h now`` inside the instance does (ec2lab's ``ShutdownFromOs``):
        it stops or terminates according to the instance's shutdown behaviour."""
        self._ec2lab().shutdown_from_os(InstanceId=self.id)
        return self

    def metadata(self, path: str = "") -> tuple:
        """What a program on the instance reads at ``http://169.254.169.254/latest/meta-data/<path>``
        (ec2lab's ``GetInstanceMetadata``), as ``(status, body)``: ``(404, <IMDS's 404 page>)``
        when nothing is there — for ``spot/instance-action`` that means no interruption is
        planned; after the notice ``(200, '{"action": "terminate", "time": "...Z"}')``. Also
        ``events/recommendations/rebalance``, ``instance-id``, ``instance-type``,
        ``instance-life-cycle``, ``placement/availability-zone``, ``local-ipv4``, ``public-ipv4``.
        A stopped or terminated instance runs nothing: ClientError ``IncorrectInstanceState``."""
        r = self._ec2lab().get_instance_metadata(InstanceId=self.id, Path=path)
        return r["Status"], r["Body"]

    @property
    def lifecycle(self) -> str:
        """``spot`` for a Spot Instance, else ``on-demand`` (DescribeInstances' InstanceLifecycle)."""
        return self.describe().get("InstanceLifecycle", "on-demand")

    def interrupt(self) -> dict:
        """For exercises: EC2 interrupts this Spot Instance now (ec2lab's ``InterruptSpotInstance``):
        the rebalance recommendation and two-minute notice at once, the action two minutes later
        (at once for hibernate). Returns ``{"Action": ..., "Time": ...}``."""
        r = self._ec2lab().interrupt_spot_instance(InstanceId=self.id)
        return {"Action": r["Action"], "Time": r["Time"]}

    # --- CloudWatch (python/ec2lab/monitoring.py) ----------------------------------------
    def set_load(self, cpu: float = 0.0, network_in: float = 0.0, network_out: float = 0.0) -> Instance:
        """The workload from now on (ec2lab's ``SetLoad``): ``cpu`` in % of the instance (0-100),
        network in bytes per second. Requests through a load balancer add their own load."""
        from . import monitoring

        monitoring.set_load(self, cpu, network_in, network_out)
        return self

    def metrics(self, names=None, *, statistic: str = "Average", period: int | None = None, start=None, end=None):
        """AWS/EC2 metrics of this instance (GetMetricStatistics), drawn in a notebook: one name →
        a ``MetricSeries``, else a set (default CPUUtilization, NetworkIn, NetworkOut)."""
        from . import monitoring

        return monitoring.instance_metrics(self, names, statistic=statistic, period=period, start=start, end=end)

    def monitor(self, detailed: bool = True) -> Instance:
        """Detailed (1-minute) monitoring on (MonitorInstances) or off (UnmonitorInstances)."""
        if detailed:
            self._ec2.monitor_instances(InstanceIds=[self.id])
        else:
            self._ec2.unmonitor_instances(InstanceIds=[self.id])
        return self

    def modify(self, **attribute) -> Instance:
        """ModifyInstanceAttribute with plain values wrapped as ``{"Value": ...}``, e.g.
        ``modify(DisableApiTermination=True)`` or ``modify(InstanceType="t3.small")``.
        AWS changes one attribute per call."""
        params = {k: (v if k in ("Attribute", "Value", "DryRun") else _wrap_attribute(v)) for k, v in attribute.items()}
        self._ec2.modify_instance_attribute(InstanceId=self.id, **params)
        return self

    def add_tags(self, **tags: str) -> Instance:
        """CreateTags, e.g. ``add_tags(Name="web")``."""
        self._ec2.create_tags(Resources=[self.id], Tags=[{"Key": k, "Value": str(v)} for k, v in tags.items()])
        return self

    # --- waiting (botocore's waiters, in virtual time) -----------------------------------
    def wait_until_running(self, **kwargs) -> Instance:
        """The ``instance_running`` waiter (polls every 15 s of virtual time)."""
        return self._wait("instance_running", kwargs)

    def wait_until_stopped(self, **kwargs) -> Instance:
        return self._wait("instance_stopped", kwargs)

    def wait_until_terminated(self, **kwargs) -> Instance:
        return self._wait("instance_terminated", kwargs)

    # --- storage: the guest view and the instance's volumes (python/ec2lab/guest.py) ----------
    def mount(self, device_name: str, path: str) -> Instance:
        """Mounts a device (``/dev/sdf``, ``ephemeral0`` ...) at ``path`` inside the guest (ec2lab's
        ``Mount``); an empty device is formatted first. The root volume is mounted at ``/``."""
        from . import guest

        guest.mount(self, device_name, path)
        return self

    def write_file(self, path: str, data: bytes | str) -> Instance:
        """Writes a file inside the guest (ec2lab's ``WriteFile``): the bytes land in the blocks
        of the device mounted there. ``str`` is written as UTF-8."""
        from . import guest

        guest.write_file(self, path, data)
        return self

    def read_file(self, path: str) -> bytes:
        """The bytes of a file inside the guest (ec2lab's ``ReadFile``)."""
        from . import guest

        return guest.read_file(self, path)

    def list_dir(self, path: str = "/") -> list:
        """The entries of a directory inside the guest (ec2lab's ``ListDir``)."""
        from . import guest

        return guest.list_dir(self, path)

    def io_test(self, target: str, size: int | str = "64MiB", pattern: str = "randread", **kwargs) -> dict:
        """A fio-like test on a mounted path or a device (ec2lab's ``IoTest``): IOPS, throughput
        and latency from the performance model; virtual time moves on by what the I/O takes.
        ``pattern`` is ``randread``, ``randwrite``, ``seqread`` or ``seqwrite``; ``block_size=``
        and ``queue_depth=`` as in fio."""
        from . import guest

        return guest.io_test(self, target, size, pattern, kwargs)

    def devices(self) -> list:
        """Every block device of the instance (ec2lab's ``ListDevices``): EBS and instance store,
        with sizes, states and mount paths."""
        from . import guest

        return guest.list_devices(self)

    @property
    def volumes(self) -> list:
        """The EBS volumes attached to this instance (``Volume`` objects, root first)."""
        from .volume import find

        found = find(self.cloud, self.region, {"Filters": [{"Name": "attachment.instance-id", "Values": [self.id]}]})
        root = self.describe().get("RootDeviceName")
        return sorted(found, key=lambda v: (v.device != root, v.device or ""))

    def create_image(self, name: str, no_reboot: bool = False, description: str | None = None, tags: dict | None = None, **kwargs):
        """CreateImage: a custom AMI from this (EBS-backed) instance, one snapshot per EBS volume.
        The instance is rebooted unless ``no_reboot=True``. Returns an ``Image`` (``pending``)."""
        from .image import create_from

        return create_from(self, name, no_reboot, description, tags, kwargs)

    def devices_svg(self) -> str:
        """The picture of this instance's devices (instance store vs EBS, mount points), drawn by the core."""
        answer = self._ec2lab().instance_devices_diagram(InstanceId=self.id, Language=i18n.get_language())
        return answer["Svg"]

    # --- displays --------------------------------------------------------------------------
    def lifecycle_svg(self) -> str:
        """The lifecycle diagram (ec2lab's ``LifecycleDiagram``) with this instance's state
        highlighted, labelled in the current language."""
        answer = self._ec2lab().lifecycle_diagram(InstanceId=self.id, Language=i18n.get_language())
        return answer["Svg"]

    def _repr_html_(self) -> str:
        from .errors import ClientError

        try:
            fields = _fields(self.describe())
            svg = self.lifecycle_svg()
        except ClientError as e:
            error = self._gone(e)
            return display.gone_card(self.id, error["Code"], error.get("Message", ""), e.hint)
        return display.instance_card(fields, svg)


class InstanceList(list):
    """A list of ``Instance`` objects; the batch methods make one API call for all of them."""

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self]

    def _by_region(self):
        groups: dict = {}
        for i in self:
            groups.setdefault((id(i.cloud), i.region), []).append(i)
        return list(groups.values())

    def _call(self, operation: str, **params) -> InstanceList:
        for group in self._by_region():
            getattr(group[0]._ec2, operation)(InstanceIds=[i.id for i in group], **params)
        return self

    def describe(self) -> list[dict]:
        """The DescribeInstances dict of each instance, in list order."""
        found: dict = {}
        for group in self._by_region():
            page = group[0]._ec2.describe_instances(InstanceIds=[i.id for i in group])
            for reservation in page["Reservations"]:
                for d in reservation["Instances"]:
                    found[(group[0].region, d["InstanceId"])] = d
        return [found[(i.region, i.id)] for i in self]

    def states(self) -> list[str]:
        """The state of each instance, in list order (one DescribeInstances call)."""
        return [d["State"]["Name"] for d in self.describe()]

    def start(self) -> InstanceList:
        return self._call("start_instances")

    def stop(self, hibernate: bool = False, force: bool = False) -> InstanceList:
        params: dict = {}
        if hibernate:
            params["Hibernate"] = True
        if force:
            params["Force"] = True
        return self._call("stop_instances", **params)

    def terminate(self) -> InstanceList:
        return self._call("terminate_instances")

    def reboot(self) -> InstanceList:
        return self._call("reboot_instances")

    def _wait(self, waiter: str, kwargs: dict) -> InstanceList:
        for group in self._by_region():
            group[0]._ec2.get_waiter(waiter).wait(InstanceIds=[i.id for i in group], **kwargs)
        return self

    def wait_until_running(self, **kwargs) -> InstanceList:
        return self._wait("instance_running", kwargs)

    def wait_until_stopped(self, **kwargs) -> InstanceList:
        return self._wait("instance_stopped", kwargs)

    def wait_until_terminated(self, **kwargs) -> InstanceList:
        return self._wait("instance_terminated", kwargs)

    def __getitem__(self, index):
        got = super().__getitem__(index)
        return InstanceList(got) if isinstance(index, slice) else got

    def __repr__(self) -> str:
        return f"InstanceList({list.__repr__(self)})"

    def _repr_html_(self) -> str:
        # A filter (not InstanceIds) so that instances gone from DescribeInstances show as such.
        found: dict = {}
        for group in self._by_region():
            ids = [i.id for i in group]
            page = group[0]._ec2.describe_instances(Filters=[{"Name": "instance-id", "Values": ids}])
            for reservation in page["Reservations"]:
                for d in reservation["Instances"]:
                    found[(group[0].region, d["InstanceId"])] = _fields(d)
        rows = [found.get((i.region, i.id)) for i in self]
        return display.instance_table(rows, self.ids)
