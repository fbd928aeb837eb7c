"""Notebook objects for CloudWatch alarms and the simulated inbox.

``Alarm`` (``cloud.alarm(name)``) shows an alarm's configuration, state and an SVG timeline of
its states drawn from ``DescribeAlarmHistory``; ``cloud.inbox(address)`` lists the email SNS
delivered to an address (ec2lab's ``Inbox``), each a ``Mail`` with ``.subject``, ``.body``,
``.time`` and, for a subscription confirmation, ``.confirm()``. Every rule (evaluation, actions,
delivery) lives in the core; this module converts and draws.
"""
from __future__ import annotations

from . import display

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud

_esc = display._esc
_CARD = display._CARD
_CELL = display._CELL

STATE_COLOURS = {"OK": "#1d8102", "ALARM": "#d13212", "INSUFFICIENT_DATA": "#8d99a8"}


# --- the inbox --------------------------------------------------------------------------------
class Mail:
    """One email in the simulated inbox."""

    def __init__(self, cloud: Cloud, fields: dict, region: str):
        self._cloud = cloud
        self._region = region
        self.message_id = fields.get("MessageId")
        self.time = fields.get("Timestamp")
        self.sender = fields.get("From")
        self.to = fields.get("To")
        self.subject = fields.get("Subject", "")
        self.body = fields.get("Body", "")
        self.topic_arn = fields.get("TopicArn")

    @property
    def confirmation_link(self) -> str | None:
        """The "Confirm subscription" link of a subscription confirmation email, else None."""
        for line in self.body.splitlines():
            at = line.find("https://sns.")
            if at >= 0 and "confirmation.html" in line:
                return line[at:].strip()
        return None

    def confirm(self) -> str:
        """Clicks the confirmation link: calls SNS ``ConfirmSubscription`` with the link's
        TopicArn and Token; returns the subscription's ARN."""
        link = self.confirmation_link
        if link is None:
            raise ValueError("This email is not a subscription confirmation request.")
        from urllib.parse import parse_qs, urlsplit

        q = parse_qs(urlsplit(link).query)
        region = self.topic_arn.split(":")[3] if self.topic_arn else self._region
        sns = self._cloud.client("sns", region)
        return sns.confirm_subscription(TopicArn=q["TopicArn"][0], Token=q["Token"][0])["SubscriptionArn"]

    def __repr__(self) -> str:
        return f"<Mail {display._time(self.time)} {self.subject!r}>"

    def _repr_html_(self) -> str:
        return (
            f'<div style="{_CARD}"><b>{_esc(self.subject)}</b><br>'
            f'<span style="color:#555">{_esc(self.sender)} → {_esc(self.to)} · {_esc(display._time(self.time))}</span>'
            f'<pre style="white-space:pre-wrap;max-width:80ch">{_esc(self.body)}</pre></div>'
        )


class Inbox(list):
    """The mail of one address, oldest first (a list of ``Mail``)."""

    def __init__(self, address: str, mails):
        super().__init__(mails)
        self.address = address

    @property
    def latest(self) -> Mail | None:
        return self[-1] if self else None

    def _repr_html_(self) -> str:
        rows = "".join(
            f'<tr><td style="{_CELL}">{_esc(display._time(m.time))}</td><td style="{_CELL}">{_esc(m.sender)}</td>'
            f'<td style="{_CELL}"><b>{_esc(m.subject)}</b></td></tr>'
            for m in self
        )
        empty = "" if self else f'<tr><td style="{_CELL}" colspan="3">(no mail)</td></tr>'
        return f'<div style="{_CARD}"><b>Inbox: {_esc(self.address)}</b> ({len(self)})<table>{rows}{empty}</table></div>'


def inbox(cloud: Cloud, address: str) -> Inbox:
    answer = cloud.client("ec2lab", cloud.region).inbox(Address=address)
    return Inbox(address, [Mail(cloud, m, cloud.region) for m in answer.get("Messages", [])])


