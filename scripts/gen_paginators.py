"""Copy botocore's paginator definitions (paginators-1.json) into the Python package, so that
``client.get_paginator(...)`` works without botocore. Run: python scripts/gen_paginators.py"""
import json
import os

import botocore.exceptions
import botocore.session

SERVICES = ["ec2", "elbv2", "cloudwatch", "autoscaling", "sns"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    session = botocore.session.get_session()
    for svc in SERVICES:
        model = session.get_service_model(svc)
        try:
            data = session.get_component("data_loader").load_service_model(svc, "paginators-1", model.api_version)
        except botocore.exceptions.UnknownServiceError:
            continue
        path = os.path.join(ROOT, "python", "ec2lab", "data", "paginators", f"{svc}.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
