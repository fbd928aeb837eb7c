"""Extract from botocore's service models what ec2lab needs at run time without botocore:
every operation's boto3 method name, and the paths of timestamp and blob members in its input
and output (so the bindings hand back datetimes and bytes exactly where boto3 would).
Also copies botocore's waiter definitions. Run: python scripts/gen_shapes.py"""
import json
import os

import botocore.exceptions
import botocore.session
from botocore import xform_name

SERVICES = ["ec2", "elbv2", "cloudwatch", "autoscaling", "sns", "ebs"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def walk(shape, path, seen, kinds):
    if shape is None or len(path) > 14:
        return []
    t = shape.type_name
    if t in kinds:
        return [(t, ".".join(path))]
    out = []
    if t == "structure" and shape.name not in seen:
        for name, member in shape.members.items():
            out += walk(member, path + [name], seen | {shape.name}, kinds)
    elif t == "list":
        out += walk(shape.member, path + ["[]"], seen, kinds)
    elif t == "map":
        out += walk(shape.value, path + ["{}"], seen, kinds)
    return out


def main():
    session = botocore.session.get_session()
    shapes = {}
    for svc in SERVICES:
        model = session.get_service_model(svc)
        ops = {}
        for name in model.operation_names:
            op = model.operation_model(name)
            entry = {"snake": xform_name(name)}
            out = walk(op.output_shape, [], frozenset(), {"timestamp", "blob"})
            inp = walk(op.input_shape, [], frozenset(), {"blob"})
            if any(k == "timestamp" for k, _ in out):
                entry["ts"] = [p for k, p in out if k == "timestamp"]
            if any(k == "blob" for k, _ in out):
                entry["blob"] = [p for k, p in out if k == "blob"]
            if inp:
                entry["in_blob"] = [p for _, p in inp]
            ops[name] = entry
        shapes[svc] = {"api_version": model.api_version, "protocol": model.metadata["protocol"], "operations": ops}
        try:
            waiters = session.get_component("data_loader").load_service_model(svc, "waiters-2", model.api_version)
        except botocore.exceptions.UnknownServiceError:
            waiters = None  # a service without waiters (autoscaling, sns)
        if waiters:
            path = os.path.join(ROOT, "python", "ec2lab", "data", "waiters", f"{svc}.json")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                json.dump(waiters, f, indent=1, sort_keys=True)
                f.write("\n")
    with open(os.path.join(ROOT, "src", "api", "shapes.json"), "w") as f:
        json.dump(shapes, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
