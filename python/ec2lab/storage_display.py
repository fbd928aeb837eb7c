"""HTML of the storage objects (volumes, snapshots, AMIs) in English and Korean.

Only words and markup: every value comes from the core's answers (and the pictures are the
core's SVGs).
"""
from __future__ import annotations

from . import i18n
from .display import _CARD, _CELL, _esc, _time

_LABELS = {
    "volume": ("EBS volume", "EBS 볼륨"),
    "snapshot": ("Snapshot", "스냅샷"),
    "image": ("AMI", "AMI"),
    "state": ("State", "상태"),
    "size": ("Size", "크기"),
    "volume_type": ("Volume type", "볼륨 유형"),
    "iops": ("IOPS", "IOPS"),
    "throughput": ("Throughput", "처리량"),
    "az": ("Availability Zone", "가용 영역"),
    "encrypted": ("Encrypted", "암호화"),
    "attached": ("Attached to", "연결 대상"),
    "from_snapshot": ("From snapshot", "원본 스냅샷"),
    "created": ("Created", "생성 시간"),
    "volume_id": ("Volume", "볼륨"),
    "progress": ("Progress", "진행률"),
    "stored": ("Stored by this snapshot", "이 스냅샷이 저장한 크기"),
    "blocks": ("blocks", "블록"),
    "description": ("Description", "설명"),
    "name": ("Name", "이름"),
    "root": ("Root device", "루트 장치"),
    "devices": ("Block devices", "블록 장치"),
    "owner": ("Owner", "소유자"),
    "source": ("Copied from", "복사 원본"),
    "gone": ("no longer exists", "더 이상 존재하지 않음"),
    "yes": ("yes", "예"),
    "no": ("no", "아니요"),
    "instance_store": ("instance store", "인스턴스 스토어"),
}

_COLOURS = {
    "available": "#1d8102",
    "in-use": "#1a73e8",
    "completed": "#1d8102",
    "creating": "#b36b00",
    "pending": "#b36b00",
    "deleting": "#d13212",
    "deleted": "#8a1c0b",
    "deregistered": "#8a1c0b",
    "error": "#8a1c0b",
    "failed": "#8a1c0b",
}


def label(key: str) -> str:
    en, ko = _LABELS[key]
    return i18n.pick(en, ko)


def badge(state: str) -> str:
    colour = _COLOURS.get(state, "#555")
    return (
        f'<span class="ec2lab-state" data-state="{_esc(state)}" style="color:#fff;background:{colour};'
        f'border-radius:4px;padding:1px 6px;font-weight:bold">{_esc(state)}</span>'
    )


def human_bytes(n: int) -> str:
    """``524288`` -> ``512 KiB`` (binary units, as EBS counts)."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" or value == int(value) else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"  # unreachable


def _card(kind: str, css: str, title_id: str, name: str | None, rows: list, extra: str = "") -> str:
    title = f"<b>{_esc(label(kind))} <code>{_esc(title_id)}</code></b>"
    if name:
        title += f" &nbsp;<i>{_esc(name)}</i>"
    body = "".join(f'<tr><th style="{_CELL}">{_esc(label(k))}</th><td style="{_CELL}">{v}</td></tr>' for k, v in rows)
    return (
        f'<div class="{css}" style="{_CARD}"><div>{title}</div>'
        f'<table style="border-collapse:collapse;margin:6px 0">{body}</table>{extra}</div>'
    )


def _name(d: dict) -> str | None:
    return {t["Key"]: t["Value"] for t in d.get("Tags", [])}.get("Name")


def _yes(flag) -> str:
    return _esc(label("yes") if flag else label("no"))


def volume_card(d: dict) -> str:
    """The card of one volume: ``d`` is its DescribeVolumes entry."""
    attached = ", ".join(f"{a['InstanceId']} ({a['Device']}, {a['State']})" for a in d.get("Attachments", []))
    rows = [
        ("state", badge(d.get("State", ""))),
        ("size", _esc(f"{d.get('Size')} GiB")),
        ("volume_type", _esc(d.get("VolumeType"))),
        ("iops", _esc(d.get("Iops"))),
        ("throughput", _esc(f"{d['Throughput']} MiB/s" if d.get("Throughput") else None)),
        ("az", _esc(d.get("AvailabilityZone"))),
        ("encrypted", _yes(d.get("Encrypted"))),
        ("attached", _esc(attached or None)),
        ("from_snapshot", _esc(d.get("SnapshotId") or None)),
        ("created", _esc(_time(d.get("CreateTime")))),
    ]
    return _card("volume", "ec2lab-volume", d["VolumeId"], _name(d), rows)


def snapshot_card(d: dict, chain: dict, svg: str = "") -> str:
    """The card of one snapshot: ``d`` is its DescribeSnapshots entry, ``chain`` its
    ``SnapshotChain`` entry (what it stores itself), ``svg`` the core's picture of the chain."""
    stored = f"{human_bytes(chain['StoredBytes'])} ({chain['StoredBlocks']} {label('blocks')})"
    rows = [
        ("state", badge(d.get("State", ""))),
        ("progress", _esc(d.get("Progress"))),
        ("volume_id", _esc(d.get("VolumeId"))),
        ("size", _esc(f"{d.get('VolumeSize')} GiB")),
        ("stored", _esc(stored)),
        ("encrypted", _yes(d.get("Encrypted"))),
        ("description", _esc(d.get("Description") or None)),
        ("created", _esc(_time(d.get("StartTime")))),
    ]
    extra = f'<div class="ec2lab-snapshot-chain">{svg}</div>' if svg else ""
    return _card("snapshot", "ec2lab-snapshot", d["SnapshotId"], _name(d), rows, extra)


def image_card(d: dict) -> str:
    """The card of one AMI: ``d`` is its DescribeImages entry."""
    devices = []
    for m in d.get("BlockDeviceMappings", []):
        ebs = m.get("Ebs")
        if ebs:
            devices.append(f"{m['DeviceName']}: EBS {ebs.get('VolumeSize')} GiB {ebs.get('VolumeType')} {ebs.get('SnapshotId', '')}".rstrip())
        else:
            devices.append(f"{m['DeviceName']}: {label('instance_store')} ({m.get('VirtualName')})")
    source = f"{d['SourceImageId']} ({d.get('SourceImageRegion')})" if d.get("SourceImageId") else None
    rows = [
        ("name", _esc(d.get("Name"))),
        ("state", badge(d.get("State", ""))),
        ("root", _esc(f"{d.get('RootDeviceName')} ({d.get('RootDeviceType')})")),
        ("devices", "<br>".join(_esc(x) for x in devices) or _esc(None)),
        ("owner", _esc(d.get("OwnerId"))),
        ("source", _esc(source)),
        ("description", _esc(d.get("Description") or None)),
        ("created", _esc(d.get("CreationDate"))),
    ]
    return _card("image", "ec2lab-image", d["ImageId"], None, rows)


def gone_card(kind: str, resource_id: str, code: str, message: str, hint: str) -> str:
    """The card of a resource the core no longer knows (deleted, deregistered)."""
    text = f"<b>{_esc(label(kind))} <code>{_esc(resource_id)}</code></b>: {_esc(label('gone'))}"
    detail = f"<div><code>{_esc(code)}</code>: {_esc(message)}</div>"
    if hint:
        detail += f"<div><i>{_esc(i18n.label('hint'))}: {_esc(hint)}</i></div>"
    return f'<div class="ec2lab-{kind} gone" style="{_CARD}"><div>{text}</div>{detail}</div>'
