"""``Cloud``: one simulated AWS account with every modelled region, on a virtual clock."""
from __future__ import annotations

import datetime as _dt

from . import _core

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only; importing typing would slow `import ec2lab`
    from typing import Callable

    from .image import Image
    from .instance import Instance, InstanceList
    from .snapshot import Snapshot
    from .volume import Volume
    from .network import ElasticIp, Reachability, Vpc
    from .security import KeyPair, SecurityGroup
    from .elb import LoadBalancer, TargetGroup
    from .billing import Bill, LightsailComparison
    from .alarms import Alarm, Inbox
    from .autoscaling import AutoScalingGroup

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def _iso(ms: int) -> str:
    return (_EPOCH + _dt.timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Cloud:
    """A simulated AWS account: every modelled region, one virtual clock, one event queue.

    ``region`` is the default region of the clients it makes. The same ``seed`` and the same
    calls give the same ids, addresses, timings and bills.
    """

    def __init__(self, region: str = "us-east-1", seed: int = 0):
        self._core = _core.Core(seed)
        self.region = _check_region(region)

    @property
    def seed(self) -> int:
        return self._core.seed

    @property
    def now(self) -> _dt.datetime:
        """Virtual time, as an aware UTC datetime."""
        return _EPOCH + _dt.timedelta(milliseconds=self._core.now_ms())

    def client(self, service: str, region_name: str | None = None):
        """A boto3-style client, e.g. ``cloud.client("ec2")``; ``region_name`` defaults to the cloud's region."""
        from .client import make_client

        # Like boto3, a client for an unknown region is created; its first call is refused with
        # InvalidRegion (and a hint listing the modelled regions).
        return make_client(self, service, region_name or self.region)

    def advance(self, seconds: float) -> int:
        """Moves virtual time forward by ``seconds``, running every event due on the way.

        Returns the number of events that ran (0 if nothing was scheduled)."""
        return self._core.advance(float(seconds))

    def run_until(self, predicate: Callable[[], object], timeout: float = 600) -> bool:
        """Advances from event to event until ``predicate()`` is true; returns True.

        Never goes past ``now + timeout`` seconds of virtual time; raises ``TimeoutError``
        if the condition is still false there."""
        for _now, stop in self._stops(predicate, timeout):
            self._core.advance_to(stop)
        return True

    def _stops(self, predicate: Callable[[], object], timeout: float):
        """The virtual instants to advance to, one after another, until ``predicate()`` holds;
        raises ``TimeoutError`` at ``now + timeout``. Yields ``(now_ms, stop_ms)``."""
        core = self._core
        deadline = core.now_ms() + _timeout_ms(timeout)
        while not predicate():
            now = core.now_ms()
            if now >= deadline:
                raise self._timeout(timeout)
            yield now, self._next_stop(now, deadline)

    async def wait_until(self, predicate: Callable[[], object], timeout: float = 600, speed: float | None = None) -> bool:
        """``run_until`` for an asyncio event loop (e.g. a Jupyter cell: ``await cloud.wait_until(...)``).

        ``speed=None`` runs as fast as possible, yielding to the event loop between events;
        ``speed=N`` is real-time mode, N virtual seconds per real second (so progress can be
        watched); cancelling the task stops it within a quarter of a second."""
        import asyncio

        core = self._core
        if speed is not None and not speed > 0:
            raise ValueError(f"speed must be > 0 (virtual seconds per real second), not {speed!r}")
        for now, stop in self._stops(predicate, timeout):
            if speed is None:
                core.advance_to(stop)
                await asyncio.sleep(0)
            else:
                await core.advance_paced((stop - now) / 1000.0, float(speed))
        return True

    # --- recording and replay (src/record) ------------------------------------------------
    def save(self, path) -> str:
        """Writes this cloud's recording to ``path`` (JSON): the seed, every call made through
        any surface (refused ones too) and every step of virtual time, in order, and a digest of
        the state they lead to. ``Cloud.load`` replays it. Returns the path."""
        text = self._core.recording(self.region)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return str(path)

    @classmethod
    def load(cls, path, *, seed: int | None = None) -> Cloud:
        """Replays a saved recording in a fresh cloud and returns it.

        Every call must end as it did when recorded (success with the same response, or the
        same error code), every step of time must run the same events, and the final state must
        have the recorded digest; otherwise ``ec2lab.ReplayError`` says which entry does not
        match (``entry``, ``expected``, ``got``). ``seed=N`` also refuses a recording made with
        another seed. The file is parsed as JSON data only: nothing in it is ever executed."""
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8")
        except UnicodeDecodeError as e:
            raise _replay_error("the file", "UTF-8 JSON text", f"undecodable bytes at offset {e.start}", "The file is not an ec2lab recording.") from None
        core, region = _core.Core.replay(text, seed)
        cloud = cls.__new__(cls)
        cloud._core = core
        cloud.region = region
        return cloud

    @property
    def digest(self) -> str:
        """SHA-256 of the simulated world's state (``sha256:...``), as ``save`` records it."""
        return self._core.digest()

    # --- notebook objects (python/ec2lab/instance.py) ----------------------------------------
    def run_instance(self, image: str = "al2023", instance_type: str = "t2.micro", *, tags: dict | None = None, region_name: str | None = None, **kwargs) -> Instance:
        """Launches one instance (RunInstances) and returns it as an ``Instance``.

        ``image`` is an AMI id (``"ami-..."``, passed through) or an alias resolved with
        DescribeImages name filters, the newest match: ``"al2023"``, ``"al2023-arm"``, ``"al2"``,
        ``"al2-arm"``, ``"ubuntu-24.04"``, ``"ubuntu-24.04-arm"``, ``"ubuntu-22.04"``,
        ``"ubuntu-22.04-arm"``, ``"windows-2022"``, ``"rhel-9"``. Other keyword arguments are
        boto3's RunInstances parameters, unchanged (``KeyName=...``,
        ``InstanceInitiatedShutdownBehavior="terminate"`` ...); ``tags={"Name": "web"}`` becomes
        TagSpecifications for the instance."""
        return self.run_instances(1, image, instance_type, tags=tags, region_name=region_name, **kwargs)[0]

    def run_instances(self, count: int, image: str = "al2023", instance_type: str = "t2.micro", *, tags: dict | None = None, region_name: str | None = None, **kwargs) -> InstanceList:
        """Launches ``count`` instances in one RunInstances call (MinCount = MaxCount = count);
        the arguments are those of ``run_instance``. Returns an ``InstanceList``."""
        from .instance import launch

        return launch(self, count, image, instance_type, region_name, tags, kwargs)

    def instance(self, instance_id: str, region_name: str | None = None) -> Instance:
        """The ``Instance`` with this id (checked with DescribeInstances: an unknown id raises
        ClientError ``InvalidInstanceID.NotFound``)."""
        from .instance import Instance

        found = Instance(self, instance_id, region_name)
        found.describe()
        return found

    def instances(self, *, region_name: str | None = None, **filters) -> InstanceList:
        """The instances DescribeInstances returns, as an ``InstanceList``.

        Keyword arguments are boto3's (``Filters=[...]``, ``InstanceIds=[...]``), or filters
        written as keywords: ``instance_state_name="running"`` is the filter
        ``instance-state-name``, ``tags={"Name": "web"}`` filters on tags, and
        ``filters={"tag:env": ["lab"]}`` takes filter names as AWS spells them."""
        from .instance import find

        return find(self, region_name, filters)

    # --- storage objects (python/ec2lab/volume.py, snapshot.py, image.py) ---------------------
    def create_volume(self, size: int | None = None, volume_type: str | None = None, *, az: str | None = None, snapshot=None, iops: int | None = None,
                      throughput: int | None = None, encrypted: bool | None = None, tags: dict | None = None, region_name: str | None = None, **kwargs) -> Volume:
        """CreateVolume and the ``Volume`` it made (``creating``, then ``available``). ``az``
        defaults to the region's first Availability Zone; ``snapshot`` (a ``Snapshot`` or id)
        restores one; other keywords are boto3's parameters."""
        from .volume import create

        return create(self, size, volume_type, az, snapshot, iops, throughput, encrypted, tags, region_name, kwargs)

    def volume(self, volume_id: str, region_name: str | None = None) -> Volume:
        """The ``Volume`` with this id (checked: an unknown id raises ``InvalidVolume.NotFound``)."""
        from .volume import Volume

        found = Volume(self, volume_id, region_name)
        found.describe()
        return found

    def volumes(self, *, region_name: str | None = None, **filters) -> list:
        """The volumes DescribeVolumes returns (boto3 parameters, or filters as keywords:
        ``status="available"``, ``tags={"Name": "data"}``)."""
        from .volume import find

        return find(self, region_name, filters)

    def snapshot(self, snapshot_id: str, region_name: str | None = None) -> Snapshot:
        """The ``Snapshot`` with this id (checked: an unknown id raises ``InvalidSnapshot.NotFound``)."""
        from .snapshot import Snapshot

        found = Snapshot(self, snapshot_id, region_name)
        found.describe()
        return found

    def snapshots(self, *, region_name: str | None = None, **filters) -> list:
        """The account's snapshots (DescribeSnapshots with OwnerIds=["self"] unless given)."""
        from .snapshot import find

        return find(self, region_name, filters)

    def image(self, image_id: str, region_name: str | None = None) -> Image:
        """The ``Image`` with this id (checked: an unknown id raises ``InvalidAMIID.NotFound``)."""
        from .image import Image

        found = Image(self, image_id, region_name)
        found.describe()
        return found

    def images(self, owners=None, *, region_name: str | None = None, **filters) -> list:
        """The images DescribeImages returns: ``owners=["self"]`` for the account's own AMIs;
        filters as keywords (``name="web-*"``) or boto3 parameters."""
        from .image import find

        return find(self, region_name, owners, filters)
    # --- key pairs (python/ec2lab/security.py) ---------------------------------------------
    def create_key_pair(self, name: str, key_type: str = "rsa", key_format: str = "pem", *, tags: dict | None = None, region_name: str | None = None) -> KeyPair:
        """CreateKeyPair: ``key_type`` ``"rsa"`` (2048 bits) or ``"ed25519"``, ``key_format``
        ``"pem"`` (OpenSSH) or ``"ppk"`` (PuTTY). The ``KeyPair`` holds the private key (AWS returns
        it only this once): ``.save()`` writes it with mode 0o400."""
        from .security import create_key_pair

        return create_key_pair(self, name, key_type, key_format, tags, region_name)

    def import_key_pair(self, name: str, public_key, *, region_name: str | None = None) -> KeyPair:
        """ImportKeyPair: ``public_key`` is the text (or bytes) of a ``.pub`` file."""
        from .security import import_key_pair

        return import_key_pair(self, name, public_key, region_name)

    def key_pairs(self, *, region_name: str | None = None) -> list:
        """Every key pair of the region (DescribeKeyPairs), as ``KeyPair`` objects."""
        from .security import key_pairs

        return key_pairs(self, region_name)

    # --- networking and security (python/ec2lab/network.py, security.py) -----------------------
    def create_vpc(self, cidr: str, *, name: str | None = None, region_name: str | None = None) -> Vpc:
        """CreateVpc (a /16 to /28 IPv4 block); ``name`` becomes its Name tag."""
        from .network import Vpc, _name_spec

        region = region_name or self.region
        answer = self.client("ec2", region).create_vpc(CidrBlock=cidr, **_name_spec("vpc", name))
        return Vpc(self, answer["Vpc"]["VpcId"], region)

    def default_vpc(self, *, region_name: str | None = None) -> Vpc:
        """The region's default VPC (172.31.0.0/16, a public /20 subnet per AZ)."""
        from .network import Vpc

        region = region_name or self.region
        found = self.client("ec2", region).describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
        if not found:
            raise LookupError(f"{region} has no default VPC")
        return Vpc(self, found[0]["VpcId"], region)

    def vpcs(self, *, region_name: str | None = None) -> list:
        from .network import Vpc

        region = region_name or self.region
        return [Vpc(self, v["VpcId"], region) for v in self.client("ec2", region).describe_vpcs()["Vpcs"]]

    def create_security_group(self, name: str, description: str, vpc=None, *, region_name: str | None = None) -> SecurityGroup:
        """CreateSecurityGroup in ``vpc`` (a ``Vpc`` or an id; default: the default VPC). A new
        group allows nothing in and everything out."""
        from .security import create_security_group

        return create_security_group(self, name, description, vpc, region_name or self.region)

    def security_group(self, group_id: str, *, region_name: str | None = None) -> SecurityGroup:
        from .security import SecurityGroup

        found = SecurityGroup(self, group_id, region_name)
        found.describe()
        return found

    def allocate_elastic_ip(self, *, region_name: str | None = None) -> ElasticIp:
        """AllocateAddress: a public IPv4 the account keeps until it releases it (5 per region)."""
        from .network import ElasticIp

        region = region_name or self.region
        answer = self.client("ec2", region).allocate_address(Domain="vpc")
        return ElasticIp(self, answer["AllocationId"], region)

    def can_connect(self, source, destination, port=None, protocol: str = "tcp", *, region_name: str | None = None, **extra) -> Reachability:
        """May this traffic pass? (ec2lab's ``CanConnect``.) ``source``/``destination``: an
        ``Instance``, ``"internet"``, ``"my_ip"``, an id (``i-…``, ``eni-…``, ``igw-…``) or an
        address. The answer has ``.allowed``, ``.hops``, ``.blocked_by`` and ``.hint``, and shows
        the path in a notebook."""
        from .network import can_connect

        return can_connect(self, source, destination, port, protocol, region_name, **extra)

    # --- load balancing (python/ec2lab/elb.py) ------------------------------------------------
    def load_balancer(self, name_or_arn: str, *, region_name: str | None = None) -> LoadBalancer:
        """The ``LoadBalancer`` with this name or ARN (DescribeLoadBalancers; unknown:
        ClientError ``LoadBalancerNotFound``): ``.request(path)``, ``.send_traffic(...)``,
        ``.serve_http()``, ``.wait_until_active()``."""
        from .elb import LoadBalancer

        return LoadBalancer._find(self, name_or_arn, region_name)

    def target_group(self, name_or_arn: str, *, region_name: str | None = None) -> TargetGroup:
        """The ``TargetGroup`` with this name or ARN: ``.register(...)``, ``.health()``."""
        from .elb import TargetGroup

        return TargetGroup._find(self, name_or_arn, region_name)

    def serve_on_launch(self, launch_template: str, port: int, app=None, *, upstream: str | None = None, region_name: str | None = None) -> dict:
        """What a launch template's user data would start: every instance an Auto Scaling group
        launches from ``launch_template`` (name or ``lt-`` id) serves ``app`` on ``port`` from boot
        (same forms as ``instance.serve``)."""
        from .elb import serve_on_launch

        return serve_on_launch(self, launch_template, port, app, upstream, region_name)

    # --- auto scaling (python/ec2lab/autoscaling.py) ------------------------------------------
    def autoscaling_group(self, name: str, *, region_name: str | None = None) -> AutoScalingGroup:
        """The ``AutoScalingGroup`` named ``name``: ``.instances``, ``.activities``,
        ``.set_desired_capacity(n)``; in a notebook a member table and a capacity timeline."""
        from .autoscaling import AutoScalingGroup

        return AutoScalingGroup(self, name, region_name)

    # --- CloudWatch metrics (python/ec2lab/monitoring.py) ---------------------------------------
    def metric(self, namespace: str, name: str, dimensions=None, *, statistic: str = "Average", period: int = 300, start=None, end=None,
               region_name: str | None = None):
        """One CloudWatch metric (GetMetricStatistics) as a ``MetricSeries``: ``.points``, and in a
        notebook a line chart. ``dimensions`` as a dict (``{"InstanceId": "i-..."}``); ``start``
        and ``end`` as datetimes or seconds before now (default: the last 3 hours)."""
        from .monitoring import metric

        return metric(self, namespace, name, dimensions, statistic=statistic, period=period, start=start, end=end, region_name=region_name)

    # --- alarms and the inbox (python/ec2lab/alarms.py) -----------------------------------------
    def alarm(self, name: str, *, region_name: str | None = None) -> Alarm:
        """The CloudWatch alarm ``name``: ``.state``, ``.reason``, ``.history()``, ``.set_state(...)``;
        in a notebook its rule and a state timeline drawn from DescribeAlarmHistory."""
        from .alarms import Alarm

        return Alarm(self, name, region_name or self.region)

    def inbox(self, address: str) -> Inbox:
        """The simulated mailbox of ``address`` (ec2lab's ``Inbox``): what SNS delivered to it, oldest
        first, each with ``.subject``, ``.body``, ``.time``; ``mail.confirm()`` confirms a subscription."""
        from .alarms import inbox

        return inbox(self, address)

    # --- purchase options (python/ec2lab/purchase.py) -------------------------------------------
    def request_spot(self, image: str = "al2023", instance_type: str = "m5.large", **kwargs) -> list:
        """RequestSpotInstances; see ``ec2lab.purchase.request_spot`` (max_price, persistent,
        interruption, az, count). Returns ``SpotRequest`` objects."""
        from .purchase import request_spot

        return request_spot(self, image, instance_type, **kwargs)

    def spot_prices(self, instance_type: str, **kwargs) -> list:
        """The Spot price history of a type, oldest first: ``(time, az, price)``."""
        from .purchase import spot_prices

        return spot_prices(self, instance_type, **kwargs)

    # --- the bill (python/ec2lab/billing.py) --------------------------------------------------
    def bill(self, since=None, until=None, *, free_tier: bool = True) -> Bill:
        """The itemised bill of ``[since, until)`` (datetimes; default: from the account's start
        to now), like an AWS bill: ``.total``, ``.lines``, ``.by_resource()``, ``.forecast(hours=...)``;
        a table and a breakdown chart in a notebook. Computed by the core (ec2lab ``GetBill``)."""
        from .billing import bill

        return bill(self, since, until, free_tier=free_tier)

    def forecast_bill(self, hours: float, *, free_tier: bool = True) -> Bill:
        """If you leave everything as it is now: the bill of the next ``hours`` (ec2lab ``ForecastBill``)."""
        from .billing import forecast_bill

        return forecast_bill(self, hours, free_tier=free_tier)

    def lightsail_comparison(self, *, region_name: str | None = None) -> LightsailComparison:
        """Lightsail's fixed monthly bundles next to the same machine on EC2 for a month."""
        from .billing import lightsail_comparison

        return lightsail_comparison(self, region_name)

    def purchase_savings_plan(self, commitment: float, term_years: int = 1, payment_option: str = "No Upfront") -> str:
        """Commits ``commitment`` USD per hour to a Compute Savings Plan; returns its id."""
        from .billing import purchase_savings_plan

        return purchase_savings_plan(self, commitment, term_years, payment_option)

    def _next_stop(self, now: int, deadline: int) -> int:
        nxt = self._core.next_event_ms()
        return deadline if nxt is None else min(max(nxt, now), deadline)

    def _timeout(self, timeout: float) -> TimeoutError:
        idle = self._core.next_event_ms() is None
        tail = " Nothing else is scheduled, so waiting longer would not change anything." if idle else ""
        return TimeoutError(
            f"The condition was still false after {timeout:g} seconds of virtual time "
            f"(virtual time is now {_iso(self._core.now_ms())}).{tail}"
        )

    def __repr__(self) -> str:
        return f"Cloud(region={self.region!r}, seed={self.seed}, now={_iso(self._core.now_ms())})"


def _timeout_ms(timeout: float) -> int:
    t = float(timeout)
    if not t >= 0 or t == float("inf"):
        raise ValueError(f"timeout must be a finite number of seconds >= 0, not {timeout!r}")
    return round(t * 1000)


def _replay_error(subject: str, expected: str, got: str, reason: str):
    err = _core.ReplayError(f"{subject}: expected {expected}, got {got}. {reason}")
    err.entry, err.entries, err.subject, err.expected, err.got, err.reason = None, 0, subject, expected, got, reason
    return err


def _check_region(name: str) -> str:
    """A region the core models, or a ValueError that lists them: a Cloud's default region is
    used by every client and object, so a typo there is named at once."""
    regions = _core.Core.regions()
    if name not in regions:
        raise ValueError(f"Unknown region {name!r}: ec2lab models {', '.join(regions)}.")
    return name
