"""Display strings (English and Korean) and the HTML of the notebook objects.

Only words and markup live here: every value shown comes from the core's answers.
"""
from __future__ import annotations

from . import i18n

# Column and field labels of the displays.
_LABELS = {
    "instance": ("Instance", "인스턴스"),
    "instance_id": ("Instance ID", "인스턴스 ID"),
    "name": ("Name", "이름"),
    "instance_type": ("Instance type", "인스턴스 유형"),
    "state": ("State", "상태"),
    "public_ip": ("Public IP", "퍼블릭 IP"),
    "private_ip": ("Private IP", "프라이빗 IP"),
    "public_dns": ("Public DNS", "퍼블릭 DNS"),
    "az": ("Availability Zone", "가용 영역"),
    "launch_time": ("Launch time", "시작 시간"),
    "image": ("AMI", "AMI"),
    "instances": ("instances", "개 인스턴스"),
    "no_instances": ("No instances.", "인스턴스가 없습니다."),
    "gone": ("no longer visible", "더 이상 보이지 않음"),
    "none": ("-", "-"),
}

# The course notes' Korean names of the instance states (DESIGN.md, glossary).
_STATE_KO = {
    "pending": "대기 중",
    "running": "실행 중",
    "stopping": "중지 중",
    "stopped": "중지됨",
    "shutting-down": "종료 중",
    "terminated": "종료됨",
}

# Badge colours per state (display only).
_STATE_COLOURS = {
    "pending": "#1a73e8",
    "running": "#1d8102",
    "stopping": "#b36b00",
    "stopped": "#687078",
    "shutting-down": "#d13212",
    "terminated": "#8a1c0b",
}


def label(key: str, language: str | None = None) -> str:
    """A display label in the current (or given) language."""
    en, ko = _LABELS[key]
    return i18n.pick(en, ko, language)


def state_label(state: str, language: str | None = None) -> str:
    """``"running"`` in English; ``"실행 중 (running)"`` in Korean (the notes' term and the API's)."""
    lang = language or i18n.get_language()
    ko = _STATE_KO.get(state)
    if lang == "ko" and ko:
        return f"{ko} ({state})"
    return state


def _esc(value) -> str:
    import html

    if value is None or value == "":
        return html.escape(label("none"))
    return html.escape(str(value))


def state_badge(state: str) -> str:
    colour = _STATE_COLOURS.get(state, "#555")
    return (
        f'<span class="ec2lab-state" data-state="{_esc(state)}" style="color:#fff;background:{colour};'
        f'border-radius:4px;padding:1px 6px;font-weight:bold">{_esc(state_label(state))}</span>'
    )


def _time(value) -> str:
    if value is None:
        return ""
    try:
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    except AttributeError:
        return str(value)


_CARD = "font-family:sans-serif;font-size:13px;border:1px solid #ccc;border-radius:8px;padding:8px 12px;display:inline-block"
_CELL = "text-align:left;padding:2px 10px 2px 0"


def instance_card(fields: dict, svg: str) -> str:
    """The card of one instance: ``fields`` holds id, name, instance_type, state, public_ip,
    private_ip, public_dns, az, launch_time, image; ``svg`` is the core's lifecycle diagram."""
    name = fields.get("name")
    title = f"<b>{_esc(label('instance'))} <code>{_esc(fields['id'])}</code></b>"
    if name:
        title += f" &nbsp;<i>{_esc(name)}</i>"
    rows = [
        ("instance_type", _esc(fields.get("instance_type"))),
        ("state", state_badge(fields.get("state", ""))),
        ("public_ip", _esc(fields.get("public_ip"))),
        ("private_ip", _esc(fields.get("private_ip"))),
        ("public_dns", _esc(fields.get("public_dns"))),
        ("az", _esc(fields.get("az"))),
        ("image", _esc(fields.get("image"))),
        ("launch_time", _esc(_time(fields.get("launch_time")))),
    ]
    body = "".join(f'<tr><th style="{_CELL}">{_esc(label(k))}</th><td style="{_CELL}">{v}</td></tr>' for k, v in rows)
    return (
        f'<div class="ec2lab-instance" style="{_CARD}"><div>{title}</div>'
        f'<table style="border-collapse:collapse;margin:6px 0">{body}</table>'
        f'<div class="ec2lab-lifecycle">{svg}</div></div>'
    )


def gone_card(instance_id: str, code: str, message: str, hint: str) -> str:
    """The card of an instance that DescribeInstances no longer knows (an hour after termination)."""
    text = f"<b>{_esc(label('instance'))} <code>{_esc(instance_id)}</code></b>: {_esc(label('gone'))}"
    detail = f"<div><code>{_esc(code)}</code>: {_esc(message)}</div>"
    if hint:
        detail += f"<div><i>{_esc(i18n.label('hint'))}: {_esc(hint)}</i></div>"
    return f'<div class="ec2lab-instance gone" style="{_CARD}"><div>{text}</div>{detail}</div>'


