"""Purchase options for notebooks: Spot requests and prices, Reserved Instances.

Thin helpers over the door (``cloud.client("ec2")``); every rule lives in the Rust core
(``src/purchase``). A Spot Instance reads its interruption notice the way a program on it would:
``instance.metadata("spot/instance-action")`` returns ``(404, ...)`` until EC2 gives the
two-minute notice, then ``(200, '{"action": "terminate", "time": "...Z"}')``.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only; importing typing would slow `import ec2lab`
    from .cloud import Cloud
    from .instance import Instance


def spot_prices(cloud: Cloud, instance_type: str, *, az: str | None = None, hours: float = 24, region_name: str | None = None) -> list:
    """The Spot price history of one type for the last ``hours`` (DescribeSpotPriceHistory),
    oldest first, as ``(datetime, az, price)`` tuples."""
    import datetime as _dt

    ec2 = cloud.client("ec2", region_name)
    params: dict = {"InstanceTypes": [instance_type], "ProductDescriptions": ["Linux/UNIX"],
                    "StartTime": cloud.now - _dt.timedelta(hours=hours), "EndTime": cloud.now}
    if az:
        params["AvailabilityZone"] = az
    rows = ec2.describe_spot_price_history(**params)["SpotPriceHistory"]
    return sorted((r["Timestamp"], r["AvailabilityZone"], float(r["SpotPrice"])) for r in rows)


def current_spot_price(cloud: Cloud, instance_type: str, az: str, region_name: str | None = None) -> float:
    """The Spot price in effect now in one AZ (USD per hour)."""
    rows = spot_prices(cloud, instance_type, az=az, hours=0, region_name=region_name)
    return rows[-1][2]


class SpotRequest:
    """One Spot Instance request; every property asks the core afresh."""

    def __init__(self, cloud: Cloud, request_id: str, region_name: str | None = None):
        self.cloud = cloud
        self.id = request_id
        self.region = region_name or cloud.region
        self._ec2 = cloud.client("ec2", self.region)

    def __repr__(self) -> str:
        return f"SpotRequest({self.id!r})"

    def describe(self) -> dict:
        """The request as DescribeSpotInstanceRequests returns it."""
        return self._ec2.describe_spot_instance_requests(SpotInstanceRequestIds=[self.id])["SpotInstanceRequests"][0]

    @property
    def state(self) -> str:
        """``open``, ``active``, ``closed``, ``cancelled``, ``failed`` or ``disabled``."""
        return self.describe()["State"]

    @property
    def status(self) -> str:
        """The status code: ``pending-evaluation``, ``fulfilled``, ``price-too-low``,
        ``marked-for-termination``, ``instance-terminated-by-price`` ..."""
        return self.describe()["Status"]["Code"]

    @property
    def instance(self) -> Instance | None:
        """The request's (latest) instance, once fulfilled."""
        from .instance import Instance

        iid = self.describe().get("InstanceId")
        return Instance(self.cloud, iid, self.region) if iid else None

    def cancel(self) -> SpotRequest:
        """CancelSpotInstanceRequests: the request stops; a running instance keeps running."""
        self._ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[self.id])
        return self


def request_spot(cloud: Cloud, image: str = "al2023", instance_type: str = "m5.large", *, max_price: float | None = None, persistent: bool = False,
                 interruption: str = "terminate", az: str | None = None, count: int = 1, region_name: str | None = None) -> list:
    """RequestSpotInstances: ``count`` requests (one instance each). ``max_price`` defaults to the
    on-demand price (AWS's default); ``interruption`` is ``terminate``, ``stop`` or ``hibernate``
    (the last two need ``persistent=True``). Returns ``SpotRequest`` objects; EC2 evaluates them
    a few virtual seconds later."""
    from .instance import resolve_image

    spec: dict = {"ImageId": resolve_image(cloud, image, region_name), "InstanceType": instance_type}
    if az:
        spec["Placement"] = {"AvailabilityZone": az}
    params: dict = {"LaunchSpecification": spec, "InstanceCount": count, "Type": "persistent" if persistent else "one-time",
                    "InstanceInterruptionBehavior": interruption}
    if max_price is not None:
        params["SpotPrice"] = f"{max_price:.6f}"
    reqs = cloud.client("ec2", region_name).request_spot_instances(**params)["SpotInstanceRequests"]
    return [SpotRequest(cloud, r["SpotInstanceRequestId"], region_name) for r in reqs]


def reserved_offerings(cloud: Cloud, instance_type: str, *, offering_class: str = "standard", years: int = 1, scope: str = "Region",
                       product: str = "Linux/UNIX", region_name: str | None = None) -> list:
    """DescribeReservedInstancesOfferings for one type: the three payment options of one class,
    term and scope (``Region`` or ``Availability Zone``). Prices are ec2lab's estimates."""
    seconds = 31_536_000 * (3 if years == 3 else 1)
    return cloud.client("ec2", region_name).describe_reserved_instances_offerings(
        InstanceType=instance_type, OfferingClass=offering_class, ProductDescription=product, MinDuration=seconds, MaxDuration=seconds,
        Filters=[{"Name": "scope", "Values": [scope]}])["ReservedInstancesOfferings"]


def buy_reserved(cloud: Cloud, offering_id: str, count: int = 1, region_name: str | None = None) -> dict:
    """PurchaseReservedInstancesOffering, then the purchase as DescribeReservedInstances shows it."""
    ec2 = cloud.client("ec2", region_name)
    rid = ec2.purchase_reserved_instances_offering(ReservedInstancesOfferingId=offering_id, InstanceCount=count)["ReservedInstancesId"]
    return ec2.describe_reserved_instances(ReservedInstancesIds=[rid])["ReservedInstances"][0]
