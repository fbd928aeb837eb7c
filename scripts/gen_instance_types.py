"""Generate ec2lab's instance type catalog (src/catalog/data/) from the data moto ships.

Where the data comes from: moto (https://github.com/getmoto/moto) keeps what real AWS returned
for DescribeInstanceTypes and DescribeInstanceTypeOfferings in
  moto/ec2/resources/instance_types.json.gz                      (InstanceTypeInfo, AWS shape)
  moto/ec2/resources/instance_type_offerings/availability-zone/<region>.json.gz
  moto/ec2/resources/instance_type_offerings/region/<region>.json.gz
This script reads those files from the installed moto package and writes, for the Rust crate:

  src/catalog/data/instance_types.json
      {"source": ..., "fields": [...], "types": [[...], ...]}: one compact row per type, sorted
      by name, with the facts the simulator checks (the fields of `catalog::InstanceType`, in
      the order of "fields"). Small, so that a lookup costs about a millisecond to load.
  src/catalog/data/instance_type_info.json
      The full AWS InstanceTypeInfo of every type, for DescribeInstanceTypes and its filters:
      {"keys": [top-level member names, except InstanceType],
       "pools": {member: [distinct values]},           one value per line
       "types": [[name, v_0, v_1, ...], ...]}          one type per line, same order
      v_i is the value of keys[i]: a scalar inline, the index into pools[keys[i]] for a
      structure or list member, null when the member is absent. Deduplicating the nested
      members shrinks the data from 2.8 MB to about a quarter. Loaded only when first needed.
  src/catalog/data/offerings.json
      {region: {"zones": "abcdef", "types": {name: "<AZ letters offering it>"}}}
      for the regions ec2lab models only. Offerings are mapped by AZ *name* (moto's AZ ids
      need not match ec2lab's name-to-id mapping, which lives in src/geo/mod.rs).

Every type moto has is kept, previous-generation ones too (CurrentGeneration=false as AWS says).

One deliberate change: FreeTierEligible follows the classic 12-month free tier that the course
notes teach (750 hours a month of t2.micro; ../shared/aws-facts.md section 11). moto's data was
captured after July 2025, when AWS's new "free plan" made t3.micro, t3.small, t4g.micro,
t4g.small, c7i-flex.large and m7i-flex.large eligible instead. In every region ec2lab models
t2.micro is offered, so under the classic rule it is the only eligible type.

moto is not needed at build time or on CI: the output is checked in. Rerun by hand after
upgrading moto:  python scripts/gen_instance_types.py
"""
import gzip
import json
import os

import moto

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "catalog", "data")
MOTO = os.path.join(os.path.dirname(moto.__file__), "ec2", "resources")

# Must match src/geo/mod.rs (names and AZ letters).
REGIONS = {
    "us-east-1": "abcdef",
    "us-west-2": "abcd",
    "eu-west-1": "abc",
    "ap-northeast-2": "abcd",
}

# The classic free tier (see the docstring).
CLASSIC_FREE_TIER = {"t2.micro"}