_COLUMNS = ("instance_id", "name", "instance_type", "state", "public_ip", "private_ip", "az")


def instance_table(rows: list[dict | None], ids: list[str]) -> str:
    """A table of instances; a row of ``None`` is an instance no longer visible."""
    if not ids:
        return f'<div class="ec2lab-instances" style="font-family:sans-serif">{_esc(label("no_instances"))}</div>'
    head = "".join(f'<th style="{_CELL}">{_esc(label(c))}</th>' for c in _COLUMNS)
    lines = []
    for instance_id, row in zip(ids, rows):
        if row is None:
            cells = f'<td style="{_CELL}"><code>{_esc(instance_id)}</code></td><td colspan="{len(_COLUMNS) - 1}" style="{_CELL}"><i>{_esc(label("gone"))}</i></td>'
        else:
            values = [
                f"<code>{_esc(instance_id)}</code>",
                _esc(row.get("name")),
                _esc(row.get("instance_type")),
                state_badge(row.get("state", "")),
                _esc(row.get("public_ip")),
                _esc(row.get("private_ip")),
                _esc(row.get("az")),
            ]
            cells = "".join(f'<td style="{_CELL}">{v}</td>' for v in values)
        lines.append(f'<tr data-instance-id="{_esc(instance_id)}">{cells}</tr>')
    count = f"{len(ids)} {label('instances')}" if i18n.get_language() != "ko" else f"{len(ids)}{label('instances')}"
    return (
        f'<div class="ec2lab-instances" style="font-family:sans-serif;font-size:13px">'
        f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead><tbody>{"".join(lines)}</tbody></table>'
        f'<div style="color:#555">{_esc(count)}</div></div>'
    )


# --- networking and security (python/ec2lab/network.py, security.py) -------------------------

_NET_LABELS = {
    "key_pair": ("Key pair", "키 페어"),
    "key_type": ("Type", "유형"),
    "key_format": ("Format", "형식"),
    "fingerprint": ("Fingerprint", "지문(fingerprint)"),
    "private_key": ("Private key", "프라이빗 키"),
    "key_once": ("returned once: save it with .save()", "한 번만 받을 수 있음: .save()로 저장하세요"),
    "key_absent": ("not held by EC2 (only the public key is)", "EC2에 없음 (퍼블릭 키만 보관)"),
}


def net_label(key: str, language: str | None = None) -> str:
    en, ko = _NET_LABELS[key]
    return i18n.pick(en, ko, language)


def key_pair_card(fields: dict) -> str:
    """A key pair: name, id, type, format, fingerprint, and whether the private key is at hand."""
    title = f"<b>{_esc(net_label('key_pair'))} <code>{_esc(fields['name'])}</code></b> &nbsp;<code>{_esc(fields['id'])}</code>"
    private = net_label("key_once") if fields.get("has_material") else net_label("key_absent")
    rows = [
        ("key_type", _esc(fields.get("key_type"))),
        ("key_format", _esc(fields.get("key_format"))),
        ("fingerprint", f"<code>{_esc(fields.get('fingerprint'))}</code>"),
        ("private_key", _esc(private)),
    ]
    body = "".join(f'<tr><th style="{_CELL}">{_esc(net_label(k))}</th><td style="{_CELL}">{v}</td></tr>' for k, v in rows)
    return f'<div class="ec2lab-key-pair" style="{_CARD}"><div>{title}</div><table style="border-collapse:collapse;margin:6px 0">{body}</table></div>'

_NET_LABELS.update(
    {
        "vpc": ("VPC", "VPC"),
        "cidr": ("CIDR", "CIDR"),
        "default_vpc": ("default VPC", "기본 VPC"),
        "igw": ("Internet gateway", "인터넷 게이트웨이"),
        "subnet": ("Subnet", "서브넷"),
        "public_subnet": ("public subnet", "퍼블릭 서브넷"),
        "private_subnet": ("private subnet", "프라이빗 서브넷"),
        "available_ips": ("Available IPs", "사용 가능한 IP"),
        "map_public_ip": ("Auto-assign public IPv4", "퍼블릭 IPv4 자동 할당"),
        "route_table": ("Route table", "라우팅 테이블"),
        "destination": ("Destination", "대상"),
        "target": ("Target", "타깃"),
        "route_state": ("State", "상태"),
        "security_group": ("Security group", "보안 그룹"),
        "direction": ("Direction", "방향"),
        "protocol": ("Protocol", "프로토콜"),
        "ports": ("Ports", "포트"),
        "peer": ("Source / destination", "소스 / 대상"),
        "description": ("Description", "설명"),
        "rule_id": ("Rule", "규칙"),
        "inbound": ("inbound", "인바운드"),
        "outbound": ("outbound", "아웃바운드"),
        "no_rules": ("No rules: nothing is allowed.", "규칙 없음: 아무것도 허용되지 않습니다."),
        "allowed": ("ALLOWED", "허용"),
        "blocked": ("BLOCKED", "차단"),
        "blocked_by": ("Blocked by", "차단 원인"),
    }
)


