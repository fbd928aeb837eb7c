"""Spot and Reserved Instances from Python: the notebook helpers (ec2lab.purchase), an
interruption read the way the instance reads it (instance.metadata), and Reserved Instances."""
from __future__ import annotations

import json

import pytest

import ec2lab
from ec2lab import purchase


def test_a_spot_request_is_fulfilled_and_the_instance_reads_its_notice():
    cloud = ec2lab.Cloud(seed=11)
    [req] = cloud.request_spot("al2023", "m5.large", az="us-east-1a")
    assert (req.state, req.status) == ("open", "pending-evaluation")
    cloud.advance(10)
    assert (req.state, req.status) == ("active", "fulfilled")
    inst = req.instance
    assert inst.lifecycle == "spot"
    inst.wait_until_running()
    assert inst.metadata("spot/instance-action")[0] == 404
    assert inst.metadata("instance-life-cycle") == (200, "spot")
    assert inst.metadata("placement/availability-zone") == (200, "us-east-1a")
    got = inst.interrupt()
    assert got["Action"] == "terminate"
    status, body = inst.metadata("spot/instance-action")
    assert status == 200
    doc = json.loads(body)
    assert doc["action"] == "terminate"
    assert doc["time"] == got["Time"].strftime("%Y-%m-%dT%H:%M:%SZ")
    assert inst.metadata("events/recommendations/rebalance")[0] == 200
    assert req.status == "marked-for-termination"
    cloud.advance(120)
    assert inst.state == "shutting-down"
    assert inst.describe()["StateReason"]["Code"] == "Server.SpotInstanceTermination"
    cloud.advance(300)
    assert (req.state, req.status) == ("closed", "instance-terminated-no-capacity")
    with pytest.raises(ec2lab.ClientError) as info:
        inst.metadata("instance-id")
    assert info.value.response["Error"]["Code"] == "IncorrectInstanceState"


def test_an_on_demand_instance_is_on_demand():
    cloud = ec2lab.Cloud(seed=12)
    inst = cloud.run_instance("al2023", "t3.micro")
    inst.wait_until_running()
    assert inst.lifecycle == "on-demand"
    assert inst.metadata("instance-life-cycle") == (200, "on-demand")
    assert inst.metadata("nothing/here")[0] == 404


def test_spot_prices_are_below_on_demand_and_move():
    cloud = ec2lab.Cloud(seed=13)
    cloud.advance(2 * 24 * 3600)
    rows = cloud.spot_prices("m5.large", az="us-east-1a", hours=48)
    assert len(rows) >= 5
    assert rows == sorted(rows)
    on_demand = 0.096
    assert all(0 < p < on_demand for _, _, p in rows)
    assert len({p for _, _, p in rows}) > 1
    assert purchase.current_spot_price(cloud, "m5.large", "us-east-1a") == rows[-1][2]


def test_reserved_instances_from_python():
    cloud = ec2lab.Cloud(seed=14)
    offers = purchase.reserved_offerings(cloud, "m5.large")
    assert sorted(o["OfferingType"] for o in offers) == ["All Upfront", "No Upfront", "Partial Upfront"]
    all_upfront = next(o for o in offers if o["OfferingType"] == "All Upfront")
    ri = purchase.buy_reserved(cloud, all_upfront["ReservedInstancesOfferingId"], count=1)
    assert (ri["State"], ri["InstanceCount"], ri["Duration"]) == ("active", 1, 31536000)
    cloud.advance(31536000)
    assert cloud.client("ec2").describe_reserved_instances()["ReservedInstances"][0]["State"] == "retired"
