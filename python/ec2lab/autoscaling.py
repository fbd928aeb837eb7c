"""Auto Scaling groups for notebooks: ``cloud.autoscaling_group(name)``.

No rules live here: every answer comes from the ``autoscaling`` service (DescribeAutoScalingGroups,
DescribeScalingActivities, ...). The object adds a table of members, the activity list and an
SVG timeline of capacity (desired vs in service) drawn from the activities.
"""
from __future__ import annotations

import html

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud


class AutoScalingGroup:
    """One Auto Scaling group: ``.describe()``, ``.instances``, ``.activities``,
    ``.set_desired_capacity(n)``, ``.update(**kwargs)``, ``.delete(force=...)``; shown in a notebook as a
    table of its instances and a timeline of its scaling activities."""

    def __init__(self, cloud: Cloud, name: str, region_name: str | None = None):
        self.cloud = cloud
        self.name = name
        self.region = region_name or cloud.region
        self._client = cloud.client("autoscaling", self.region)

    def __repr__(self) -> str:
        return f"AutoScalingGroup({self.name!r}, region={self.region!r})"

    def describe(self) -> dict:
        """DescribeAutoScalingGroups for this group (LookupError if there is none)."""
        found = self._client.describe_auto_scaling_groups(AutoScalingGroupNames=[self.name])["AutoScalingGroups"]
        if not found:  # DescribeAutoScalingGroups answers an empty list for an unknown name
            raise LookupError(f"no Auto Scaling group named {self.name!r} in {self.region}")
        return found[0]

    @property
    def arn(self) -> str:
        return self.describe()["AutoScalingGroupARN"]

    @property
    def desired_capacity(self) -> int:
        return self.describe()["DesiredCapacity"]

    @property
    def instances(self) -> list:
        """The members: dicts with InstanceId, AvailabilityZone, LifecycleState, HealthStatus."""
        return self.describe().get("Instances", [])

    def instance_ids(self, lifecycle_state: str | None = "InService") -> list:
        """Ids of the members in ``lifecycle_state`` (None: all)."""
        return [i["InstanceId"] for i in self.instances if lifecycle_state is None or i["LifecycleState"] == lifecycle_state]

    @property
    def activities(self) -> list:
        """DescribeScalingActivities, newest first (every page)."""
        out, token = [], None
        while True:
            kwargs = {"AutoScalingGroupName": self.name, "IncludeDeletedGroups": True}
            if token:
                kwargs["NextToken"] = token
            page = self._client.describe_scaling_activities(**kwargs)
            out.extend(page["Activities"])
            token = page.get("NextToken")
            if not token:
                return out

    def set_desired_capacity(self, n: int, honor_cooldown: bool = False) -> AutoScalingGroup:
        self._client.set_desired_capacity(AutoScalingGroupName=self.name, DesiredCapacity=n, HonorCooldown=honor_cooldown)
        return self

    def update(self, **kwargs) -> AutoScalingGroup:
        """UpdateAutoScalingGroup with boto3's parameters (MinSize=..., MaxSize=..., ...)."""
        self._client.update_auto_scaling_group(AutoScalingGroupName=self.name, **kwargs)
        return self

    def delete(self, force: bool = False) -> None:
        self._client.delete_auto_scaling_group(AutoScalingGroupName=self.name, ForceDelete=force)

    def wait_until_in_service(self, count: int | None = None, timeout: float = 900) -> AutoScalingGroup:
        """Advances virtual time until ``count`` (default: desired) members are InService and none
        is launching or terminating."""

        def done():
            g = self.describe()
            want = g["DesiredCapacity"] if count is None else count
            states = [i["LifecycleState"] for i in g.get("Instances", [])]
            return states.count("InService") == want and len(states) == want

        if not self.cloud.run_until(done, timeout=timeout):
            raise TimeoutError(f"{self.name} did not reach its capacity within {timeout} s of virtual time")
        return self

    # --- display -----------------------------------------------------------------------------
    def timeline(self) -> list:
        """(time, desired, in service) steps reconstructed from the activities, oldest first."""
        return capacity_steps(self.activities)

    def activity_svg(self, width: int = 640, height: int = 180) -> str:
        return activity_svg(self.activities, width, height, until=self.cloud.now.timestamp())

    def _repr_html_(self) -> str:
        try:
            g = self.describe()
        except Exception as e:  # a deleted group still shows its history
            return f"<div><b>{html.escape(self.name)}</b>: {html.escape(str(e))}</div>" + self.activity_svg()
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(i.get(k, '')))}</td>" for k in ("InstanceId", "AvailabilityZone", "LifecycleState", "HealthStatus")) + "</tr>"
            for i in g.get("Instances", [])
        )
        head = (
            f"<div><b>{html.escape(g['AutoScalingGroupName'])}</b> min {g['MinSize']} · desired {g['DesiredCapacity']} · max {g['MaxSize']}"
            f" · health check {html.escape(g['HealthCheckType'])} (grace {g['HealthCheckGracePeriod']} s)</div>"
        )
        table = "<table><tr><th>instance</th><th>AZ</th><th>lifecycle</th><th>health</th></tr>" + rows + "</table>"
        acts = self.activities[:8]
        recent = "".join(
            f"<li><code>{html.escape(_short_time(a.get('StartTime')))}</code> {html.escape(a['StatusCode'])}: {html.escape(a['Description'])}</li>" for a in acts
        )
        return head + table + self.activity_svg() + f"<div>Recent activities</div><ul>{recent}</ul>"