def vpc_card(fields: dict, svg: str) -> str:
    title = f"<b>{_esc(net_label('vpc'))} <code>{_esc(fields['id'])}</code></b> {_esc(fields.get('cidr'))}"
    if fields.get("name"):
        title += f" &nbsp;<i>{_esc(fields['name'])}</i>"
    if fields.get("default"):
        title += f" ({_esc(net_label('default_vpc'))})"
    igw = f"<div>{_esc(net_label('igw'))}: <code>{_esc(fields.get('igw'))}</code></div>"
    return f'<div class="ec2lab-vpc" style="{_CARD}"><div>{title}</div>{igw}<div class="ec2lab-topology">{svg}</div></div>'


def subnet_card(fields: dict, routes: list) -> str:
    kind = net_label("public_subnet") if fields.get("public") else net_label("private_subnet")
    title = f"<b>{_esc(net_label('subnet'))} <code>{_esc(fields['id'])}</code></b> {_esc(fields.get('cidr'))} · {_esc(kind)}"
    rows = [
        ("vpc", f"<code>{_esc(fields.get('vpc'))}</code>"),
        ("available_ips", _esc(fields.get("available_ips"))),
        ("map_public_ip", _esc(fields.get("map_public_ip"))),
        ("route_table", f"<code>{_esc(fields.get('route_table'))}</code>"),
    ]
    body = f'<tr><th style="{_CELL}">{_esc(label("az"))}</th><td style="{_CELL}">{_esc(fields.get("az"))}</td></tr>'
    body += "".join(f'<tr><th style="{_CELL}">{_esc(net_label(k))}</th><td style="{_CELL}">{v}</td></tr>' for k, v in rows)
    head = "".join(f'<th style="{_CELL}">{_esc(net_label(c))}</th>' for c in ("destination", "target", "route_state"))
    lines = "".join(f'<tr><td style="{_CELL}"><code>{_esc(d)}</code></td><td style="{_CELL}"><code>{_esc(t)}</code></td><td style="{_CELL}">{_esc(s)}</td></tr>' for d, t, s in routes)
    return (
        f'<div class="ec2lab-subnet" style="{_CARD}"><div>{title}</div><table style="border-collapse:collapse;margin:6px 0">{body}</table>'
        f'<table class="routes" style="border-collapse:collapse"><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table></div>'
    )


def security_group_card(fields: dict, rules: list) -> str:
    title = f"<b>{_esc(net_label('security_group'))} <code>{_esc(fields['id'])}</code></b> {_esc(fields.get('name'))} · <code>{_esc(fields.get('vpc'))}</code>"
    desc = f"<div style=\"color:#555\">{_esc(fields.get('description'))}</div>"
    if not rules:
        return f'<div class="ec2lab-sg" style="{_CARD}"><div>{title}</div>{desc}<div>{_esc(net_label("no_rules"))}</div></div>'
    cols = ("direction", "protocol", "ports", "peer", "description", "rule_id")
    head = "".join(f'<th style="{_CELL}">{_esc(net_label(c))}</th>' for c in cols)
    lines = []
    for r in rules:
        cells = [
            _esc(net_label(r["direction"])),
            _esc(r["protocol"]),
            _esc(r["ports"]),
            f"<code>{_esc(r['peer'])}</code>",
            _esc(r.get("description")),
            f"<code>{_esc(r.get('id'))}</code>",
        ]
        lines.append(f'<tr data-direction="{_esc(r["direction"])}">' + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells) + "</tr>")
    return (
        f'<div class="ec2lab-sg" style="{_CARD}"><div>{title}</div>{desc}'
        f'<table class="rules" style="border-collapse:collapse;margin:6px 0"><thead><tr>{head}</tr></thead><tbody>{"".join(lines)}</tbody></table></div>'
    )


def reachability_card(allowed: bool, blocked: dict | None, hint: str, svg: str) -> str:
    colour = "#1d8102" if allowed else "#d13212"
    verdict = net_label("allowed") if allowed else net_label("blocked")
    head = f'<b style="color:{colour}">{_esc(verdict)}</b>'
    if blocked:
        head += f" &nbsp;{_esc(net_label('blocked_by'))}: {_esc(blocked.get('Kind'))} <code>{_esc(blocked.get('ComponentId'))}</code> ({_esc(blocked.get('Reason'))})"
    tail = f"<div><i>{_esc(i18n.label('hint'))}: {_esc(hint)}</i></div>" if hint else ""
    return f'<div class="ec2lab-reachability" data-allowed="{str(allowed).lower()}" style="{_CARD}"><div>{head}</div>{tail}<div>{svg}</div></div>'
