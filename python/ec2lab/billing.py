"""The bill: ``cloud.bill(since=..., until=...)`` and ``cloud.forecast_bill(hours=...)``.

Everything is computed by the core (ec2lab's ``GetBill`` / ``ForecastBill``); this module only
groups and draws. ``Bill`` has ``.total``, ``.lines``, ``.by_resource()``, ``.forecast(hours=...)``,
an HTML table in notebooks and ``.svg()``, a breakdown bar chart.
"""
from __future__ import annotations

import html

from . import _core, errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud

# Usage-type fragments -> the groups of the breakdown chart, in drawing order.
_GROUPS = (
    ("Compute", ("BoxUsage", "SpotUsage", "HeavyUsage", "CPUCredits", "ComputeSP")),
    ("EBS volumes", ("EBS:Volume",)),
    ("Snapshots", ("EBS:Snapshot",)),
    ("Public IPv4", ("PublicIPv4",)),
    ("Load balancers", ("LoadBalancerUsage", "LCUUsage")),
)
_COLORS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1")


def _call(cloud: Cloud, region: str, op: str, params: dict) -> dict:
    from .client import _to_wire

    core = cloud._core
    try:
        return core.call("ec2lab", region, op, _to_wire(params))
    except _core.CoreError as e:
        raise errors.from_core(e, op, core.request_id) from None


def group_of(usage_type: str) -> str:
    for name, parts in _GROUPS:
        if any(p in usage_type for p in parts):
            return name
    return "Other"


class Bill:
    """An itemised bill for a window of virtual time (or a forecast of the next hours)."""

    def __init__(self, cloud: Cloud, answer: dict, region: str):
        self.cloud = cloud
        self.region = region
        self.answer = answer
        self.since = answer["Since"]
        self.until = answer["Until"]
        self.total = answer["Total"]
        self.charges = answer["Charges"]
        self.credits = answer["Credits"]
        self.savings = answer["Savings"]
        self.estimated = answer["Estimated"]
        self.not_modelled = answer["NotModelled"]
        self.price_sources = answer["PriceSources"]
        self.hours = answer.get("Hours")

    @property
    def lines(self) -> list:
        """The line items (dicts as the core returns them: Service, UsageType, ResourceId, Quantity, Unit, Rate, Cost, Estimated, ...)."""
        return self.answer["Lines"]

    @property
    def credit_lines(self) -> list:
        return [l for l in self.lines if l["Kind"] == "credit"]

    def by_resource(self) -> dict:
        """Net cost per resource id (account-wide lines such as free-tier credits under ``"(account)"``), largest first."""
        out: dict = {}
        for l in self.lines:
            key = l["ResourceId"] or "(account)"
            out[key] = out.get(key, 0.0) + l["Cost"]
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def by_group(self) -> dict:
        """Charges per group of the breakdown chart (credits apart, under ``"Credits"``)."""
        out: dict = {name: 0.0 for name, _ in _GROUPS}
        for l in self.lines:
            key = "Credits" if l["Kind"] == "credit" else group_of(l["UsageType"])
            out[key] = out.get(key, 0.0) + l["Cost"]
        return {k: v for k, v in out.items() if abs(v) > 1e-12}

    def forecast(self, hours: float, *, free_tier: bool = True) -> Bill:
        """If you leave everything as it is now: the bill of the next ``hours``."""
        return forecast_bill(self.cloud, hours, free_tier=free_tier, region_name=self.region)

    def __repr__(self) -> str:
        what = f"forecast {self.hours:g} h" if self.hours is not None else f"{self.since:%Y-%m-%d %H:%M} to {self.until:%Y-%m-%d %H:%M} UTC"
        est = ", includes estimates" if self.estimated else ""
        return f"Bill({what}: total ${self.total:.4f}, {len(self.lines)} lines{est})"

    def svg(self, width: int = 560) -> str:
        """A horizontal bar of the charges by group, and the credits below it."""
        groups = self.by_group()
        credits = -groups.pop("Credits", 0.0)
        charges = sum(v for v in groups.values() if v > 0)
        scale = (width - 20) / max(charges, 1e-12)
        x, bars, legend = 10.0, [], []
        for n, (name, value) in enumerate(groups.items()):
            if value <= 0:
                continue
            w = value * scale
            color = _COLORS[n % len(_COLORS)]
            bars.append(f'<rect x="{x:.1f}" y="10" width="{w:.1f}" height="26" fill="{color}"><title>{html.escape(name)}: ${value:.4f}</title></rect>')
            legend.append((color, f"{name} ${value:.4f}"))
            x += w
        if credits > 0:
            bars.append(f'<rect x="10" y="42" width="{credits * scale:.1f}" height="12" fill="#9c9c9c"><title>credits: -${credits:.4f}</title></rect>')
            legend.append(("#9c9c9c", f"credits -${credits:.4f}"))
        rows = []
        for i, (color, text) in enumerate(legend):
            y = 74 + 18 * i
            rows.append(f'<rect x="10" y="{y - 10}" width="12" height="12" fill="{color}"/><text x="28" y="{y}" font-size="12" font-family="sans-serif">{html.escape(text)}</text>')
        height = 74 + 18 * len(legend)
        title = f'<text x="10" y="{height - 2}" font-size="12" font-family="sans-serif" font-weight="bold">total ${self.total:.4f}</text>'
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 6}" class="ec2lab-bill-chart">'
            + "".join(bars)
            + "".join(rows)
            + title
            + "</svg>"
        )

    def _repr_html_(self) -> str:
        head = "<tr>" + "".join(f"<th>{h}</th>" for h in ("Service", "Usage type", "Resource", "Quantity", "Unit", "Rate", "Cost", "")) + "</tr>"
        rows = []
        for l in self.lines:
            est = "estimate" if l["Estimated"] else ""
            style = ' style="color:#2a7a2a"' if l["Kind"] == "credit" else ""
            rows.append(
                f"<tr{style}><td>{html.escape(l['Service'])}</td><td><code>{html.escape(l['UsageType'])}</code></td>"
                f"<td><code>{html.escape(l['ResourceId'])}</code></td><td>{l['Quantity']:.4f}</td><td>{html.escape(l['Unit'])}</td>"
                f"<td>${l['Rate']:.6g}</td><td>${l['Cost']:.4f}</td><td>{est}</td></tr>"
            )
        foot = f"<tr><td colspan='6'><b>Total</b> (charges ${self.charges:.4f}, credits ${self.credits:.4f})</td><td><b>${self.total:.4f}</b></td><td></td></tr>"
        saved = ", ".join(f"{k} ${v:.4f}" for k, v in self.savings.items() if v)
        sources = "; ".join(f"{s['Table']}: {s['Source']} (as of {s['AsOf']})" for s in self.price_sources)
        return (
            f'<div class="ec2lab-bill"><b>{html.escape(repr(self))}</b>'
            f"<table>{head}{''.join(rows)}{foot}</table>{self.svg()}"
            f"<p><small>{'Saved: ' + html.escape(saved) + '. ' if saved else ''}Not modelled: {html.escape('; '.join(self.not_modelled))}."
            f"<br>Prices: {html.escape(sources)}</small></p></div>"
        )