def _short_time(t) -> str:
    return t.strftime("%H:%M:%S") if hasattr(t, "strftime") else str(t or "")


def _ts(t) -> float:
    return t.timestamp() if hasattr(t, "timestamp") else 0.0


def capacity_steps(activities: list) -> list:
    """(seconds since the epoch, desired, in service) after each activity event, oldest first.

    Desired capacity comes from the causes' "changing the desired capacity from A to B"; in-service
    counts rise when a launch succeeds and fall when a termination starts (the instance leaves service then).
    """
    import re

    events = []
    for a in reversed(activities):  # DescribeScalingActivities lists the newest first
        start, end = _ts(a.get("StartTime")), _ts(a.get("EndTime")) if a.get("EndTime") else None
        m = re.search(r"changing the desired capacity from (\d+) to (\d+)", a.get("Cause", ""))
        if m:
            events.append((start, 0, "desired", int(m.group(2))))
        if a["Description"].startswith("Launching a new EC2 instance:") and a["StatusCode"] == "Successful" and end:
            events.append((end, 1, "up", 1))
        elif a["Description"].startswith("Terminating EC2 instance:"):
            events.append((start, 2, "down", 1))
    events.sort(key=lambda e: (e[0], e[1]))
    desired, serving, out = 0, 0, []
    for t, _, kind, n in events:
        if kind == "desired":
            desired = n
        elif kind == "up":
            serving += 1
        else:
            serving = max(0, serving - 1)
        out.append((t, desired, serving))
    return out


def activity_svg(activities: list, width: int = 640, height: int = 180, until: float | None = None) -> str:
    """An SVG step chart: desired capacity (dashed) and instances in service (solid) over time,
    with a tick per activity (green launch, red termination, grey failure); the lines run on to
    ``until`` (seconds since the epoch: the cloud's now), so a quiet stretch shows as one."""
    steps = capacity_steps(activities)
    if not steps:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40"><text x="8" y="24" font-size="12">no scaling activities yet</text></svg>'
    pad_l, pad_r, pad_t, pad_b = 36, 12, 12, 28
    t0, t1 = steps[0][0], max(steps[-1][0], steps[0][0] + 60, until or 0.0)
    top = max(max(d, s) for _, d, s in steps) or 1
    x = lambda t: pad_l + (t - t0) / (t1 - t0) * (width - pad_l - pad_r)  # noqa: E731
    y = lambda v: pad_t + (1 - v / top) * (height - pad_t - pad_b)  # noqa: E731

    def path(index: int) -> str:
        pts, prev = [], None
        for t, *vals in steps:
            v = vals[index]
            if prev is not None:
                pts.append(f"L{x(t):.1f},{y(prev):.1f}")
            pts.append(("M" if not pts else "L") + f"{x(t):.1f},{y(v):.1f}")
            prev = v
        pts.append(f"L{x(t1):.1f},{y(prev):.1f}")
        return " ".join(pts)

    ticks = []
    for a in activities:
        t = _ts(a.get("StartTime"))
        colour = "#888" if a["StatusCode"] == "Failed" else ("#2a7" if a["Description"].startswith("Launching") else "#c33")
        title = html.escape(f"{a['StatusCode']}: {a['Description']}\n{a.get('Cause', '')}")
        ticks.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{height - pad_b}" y2="{height - pad_b + 6}" stroke="{colour}"><title>{title}</title></line>')
    grid = "".join(
        f'<text x="{pad_l - 6}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end">{v}</text>' for v in range(0, top + 1, max(1, top // 4))
    )
    minutes = (t1 - t0) / 60
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">'
        f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{height - pad_b}" y2="{height - pad_b}" stroke="#999"/>{grid}'
        f'<path d="{path(0)}" fill="none" stroke="#36c" stroke-dasharray="5,3" stroke-width="2"><title>desired capacity</title></path>'
        f'<path d="{path(1)}" fill="none" stroke="#2a7" stroke-width="2"><title>instances in service</title></path>'
        + "".join(ticks)
        + f'<text x="{pad_l}" y="{height - 6}" font-size="10">0 min</text>'
        f'<text x="{width - pad_r}" y="{height - 6}" font-size="10" text-anchor="end">{minutes:.0f} min</text>'
        f'<text x="{width - pad_r}" y="{pad_t + 10}" font-size="10" text-anchor="end">— in service  - - desired</text></svg>'
    )
