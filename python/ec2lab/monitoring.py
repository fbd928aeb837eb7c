"""CloudWatch metrics for notebooks: ``instance.set_load(...)``, ``instance.metrics(...)``,
``cloud.metric(...)``. Every number comes from the core (``GetMetricStatistics`` and ec2lab's
``SetLoad``); this module only converts and draws (a hand-drawn SVG line chart, no matplotlib).
"""
from __future__ import annotations

import datetime as _dt
import html as _html

from . import i18n

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud

_EC2_DEFAULT = ("CPUUtilization", "NetworkIn", "NetworkOut")
_CARD = "border:1px solid #d5dbdb;border-radius:6px;padding:8px 12px;margin:4px 0;font-family:sans-serif;font-size:13px"


def _esc(s) -> str:
    return _html.escape(str(s))


def _as_datetime(value, now: _dt.datetime) -> _dt.datetime:
    """``None`` → now; a number → that many seconds before now (``-3600`` or ``3600`` both mean an hour ago); a datetime as is."""
    if value is None:
        return now
    if isinstance(value, (int, float)):
        return now - _dt.timedelta(seconds=abs(value))
    if isinstance(value, _dt.timedelta):
        return now - abs(value)
    return value


def _dimensions(dimensions) -> list:
    if not dimensions:
        return []
    if isinstance(dimensions, dict):
        return [{"Name": str(k), "Value": str(v)} for k, v in dimensions.items()]
    return list(dimensions)


class MetricSeries:
    """One metric's datapoints for one statistic: ``.points`` is ``[(datetime, value), ...]``,
    oldest first; ``.values``, ``.timestamps``; in a notebook a line chart (SVG)."""

    def __init__(self, namespace: str, name: str, dimensions: list, statistic: str, period: int, unit: str | None, points: list):
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions
        self.statistic = statistic
        self.period = period
        self.unit = unit
        self.points = points

    @property
    def values(self) -> list:
        return [v for _, v in self.points]

    @property
    def timestamps(self) -> list:
        return [t for t, _ in self.points]

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self):
        return iter(self.points)

    def __repr__(self) -> str:
        dims = ",".join(f"{d['Name']}={d['Value']}" for d in self.dimensions)
        return f"<MetricSeries {self.namespace} {self.name} {dims} {self.statistic}/{self.period}s: {len(self.points)} points>"

    def svg(self, width: int = 560, height: int = 180) -> str:
        return line_chart_svg([self], width, height)

    def _repr_html_(self) -> str:
        dims = ", ".join(f"{_esc(d['Name'])}={_esc(d['Value'])}" for d in self.dimensions)
        unit = f" ({_esc(self.unit)})" if self.unit else ""
        empty = i18n.pick("No datapoints in this range.", "이 범위에 데이터 포인트가 없습니다.")
        body = self.svg() if self.points else f"<i>{empty}</i>"
        return f'<div style="{_CARD}"><b>{_esc(self.namespace)} · {_esc(self.name)}</b>{unit} <span style="color:#687078">{dims} · {_esc(self.statistic)} / {self.period} s</span><br>{body}</div>'


class MetricSet(dict):
    """Several series by metric name (``instance.metrics()``); in a notebook one chart each."""

    def _repr_html_(self) -> str:
        return "".join(s._repr_html_() for s in self.values())