def bill(cloud: Cloud, since=None, until=None, *, free_tier: bool = True, region_name: str | None = None) -> Bill:
    params: dict = {"FreeTier": free_tier}
    if since is not None:
        params["Since"] = since
    if until is not None:
        params["Until"] = until
    region = region_name or cloud.region
    return Bill(cloud, _call(cloud, region, "GetBill", params), region)


def forecast_bill(cloud: Cloud, hours: float, *, free_tier: bool = True, region_name: str | None = None) -> Bill:
    region = region_name or cloud.region
    return Bill(cloud, _call(cloud, region, "ForecastBill", {"Hours": float(hours), "FreeTier": free_tier}), region)


class LightsailComparison:
    """Lightsail's bundles next to the same machine on EC2 for a month."""

    def __init__(self, answer: dict):
        self.answer = answer
        self.rows = answer["Bundles"]
        self.source = answer["Source"]
        self.as_of = answer["AsOf"]

    def __repr__(self) -> str:
        return f"LightsailComparison({self.answer['Region']}, {len(self.rows)} bundles)"

    def _repr_html_(self) -> str:
        head = "<tr>" + "".join(f"<th>{h}</th>" for h in ("Lightsail $/month", "Memory", "vCPUs", "SSD", "Transfer", "EC2 twin", "EC2 instance", "gp3", "IPv4", "EC2 total", "EC2 − Lightsail")) + "</tr>"
        rows = "".join(
            f"<tr><td>${r['BundlePrice']:g}</td><td>{r['MemoryGb']:g} GB</td><td>{r['Vcpus']}</td><td>{r['SsdGb']} GB</td><td>{r['TransferTb']} TB</td>"
            f"<td><code>{r['Ec2InstanceType']}</code></td><td>${r['Ec2Instance']:.2f}</td><td>${r['Ec2Storage']:.2f}</td><td>${r['Ec2PublicIpv4']:.2f}</td>"
            f"<td>${r['Ec2Total']:.2f}</td><td>${r['Difference']:+.2f}</td></tr>"
            for r in self.rows
        )
        return (
            f"<div class='ec2lab-lightsail'><table>{head}{rows}</table><p><small>{html.escape(self.answer['Note'])}<br>"
            f"Source: {html.escape(self.source)} (as of {html.escape(self.as_of)})</small></p></div>"
        )


def lightsail_comparison(cloud: Cloud, region_name: str | None = None) -> LightsailComparison:
    return LightsailComparison(_call(cloud, region_name or cloud.region, "LightsailComparison", {}))


def purchase_savings_plan(cloud: Cloud, commitment: float, term_years: int = 1, payment_option: str = "No Upfront") -> str:
    answer = _call(cloud, cloud.region, "PurchaseSavingsPlan", {"Commitment": float(commitment), "TermYears": int(term_years), "PaymentOption": payment_option})
    return answer["SavingsPlanId"]
