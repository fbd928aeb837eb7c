"""Notebook objects for EBS volumes: ``Volume`` (``cloud.create_volume(...)``, ``cloud.volume(id)``).

Each method is one API call on the boto3-style client; states, sizes, IOPS, refusals and hints
all come from the core. ``Volume`` only converts (dict -> properties) and displays.
"""
from __future__ import annotations

from .resource import Resource, find_all, query

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud
    from .instance import Instance
    from .snapshot import Snapshot


def _tag_specs(resource_type: str, tags: dict | None) -> list:
    if not tags:
        return []
    return [{"ResourceType": resource_type, "Tags": [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]}]


def first_zone(cloud: Cloud, region: str) -> str:
    """The region's first Availability Zone, as DescribeAvailabilityZones lists them."""
    return cloud.client("ec2", region).describe_availability_zones()["AvailabilityZones"][0]["ZoneName"]


def create(cloud: Cloud, size: int | None, volume_type: str | None, az: str | None, snapshot, iops: int | None, throughput: int | None,
           encrypted: bool | None, tags: dict | None, region_name: str | None, kwargs: dict) -> Volume:
    """CreateVolume with friendly names; ``kwargs`` are boto3's parameters, passed unchanged."""
    region = region_name or cloud.region
    params: dict = {"AvailabilityZone": az or first_zone(cloud, region)}
    if size is not None:
        params["Size"] = size
    if volume_type is not None:
        params["VolumeType"] = volume_type
    if snapshot is not None:
        params["SnapshotId"] = getattr(snapshot, "id", snapshot)
    if iops is not None:
        params["Iops"] = iops
    if throughput is not None:
        params["Throughput"] = throughput
    if encrypted is not None:
        params["Encrypted"] = encrypted
    specs = _tag_specs("volume", tags)
    if specs:
        params["TagSpecifications"] = specs
    params.update(kwargs)
    ec2 = cloud.client("ec2", region)
    answer = ec2.create_volume(**params)
    return Volume(cloud, answer["VolumeId"], region, ec2)


def find(cloud: Cloud, region_name: str | None, kwargs: dict) -> list:
    """Every volume DescribeVolumes returns (boto3 parameters, or filters as keywords:
    ``status="available"`` is the filter ``status``; ``tags={"Name": "data"}``)."""
    return find_all(Volume, cloud, region_name, query(kwargs))