def line_chart_svg(series: list, width: int = 560, height: int = 180) -> str:
    """A small line chart of one or more ``MetricSeries`` (shared time axis, one colour each)."""
    colours = ["#1a73e8", "#d13212", "#1d8102", "#b36b00", "#8a1c9b"]
    pts = [p for s in series for p in s.points]
    left, right, top, bottom = 56, 12, 10, 28
    w, h = width - left - right, height - top - bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="10" class="ec2lab-metric-chart">']
    parts.append(f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="#fafafa" stroke="#d5dbdb"/>')
    if not pts:
        parts.append("</svg>")
        return "".join(parts)
    t0 = min(t for t, _ in pts).timestamp()
    t1 = max(t for t, _ in pts).timestamp()
    span = max(t1 - t0, 1.0)
    vmax = max(v for _, v in pts)
    vmin = min(0.0, min(v for _, v in pts))
    if vmax <= vmin:
        vmax = vmin + 1.0
    if all(s.unit == "Percent" for s in series) and vmax <= 100:
        vmax = 100.0

    def x(t) -> float:
        return left + (t.timestamp() - t0) / span * w

    def y(v) -> float:
        return top + h - (v - vmin) / (vmax - vmin) * h

    for frac in (0.0, 0.5, 1.0):
        v = vmin + frac * (vmax - vmin)
        yy = y(v)
        parts.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + w}" y2="{yy:.1f}" stroke="#eaeded"/>')
        parts.append(f'<text x="{left - 4}" y="{yy + 3:.1f}" text-anchor="end">{_esc(_short(v))}</text>')
    first, last = min(t for t, _ in pts), max(t for t, _ in pts)
    parts.append(f'<text x="{left}" y="{height - 8}">{_esc(first.strftime("%m-%d %H:%M"))}</text>')
    parts.append(f'<text x="{left + w}" y="{height - 8}" text-anchor="end">{_esc(last.strftime("%m-%d %H:%M"))} UTC</text>')
    for k, s in enumerate(series):
        c = colours[k % len(colours)]
        coords = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in s.points)
        if len(s.points) > 1:
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{c}" stroke-width="1.5"/>')
        for t, v in s.points if len(s.points) <= 60 else []:
            parts.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="2" fill="{c}"><title>{_esc(t.strftime("%H:%M"))}: {_esc(_short(v))}</title></circle>')
        if len(series) > 1:
            parts.append(f'<text x="{left + 6}" y="{top + 12 + 12 * k}" fill="{c}">{_esc(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(v: float) -> str:
    a = abs(v)
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if a >= div:
            return f"{v / div:.1f}{unit}"
    return f"{v:.3g}" if a < 100 else f"{v:.0f}"


def metric(cloud: Cloud, namespace: str, name: str, dimensions=None, *, statistic: str = "Average", period: int = 300, start=None, end=None,
           region_name: str | None = None) -> MetricSeries:
    """GetMetricStatistics for one statistic as a ``MetricSeries``. ``start``/``end``: datetimes, or
    seconds before now (``start=3600`` = the last hour; default: the last 3 hours)."""
    now = cloud.now
    end_t = _as_datetime(end, now)
    start_t = _as_datetime(3 * 3600 if start is None else start, now)
    dims = _dimensions(dimensions)
    cw = cloud.client("cloudwatch", region_name)
    params = {"Namespace": namespace, "MetricName": name, "Dimensions": dims, "StartTime": start_t, "EndTime": end_t, "Period": int(period)}
    if statistic.startswith("p"):
        params["ExtendedStatistics"] = [statistic]
    else:
        params["Statistics"] = [statistic]
    r = cw.get_metric_statistics(**params)
    rows = sorted(r["Datapoints"], key=lambda d: d["Timestamp"])
    unit = rows[0]["Unit"] if rows else None
    if statistic.startswith("p"):
        pts = [(d["Timestamp"], d["ExtendedStatistics"][statistic]) for d in rows if statistic in d.get("ExtendedStatistics", {})]
    else:
        pts = [(d["Timestamp"], d[statistic]) for d in rows]
    return MetricSeries(namespace, name, dims, statistic, int(period), unit, pts)


def instance_metrics(instance, names=None, *, statistic: str = "Average", period: int | None = None, start=None, end=None):
    """The instance's AWS/EC2 metrics: one name → a ``MetricSeries``; several (default CPU and
    network) → a ``MetricSet``. The period defaults to 60 s with detailed monitoring, else 300 s."""
    if period is None:
        period = 60 if instance.describe().get("Monitoring", {}).get("State") == "enabled" else 300
    single = isinstance(names, str)
    wanted = [names] if single else list(names or _EC2_DEFAULT)
    out = MetricSet()
    for n in wanted:
        stat = "Sum" if n.startswith("Network") and statistic == "Average" else statistic
        out[n] = metric(instance.cloud, "AWS/EC2", n, {"InstanceId": instance.id}, statistic=stat, period=period, start=start, end=end, region_name=instance.region)
    return out[wanted[0]] if single else out


def set_load(instance, cpu: float = 0.0, network_in: float = 0.0, network_out: float = 0.0) -> dict:
    """ec2lab's ``SetLoad``: from now on the instance's workload wants ``cpu`` % of the instance
    and moves ``network_in``/``network_out`` bytes per second (replacing the previous load)."""
    r = instance._ec2lab().set_load(InstanceId=instance.id, Cpu=float(cpu), NetworkIn=float(network_in), NetworkOut=float(network_out))
    r.pop("ResponseMetadata", None)
    return r
