"""Notebook objects for AMIs: ``Image`` (``instance.create_image(name)``, ``cloud.image(id)``,
``cloud.images(owners=["self"])``).

Each method is one API call (CreateImage, CopyImage, DeregisterImage, Modify/DescribeImageAttribute);
every rule (names, states, what a copy keeps, which snapshots survive) is in the core.
"""
from __future__ import annotations

from .resource import Resource, find_all, query

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud
    from .instance import Instance, InstanceList


def find(cloud: Cloud, region_name: str | None, owners, kwargs: dict) -> list:
    """Every image DescribeImages returns: ``owners=["self"]`` (Owners), boto3 parameters, or
    filters as keywords (``name="web-*"`` is the filter ``name``; ``tags={"app": "web"}``)."""
    params: dict = {}
    if owners is not None:
        params["Owners"] = [owners] if isinstance(owners, str) else list(owners)
    return find_all(Image, cloud, region_name, query(kwargs, params))


def create_from(instance: Instance, name: str, no_reboot: bool, description: str | None, tags: dict | None, kwargs: dict) -> Image:
    """CreateImage from ``instance``."""
    params: dict = {"InstanceId": instance.id, "Name": name}
    if no_reboot:
        params["NoReboot"] = True
    if description is not None:
        params["Description"] = description
    if tags:
        pairs = [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]
        params["TagSpecifications"] = [{"ResourceType": "image", "Tags": pairs}]
    params.update(kwargs)
    answer = instance._ec2.create_image(**params)
    return Image(instance.cloud, answer["ImageId"], instance.region, instance._ec2)


class Image(Resource):
    """One AMI (public or the account's own). Every property asks the core afresh (DescribeImages)."""

    _describe_operation, _id_parameter, _result_key, _id_key = "describe_images", "ImageIds", "Images", "ImageId"
    _not_found_code = "InvalidAMIID.NotFound"

    def __init__(self, cloud: Cloud, image_id: str, region_name: str | None = None, _client=None):
        super().__init__(cloud, image_id, region_name, _client)

    # --- what DescribeImages says (``describe()``: the image as boto3's dict) --------------

    @property
    def state(self) -> str:
        """``pending`` (its snapshots are being taken), ``available``, ``failed`` ..."""
        return self.describe()["State"]

    @property
    def name(self) -> str:
        return self.describe()["Name"]

    @property
    def root_device_type(self) -> str:
        """``ebs`` or ``instance-store``."""
        return self.describe()["RootDeviceType"]

    @property
    def snapshot_ids(self) -> list:
        """The EBS snapshots behind its block device mappings."""
        return [m["Ebs"]["SnapshotId"] for m in self.describe().get("BlockDeviceMappings", []) if m.get("Ebs", {}).get("SnapshotId")]

    @property
    def block_device_mappings(self) -> list:
        return self.describe().get("BlockDeviceMappings", [])

    @property
    def tags(self) -> dict:
        return {t["Key"]: t["Value"] for t in self.describe().get("Tags", [])}

    def launch_permissions(self) -> list:
        """DescribeImageAttribute launchPermission: ``[{"UserId": ...}, {"Group": "all"}]``."""
        return self._ec2.describe_image_attribute(ImageId=self.id, Attribute="launchPermission").get("LaunchPermissions", [])

    # --- actions --------------------------------------------------------------------------
    def launch(self, instance_type: str = "t2.micro", count: int = 1, *, tags: dict | None = None, **kwargs) -> InstanceList:
        """RunInstances from this image (``count`` instances); returns an ``InstanceList``."""
        from .instance import launch

        return launch(self.cloud, count, self.id, instance_type, self.region, tags, kwargs)

    def copy(self, region: str, name: str | None = None, copy_tags: bool = False, **kwargs) -> Image:
        """CopyImage into ``region`` (called there, as on AWS): a new AMI id, its snapshots copied
        in full; tags only with ``copy_tags=True``; launch permissions are not copied."""
        params: dict = {"SourceRegion": self.region, "SourceImageId": self.id, "Name": name or self.name}
        if copy_tags:
            params["CopyImageTags"] = True
        params.update(kwargs)
        ec2 = self.cloud.client("ec2", region)
        answer = ec2.copy_image(**params)
        return Image(self.cloud, answer["ImageId"], region, ec2)

    def deregister(self, delete_snapshots: bool = False) -> list:
        """DeregisterImage; running instances keep running. Its snapshots are kept unless
        ``delete_snapshots=True`` (DeleteAssociatedSnapshots). Returns DeleteSnapshotResults."""
        params: dict = {"ImageId": self.id}
        if delete_snapshots:
            params["DeleteAssociatedSnapshots"] = True
        return self._ec2.deregister_image(**params).get("DeleteSnapshotResults", [])

    def share(self, *account_ids: str, public: bool = False) -> Image:
        """ModifyImageAttribute launchPermission Add: accounts, or everyone (``public=True``)."""
        add = [{"UserId": a} for a in account_ids] + ([{"Group": "all"}] if public else [])
        self._ec2.modify_image_attribute(ImageId=self.id, LaunchPermission={"Add": add})
        return self

    def unshare(self, *account_ids: str, public: bool = False) -> Image:
        """ModifyImageAttribute launchPermission Remove."""
        remove = [{"UserId": a} for a in account_ids] + ([{"Group": "all"}] if public else [])
        self._ec2.modify_image_attribute(ImageId=self.id, LaunchPermission={"Remove": remove})
        return self

    def wait_until_available(self, **kwargs) -> Image:
        """The ``image_available`` waiter (in virtual time)."""
        return self._wait("image_available", kwargs)

    # --- display ---------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        from . import storage_display
        from .errors import ClientError

        try:
            d = self.describe()
        except ClientError as e:
            error = self._gone(e)
            return storage_display.gone_card("image", self.id, error["Code"], error.get("Message", ""), e.hint)
        return storage_display.image_card(d)