class Volume(Resource):
    """One EBS volume. Every property asks the core afresh (DescribeVolumes)."""

    _describe_operation, _id_parameter, _result_key, _id_key = "describe_volumes", "VolumeIds", "Volumes", "VolumeId"
    _not_found_code = "InvalidVolume.NotFound"

    def __init__(self, cloud: Cloud, volume_id: str, region_name: str | None = None, _client=None):
        super().__init__(cloud, volume_id, region_name, _client)

    # --- what DescribeVolumes says (``describe()``) --------------------------------------
    @property
    def state(self) -> str:
        """``creating``, ``available``, ``in-use``, ``deleting``, ``deleted`` or ``error``."""
        return self.describe()["State"]

    @property
    def size(self) -> int:
        """Size in GiB."""
        return self.describe()["Size"]

    @property
    def volume_type(self) -> str:
        return self.describe()["VolumeType"]

    @property
    def iops(self) -> int | None:
        return self.describe().get("Iops")

    @property
    def throughput(self) -> int | None:
        return self.describe().get("Throughput")

    @property
    def az(self) -> str:
        return self.describe()["AvailabilityZone"]

    @property
    def encrypted(self) -> bool:
        return self.describe()["Encrypted"]

    @property
    def snapshot_id(self) -> str | None:
        """The snapshot it was created from, or None."""
        return self.describe().get("SnapshotId") or None

    @property
    def attachments(self) -> list:
        return self.describe().get("Attachments", [])

    @property
    def instance_id(self) -> str | None:
        """The instance it is attached to (the first one, for Multi-Attach), or None."""
        attached = self.attachments
        return attached[0]["InstanceId"] if attached else None

    @property
    def device(self) -> str | None:
        """The device name of its (first) attachment, e.g. ``/dev/sdf``, or None."""
        attached = self.attachments
        return attached[0]["Device"] if attached else None

    @property
    def tags(self) -> dict:
        return {t["Key"]: t["Value"] for t in self.describe().get("Tags", [])}

    @property
    def name(self) -> str | None:
        return self.tags.get("Name")

    # --- actions --------------------------------------------------------------------------
    def attach(self, instance: Instance | str, device: str) -> Volume:
        """AttachVolume to ``instance`` (an ``Instance`` or an id) as ``device`` (``/dev/sdf`` ...)."""
        self._ec2.attach_volume(VolumeId=self.id, InstanceId=getattr(instance, "id", instance), Device=device)
        return self

    def detach(self, force: bool = False, instance: Instance | str | None = None) -> Volume:
        """DetachVolume (``force=True``: Force; ``instance``: which one, for Multi-Attach)."""
        params: dict = {"VolumeId": self.id}
        if force:
            params["Force"] = True
        if instance is not None:
            params["InstanceId"] = getattr(instance, "id", instance)
        self._ec2.detach_volume(**params)
        return self

    def delete(self) -> Volume:
        """DeleteVolume."""
        self._ec2.delete_volume(VolumeId=self.id)
        return self

    def snapshot(self, description: str | None = None, tags: dict | None = None) -> Snapshot:
        """CreateSnapshot; returns the new ``Snapshot`` (``pending`` until its blocks are copied)."""
        from .snapshot import Snapshot

        params: dict = {"VolumeId": self.id}
        if description is not None:
            params["Description"] = description
        specs = _tag_specs("snapshot", tags)
        if specs:
            params["TagSpecifications"] = specs
        answer = self._ec2.create_snapshot(**params)
        return Snapshot(self.cloud, answer["SnapshotId"], self.region, self._ec2)

    def snapshots(self) -> list:
        """This volume's snapshots (DescribeSnapshots, owner self, filter volume-id), oldest first."""
        from .snapshot import find

        found = find(self.cloud, self.region, {"OwnerIds": ["self"], "volume_id": self.id})
        return sorted(found, key=lambda s: s.describe()["StartTime"])

    def modify(self, size: int | None = None, volume_type: str | None = None, iops: int | None = None, throughput: int | None = None, **kwargs) -> Volume:
        """ModifyVolume (grow, change type, IOPS or throughput); then watch ``modification()``."""
        params: dict = {"VolumeId": self.id}
        for key, value in (("Size", size), ("VolumeType", volume_type), ("Iops", iops), ("Throughput", throughput)):
            if value is not None:
                params[key] = value
        params.update(kwargs)
        self._ec2.modify_volume(**params)
        return self

    def modification(self) -> dict | None:
        """The latest DescribeVolumesModifications entry (``ModificationState``, ``Progress`` ...), or None."""
        found = self._ec2.describe_volumes_modifications(VolumeIds=[self.id]).get("VolumesModifications", [])
        return found[-1] if found else None

    def add_tags(self, **tags: str) -> Volume:
        self._ec2.create_tags(Resources=[self.id], Tags=[{"Key": k, "Value": str(v)} for k, v in tags.items()])
        return self

    # --- waiting (botocore's waiters, in virtual time) -----------------------------------
    def wait_until_available(self, **kwargs) -> Volume:
        """The ``volume_available`` waiter."""
        return self._wait("volume_available", kwargs)

    def wait_until_in_use(self, **kwargs) -> Volume:
        """The ``volume_in_use`` waiter."""
        return self._wait("volume_in_use", kwargs)

    def wait_until_attached(self, timeout: float = 600) -> Volume:
        """Runs virtual time until every attachment of the volume is ``attached`` (the
        ``volume_in_use`` waiter only waits for the volume's state, which is ``in-use`` while
        the attachment is still ``attaching``)."""

        def attached() -> bool:
            found = self.attachments
            return bool(found) and all(a["State"] == "attached" for a in found)

        self.cloud.run_until(attached, timeout=timeout)
        return self

    def wait_until_deleted(self, **kwargs) -> Volume:
        """The ``volume_deleted`` waiter."""
        return self._wait("volume_deleted", kwargs)

    # --- display ---------------------------------------------------------------------------
    def chain_svg(self) -> str:
        """The picture of this volume's snapshots (which blocks each stores itself), with a last
        row for the volume now: what its next snapshot would store. Drawn by the core."""
        from . import i18n

        lab = self.cloud.client("ec2lab", self.region)
        return lab.snapshot_chain(VolumeId=self.id, Language=i18n.get_language())["Svg"]

    def _repr_html_(self) -> str:
        from . import storage_display
        from .errors import ClientError

        try:
            d = self.describe()
        except ClientError as e:
            error = self._gone(e)
            return storage_display.gone_card("volume", self.id, error["Code"], error.get("Message", ""), e.hint)
        return storage_display.volume_card(d)