# --- alarms -----------------------------------------------------------------------------------
class Alarm:
    """A CloudWatch metric alarm by name (DescribeAlarms each time it is asked)."""

    def __init__(self, cloud: Cloud, name: str, region: str):
        self._cloud = cloud
        self.name = name
        self.region = region

    @property
    def _cw(self):
        return self._cloud.client("cloudwatch", self.region)

    def describe(self) -> dict:
        found = self._cw.describe_alarms(AlarmNames=[self.name]).get("MetricAlarms", [])
        if not found:
            raise LookupError(f"There is no alarm named {self.name!r} in {self.region}.")
        return found[0]

    @property
    def state(self) -> str:
        return self.describe()["StateValue"]

    @property
    def reason(self) -> str:
        return self.describe().get("StateReason", "")

    def history(self, item_type: str | None = None) -> list:
        """DescribeAlarmHistory items, oldest first (every page)."""
        params = {"AlarmName": self.name, "ScanBy": "TimestampAscending"}
        if item_type:
            params["HistoryItemType"] = item_type
        items, token = [], None
        while True:
            page = self._cw.describe_alarm_history(**params, **({"NextToken": token} if token else {}))
            items.extend(page.get("AlarmHistoryItems", []))
            token = page.get("NextToken")
            if not token:
                return items

    def set_state(self, state: str, reason: str = "Set by hand for testing") -> None:
        """SetAlarmState: runs the new state's actions; the next evaluation restores the real state."""
        self._cw.set_alarm_state(AlarmName=self.name, StateValue=state, StateReason=reason)

    def delete(self) -> None:
        self._cw.delete_alarms(AlarmNames=[self.name])

    def timeline(self) -> list:
        """``[(start, end, state), ...]``: the alarm's states over virtual time, from its history."""
        import json

        history = self.history()
        created = next((h["Timestamp"] for h in history if h["HistoryItemType"] == "ConfigurationUpdate" and h["HistorySummary"].endswith(" created")), None)
        updates = [h for h in history if h["HistoryItemType"] == "StateUpdate"]
        now = self._cloud.now
        start = created or (updates[0]["Timestamp"] if updates else now)
        segments, state = [], "INSUFFICIENT_DATA"
        if updates:
            state = json.loads(updates[0]["HistoryData"])["oldState"]["stateValue"]
        for h in updates:
            if h["Timestamp"] > start:
                segments.append((start, h["Timestamp"], state))
            start = h["Timestamp"]
            state = json.loads(h["HistoryData"])["newState"]["stateValue"]
        segments.append((start, max(now, start), state))
        return segments

    def timeline_svg(self, width: int = 640) -> str:
        return timeline_svg(self.timeline(), width)

    def __repr__(self) -> str:
        return f"<Alarm {self.name!r} ({self.region})>"

    def _repr_html_(self) -> str:
        try:
            a = self.describe()
        except LookupError as e:
            return f'<div style="{_CARD}">{_esc(e)}</div>'
        dims = ", ".join(f"{d['Name']}={d['Value']}" for d in a.get("Dimensions", []))
        stat = a.get("Statistic") or a.get("ExtendedStatistic")
        op = {"GreaterThanThreshold": ">", "GreaterThanOrEqualToThreshold": "≥", "LessThanThreshold": "<", "LessThanOrEqualToThreshold": "≤"}
        m = a.get("DatapointsToAlarm", a["EvaluationPeriods"])
        rule = f"{stat}({a['Namespace']} {a['MetricName']}{' ' + dims if dims else ''}) {op.get(a['ComparisonOperator'], a['ComparisonOperator'])} {a['Threshold']:g}"
        rule += f" for {m} of {a['EvaluationPeriods']} × {a['Period']} s"
        colour = STATE_COLOURS.get(a["StateValue"], "#555")
        badge = f'<span style="color:#fff;background:{colour};border-radius:4px;padding:1px 6px;font-weight:bold">{_esc(a["StateValue"])}</span>'
        rows = [
            ("Rule", rule),
            ("Missing data", a.get("TreatMissingData", "missing")),
            ("Reason", a.get("StateReason")),
            ("Actions", "enabled" if a.get("ActionsEnabled") else "disabled"),
        ]
        for key in ("AlarmActions", "OKActions", "InsufficientDataActions"):
            if a.get(key):
                rows.append((key, ", ".join(a[key])))
        table = "".join(f'<tr><th style="{_CELL}">{_esc(k)}</th><td style="{_CELL}">{_esc(v)}</td></tr>' for k, v in rows)
        return f'<div style="{_CARD}"><b>{_esc(self.name)}</b> {badge}<table>{table}</table>{self.timeline_svg()}</div>'


def timeline_svg(segments: list, width: int = 640) -> str:
    """An SVG strip of alarm states over time: one coloured bar per ``(start, end, state)``."""
    if not segments:
        return ""
    t0, t1 = segments[0][0], segments[-1][1]
    span = max((t1 - t0).total_seconds(), 1.0)
    left, bar_w, y, h = 8, width - 16, 22, 18
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="64" font-family="sans-serif" font-size="10" class="ec2lab-alarm-timeline">']
    for start, end, state in segments:
        x = left + bar_w * (start - t0).total_seconds() / span
        w = max(bar_w * (end - start).total_seconds() / span, 1.0)
        colour = STATE_COLOURS.get(state, "#555")
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="{colour}" data-state="{_esc(state)}"><title>{_esc(state)}: {_esc(display._time(start))} – {_esc(display._time(end))}</title></rect>')
        if w > 6.5 * len(state) + 6:  # the label fits inside the bar
            parts.append(f'<text x="{x + 3:.1f}" y="{y + 13}" fill="#fff">{_esc(state)}</text>')
    parts.append(f'<text x="{left}" y="14" fill="#333">{_esc(t0.strftime("%H:%M"))}</text>')
    parts.append(f'<text x="{left + bar_w}" y="14" fill="#333" text-anchor="end">{_esc(t1.strftime("%H:%M"))}</text>')
    legend_x = left
    for state, colour in STATE_COLOURS.items():
        parts.append(f'<rect x="{legend_x}" y="48" width="10" height="10" fill="{colour}"/><text x="{legend_x + 14}" y="57" fill="#333">{state}</text>')
        legend_x += 30 + 7 * len(state)
    parts.append("</svg>")
    return "".join(parts)
