"""The guest view of an instance (``instance.mount``, ``write_file``, ``read_file``, ``list_dir``,
``io_test``): ec2lab's own operations ``Mount``, ``WriteFile``, ``ReadFile``, ``ListDir`` and
``IoTest`` (contract: ``src/api/lab/storage.rs``). Python only converts: bytes to base64 and
back, sizes like ``"64MiB"`` to bytes. Every rule (mounted? running? beyond the volume's size?)
is in the core.
"""
from __future__ import annotations

import base64

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .instance import Instance

_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1000, "KIB": 1024, "M": 1024**2, "MB": 1000**2, "MIB": 1024**2,
          "G": 1024**3, "GB": 1000**3, "GIB": 1024**3, "T": 1024**4, "TB": 1000**4, "TIB": 1024**4}


def parse_size(size) -> int:
    """``4096`` -> 4096; ``"64MiB"`` / ``"64M"`` -> 67108864; ``"1GB"`` -> 10**9 (fio's spelling)."""
    if isinstance(size, bool):
        raise TypeError("size must be a number of bytes or a string such as '64MiB'")
    if isinstance(size, int):
        return size
    text = str(size).strip().replace(" ", "").upper()
    digits = text.rstrip("KMGTIB")
    unit = text[len(digits):]
    if not digits or unit not in _UNITS:
        raise ValueError(f"Unknown size {size!r}: give bytes (an int) or a string such as '64MiB', '1GiB', '4K'")
    return int(float(digits) * _UNITS[unit])


def _lab(instance: Instance):
    return instance._ec2lab()


def mount(instance: Instance, device_name: str, path: str) -> dict:
    return _lab(instance).mount(InstanceId=instance.id, DeviceName=device_name, Path=path)


def write_file(instance: Instance, path: str, data) -> dict:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes or str, not {type(data).__name__}")
    encoded = base64.b64encode(bytes(data)).decode("ascii")
    return _lab(instance).write_file(InstanceId=instance.id, Path=path, Data=encoded)


def _decode(data) -> bytes:
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    return base64.b64decode(data)


def read_file(instance: Instance, path: str) -> bytes:
    return _decode(_lab(instance).read_file(InstanceId=instance.id, Path=path)["Data"])


def list_dir(instance: Instance, path: str) -> list:
    return _lab(instance).list_dir(InstanceId=instance.id, Path=path)["Entries"]


def io_test(instance: Instance, target: str, size, pattern: str, kwargs: dict) -> dict:
    """IoTest on a device (``/dev/sdf``, ``ephemeral0``) or a mounted path (``/data``);
    ``block_size`` (bytes or ``"16KiB"``) and ``queue_depth`` are fio's ``bs`` and ``iodepth``."""
    params: dict = {"InstanceId": instance.id, "Target": target, "SizeBytes": parse_size(size), "Pattern": pattern}
    if "block_size" in kwargs:
        params["BlockSizeBytes"] = parse_size(kwargs.pop("block_size"))
    if "queue_depth" in kwargs:
        params["QueueDepth"] = kwargs.pop("queue_depth")
    params.update(kwargs)
    answer = dict(_lab(instance).io_test(**params))
    answer.pop("ResponseMetadata", None)
    return answer


def list_devices(instance: Instance) -> list:
    """ListDevices: every block device of the instance (EBS and instance store), with its mount path."""
    return _lab(instance).list_devices(InstanceId=instance.id)["Devices"]
