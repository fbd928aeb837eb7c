"""Notebook objects for EBS snapshots: ``Snapshot`` (``volume.snapshot()``, ``cloud.snapshot(id)``).

Each method is one call on the boto3-style clients (``ec2`` and, for blocks, ``ebs``) or on
ec2lab's own ``SnapshotChain``; what a snapshot stores is computed by the core.
"""
from __future__ import annotations

from .resource import Resource, find_all, query

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud
    from .volume import Volume


def find(cloud: Cloud, region_name: str | None, kwargs: dict) -> list:
    """Every snapshot DescribeSnapshots returns (boto3 parameters, or filters as keywords:
    ``volume_id="vol-..."`` is the filter ``volume-id``). Without ``OwnerIds`` or
    ``SnapshotIds``, only the account's own snapshots (``OwnerIds=["self"]``)."""
    params = query(kwargs)
    if "SnapshotIds" not in params and "OwnerIds" not in params:
        params["OwnerIds"] = ["self"]
    return find_all(Snapshot, cloud, region_name, params)


class Snapshot(Resource):
    """One EBS snapshot. Every property asks the core afresh (DescribeSnapshots)."""

    _describe_operation, _id_parameter, _result_key, _id_key = "describe_snapshots", "SnapshotIds", "Snapshots", "SnapshotId"
    _not_found_code = "InvalidSnapshot.NotFound"

    def __init__(self, cloud: Cloud, snapshot_id: str, region_name: str | None = None, _client=None):
        super().__init__(cloud, snapshot_id, region_name, _client)

    # --- what DescribeSnapshots says (``describe()``) ------------------------------------
    @property
    def state(self) -> str:
        """``pending``, ``completed`` or ``error``."""
        return self.describe()["State"]

    @property
    def progress(self) -> str:
        """How far the copy of its blocks has got, e.g. ``"42%"``."""
        return self.describe().get("Progress", "")

    @property
    def volume_id(self) -> str:
        return self.describe()["VolumeId"]

    @property
    def volume_size(self) -> int:
        """The size of the volume it was taken from, in GiB (a volume made from it is at least this big)."""
        return self.describe()["VolumeSize"]

    @property
    def description(self) -> str:
        return self.describe().get("Description", "")

    @property
    def encrypted(self) -> bool:
        return self.describe()["Encrypted"]

    @property
    def tags(self) -> dict:
        return {t["Key"]: t["Value"] for t in self.describe().get("Tags", [])}

    def _chain(self) -> dict:
        """ec2lab's ``SnapshotChain`` entry of this snapshot (what it stores, computed by the core)."""
        lab = self.cloud.client("ec2lab", self.region)
        answer = lab.snapshot_chain(SnapshotId=self.id)
        for entry in answer["Snapshots"]:
            if entry["SnapshotId"] == self.id:
                return entry
        raise LookupError(self.id)  # the core always lists the snapshot it was asked about

    @property
    def stored_bytes(self) -> int:
        """Bytes this snapshot stores itself: every written block for the first snapshot of a
        volume, only the blocks changed since the previous one after that (incremental)."""
        return self._chain()["StoredBytes"]

    @property
    def stored_blocks(self) -> int:
        """Blocks (512 KiB each) this snapshot stores itself."""
        return self._chain()["StoredBlocks"]

    # --- actions --------------------------------------------------------------------------
    def create_volume(self, az: str | None = None, size: int | None = None, volume_type: str | None = None, tags: dict | None = None, **kwargs) -> Volume:
        """CreateVolume from this snapshot (restore); ``az`` defaults to the region's first zone."""
        from .volume import create

        return create(self.cloud, size, volume_type, az, self.id, None, None, None, tags, self.region, kwargs)

    def copy(self, region: str, description: str | None = None, **kwargs) -> Snapshot:
        """CopySnapshot into ``region`` (called there, as on AWS); returns the new ``Snapshot``."""
        params: dict = {"SourceRegion": self.region, "SourceSnapshotId": self.id}
        if description is not None:
            params["Description"] = description
        params.update(kwargs)
        ec2 = self.cloud.client("ec2", region)
        answer = ec2.copy_snapshot(**params)
        return Snapshot(self.cloud, answer["SnapshotId"], region, ec2)

    def delete(self) -> Snapshot:
        """DeleteSnapshot (refused while an AMI uses it: ``InvalidSnapshot.InUse``)."""
        self._ec2.delete_snapshot(SnapshotId=self.id)
        return self

    def wait_until_completed(self, **kwargs) -> Snapshot:
        """The ``snapshot_completed`` waiter (in virtual time)."""
        return self._wait("snapshot_completed", kwargs)

    # --- blocks (the EBS direct APIs, client "ebs") ----------------------------------------
    def blocks(self) -> list:
        """Every block of the snapshot (``ListSnapshotBlocks``): ``{"BlockIndex", "BlockToken"}``."""
        ebs = self.cloud.client("ebs", self.region)
        params: dict = {"SnapshotId": self.id}
        found: list = []
        while True:
            page = ebs.list_snapshot_blocks(**params)
            found.extend(page.get("Blocks", []))
            token = page.get("NextToken")
            if not token:
                return found
            params["NextToken"] = token

    def changed_blocks(self, since: Snapshot | str | None = None) -> list:
        """Blocks that differ from ``since`` (``ListChangedBlocks``), or every block if None."""
        ebs = self.cloud.client("ebs", self.region)
        params: dict = {"SecondSnapshotId": self.id}
        if since is not None:
            params["FirstSnapshotId"] = getattr(since, "id", since)
        found: list = []
        while True:
            page = ebs.list_changed_blocks(**params)
            found.extend(page.get("ChangedBlocks", []))
            token = page.get("NextToken")
            if not token:
                return found
            params["NextToken"] = token

    def read_block(self, index: int) -> bytes:
        """The bytes of one block (``GetSnapshotBlock``)."""
        ebs = self.cloud.client("ebs", self.region)
        for block in self.blocks():
            if block["BlockIndex"] == index:
                answer = ebs.get_snapshot_block(SnapshotId=self.id, BlockIndex=index, BlockToken=block["BlockToken"])
                data = answer["BlockData"]
                return data.read() if hasattr(data, "read") else data
        raise KeyError(f"block {index} of {self.id} was never written")

    # --- display ---------------------------------------------------------------------------
    def chain_svg(self) -> str:
        """The picture of this snapshot's volume and its snapshots: which blocks each one stores."""
        from . import i18n

        lab = self.cloud.client("ec2lab", self.region)
        return lab.snapshot_chain(SnapshotId=self.id, Language=i18n.get_language())["Svg"]

    def _repr_html_(self) -> str:
        from . import storage_display
        from .errors import ClientError

        from . import i18n

        try:
            d = self.describe()
            answer = self.cloud.client("ec2lab", self.region).snapshot_chain(SnapshotId=self.id, Language=i18n.get_language())
        except ClientError as e:
            error = self._gone(e)
            return storage_display.gone_card("snapshot", self.id, error["Code"], error.get("Message", ""), e.hint)
        chain = next(e for e in answer["Snapshots"] if e["SnapshotId"] == self.id)
        return storage_display.snapshot_card(d, chain, answer["Svg"])