def dumps(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_gz(*parts):
    with gzip.open(os.path.join(MOTO, *parts), "rt", encoding="utf-8") as f:
        return json.load(f)


# The order of a summary row; src/catalog/data.rs reads rows in exactly this order.
FIELDS = [
    "name", "current_generation", "free_tier_eligible", "vcpus", "memory_mib", "architectures",
    "burstable", "bare_metal", "hypervisor", "instance_store", "instance_store_nvme",
    "hibernation_supported", "root_device_types", "virtualization_types", "network_performance",
    "processor_manufacturer", "default_cores", "default_threads_per_core", "boot_modes",
]


def summary(info):
    store = info.get("InstanceStorageInfo") or {}
    row = {
        "name": info["InstanceType"],
        "current_generation": info["CurrentGeneration"],
        "free_tier_eligible": info["FreeTierEligible"],
        "vcpus": info["VCpuInfo"]["DefaultVCpus"],
        "memory_mib": info["MemoryInfo"]["SizeInMiB"],
        "architectures": info["ProcessorInfo"]["SupportedArchitectures"],
        "burstable": info["BurstablePerformanceSupported"],
        "bare_metal": info["BareMetal"],
        "hypervisor": info.get("Hypervisor"),
        "instance_store": [[d["Count"], d["SizeInGB"], d["Type"]] for d in store.get("Disks", [])],
        "instance_store_nvme": store.get("NvmeSupport", "unsupported") != "unsupported",
        "hibernation_supported": info["HibernationSupported"],
        "root_device_types": info["SupportedRootDeviceTypes"],
        "virtualization_types": info["SupportedVirtualizationTypes"],
        "network_performance": info["NetworkInfo"]["NetworkPerformance"],
        "processor_manufacturer": info["ProcessorInfo"].get("Manufacturer"),
        "default_cores": info["VCpuInfo"].get("DefaultCores", info["VCpuInfo"]["DefaultVCpus"]),
        "default_threads_per_core": info["VCpuInfo"].get("DefaultThreadsPerCore", 1),
        "boot_modes": info.get("SupportedBootModes", ["legacy-bios"]),
    }
    assert list(row) == FIELDS
    return list(row.values())


def catalog():
    raw = load_gz("instance_types.json.gz")
    keys = sorted({k for info in raw.values() for k in info if k != "InstanceType"})
    pooled = sorted({k for info in raw.values() for k, v in info.items() if isinstance(v, (dict, list))})
    pools = {k: {} for k in pooled}
    rows = []
    summaries = []
    for name in sorted(raw):
        info = dict(raw[name])
        assert info["InstanceType"] == name
        info["FreeTierEligible"] = name in CLASSIC_FREE_TIER
        summaries.append(summary(info))
        row = [name]
        for k in keys:
            if k not in info:
                row.append(None)
            elif k in pools:
                row.append(pools[k].setdefault(dumps(info[k]), len(pools[k])))
            else:
                assert not isinstance(info[k], (dict, list)) and info[k] is not None, (name, k)
                row.append(info[k])
        rows.append(row)
    source = f'"source":{dumps("moto " + moto.__version__ + " ec2/resources/instance_types.json.gz; FreeTierEligible = classic 12-month free tier (t2.micro)")},'
    short = ["{", source, f'"fields":{dumps(FIELDS)},', '"types":[']
    short.extend(dumps(r) + ("," if j + 1 < len(summaries) else "") for j, r in enumerate(summaries))
    short.append("]}")
    lines = ["{", source]
    lines.append(f'"keys":{dumps(keys)},')
    lines.append('"pools":{')
    for i, k in enumerate(pooled):
        lines.append(f"{dumps(k)}:[")
        entries = list(pools[k])  # insertion order = index order
        lines.extend(e + ("," if j + 1 < len(entries) else "") for j, e in enumerate(entries))
        lines.append("]" + ("," if i + 1 < len(pooled) else ""))
    lines.append("},")
    lines.append('"types":[')
    lines.extend(dumps(r) + ("," if j + 1 < len(rows) else "") for j, r in enumerate(rows))
    lines.append("]}")
    return set(raw), "\n".join(short) + "\n", "\n".join(lines) + "\n"


def offerings(known):
    lines = ["{"]
    for i, (region, letters) in enumerate(REGIONS.items()):
        in_region = {o["InstanceType"] for o in load_gz("instance_type_offerings", "region", f"{region}.json.gz")}
        zones = {t: "" for t in in_region}
        for o in load_gz("instance_type_offerings", "availability-zone", f"{region}.json.gz"):
            letter = o["Location"][len(region):]
            assert o["Location"].startswith(region) and len(letter) == 1, o
            if letter in letters:
                zones.setdefault(o["InstanceType"], "")
                zones[o["InstanceType"]] += letter
        unknown = set(zones) - known
        assert not unknown, f"{region} offers types the catalog lacks: {sorted(unknown)}"
        lines.append(f'{dumps(region)}:{{"zones":{dumps(letters)},"types":{{')
        names = sorted(zones)
        lines.extend(f'{dumps(t)}:{dumps("".join(sorted(zones[t])))}' + ("," if j + 1 < len(names) else "") for j, t in enumerate(names))
        lines.append("}}" + ("," if i + 1 < len(REGIONS) else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    known, types_json, info_json = catalog()
    offers_json = offerings(known)
    outputs = [("instance_types.json", types_json), ("instance_type_info.json", info_json), ("offerings.json", offers_json)]
    for name, text in outputs:
        json.loads(text)
        assert "\\" not in text, f"{name}: the Rust side borrows strings, so they must need no escapes"
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote src/catalog/data/{name}: {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
