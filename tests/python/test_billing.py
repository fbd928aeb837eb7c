"""The bill from Python: cloud.bill(...), .total, .lines, .by_resource(), .forecast(hours=...),
the HTML table and SVG chart, Lightsail, Savings Plans, refusals with en/ko hints."""
import datetime as dt

import pytest

import ec2lab


def _running(cloud, instance_type="t3.micro", region=None):
    inst = cloud.run_instance(instance_type=instance_type, region_name=region)
    cloud.run_until(lambda: inst.state == "running")
    return inst


def test_bill_of_an_hour_of_t3_micro():
    cloud = ec2lab.Cloud("us-east-1", seed=1)
    inst = _running(cloud)
    start = cloud.now
    cloud.advance(3600)
    bill = cloud.bill(since=start, free_tier=False)
    box = [l for l in bill.lines if l["UsageType"] == "BoxUsage:t3.micro"]
    assert len(box) == 1 and box[0]["ResourceId"] == inst.id
    assert box[0]["Quantity"] == pytest.approx(1.0)
    assert box[0]["Cost"] == pytest.approx(0.0104)
    assert bill.total == pytest.approx(sum(l["Cost"] for l in bill.lines))
    by = bill.by_resource()
    assert by[inst.id] == pytest.approx(0.0104 + 0.005)  # compute + its public IPv4 address
    assert isinstance(bill.since, dt.datetime) and bill.until == cloud.now
    assert "Bill(" in repr(bill) and "total $" in repr(bill)


def test_forecast_equals_the_bill_after_leaving_it_running():
    cloud = ec2lab.Cloud("ap-northeast-2", seed=2)
    _running(cloud, "t3.medium")
    start = cloud.now
    forecast = cloud.forecast_bill(24, free_tier=False)
    cloud.advance(24 * 3600)
    assert cloud.bill(since=start, free_tier=False).total == pytest.approx(forecast.total)
    assert forecast.hours == 24
    assert forecast.forecast(hours=1).total < forecast.total


def test_display_table_and_chart():
    cloud = ec2lab.Cloud("ap-northeast-2", seed=3)
    _running(cloud, "t2.micro")
    cloud.allocate_elastic_ip()
    cloud.advance(5 * 3600)
    bill = cloud.bill()
    page = bill._repr_html_()
    assert "<table>" in page and "APN2-BoxUsage:t2.micro" in page and "<svg" in page
    assert "aws.amazon.com" in page  # price sources are shown
    svg = bill.svg()
    assert svg.startswith("<svg") and "Compute" in svg and "credits" in svg
    groups = bill.by_group()
    assert groups["Credits"] < 0 and groups["Public IPv4"] > 0
    assert bill.total >= 0


def test_lightsail_comparison_and_savings_plan():
    cloud = ec2lab.Cloud("us-east-1", seed=4)
    comp = cloud.lightsail_comparison()
    assert [r["BundlePrice"] for r in comp.rows][:3] == [5, 7, 12]
    assert "<table>" in comp._repr_html_()
    sp = cloud.purchase_savings_plan(0.02)
    assert sp.startswith("sp-")
    plans = cloud.client("ec2lab").describe_savings_plans()["SavingsPlans"]
    assert plans[0]["SavingsPlanId"] == sp and plans[0]["State"] == "active"


def test_refusals_carry_hints_in_both_languages():
    cloud = ec2lab.Cloud("us-east-1", seed=5)
    with pytest.raises(ec2lab.ClientError) as info:
        cloud.bill(until=cloud.now + dt.timedelta(hours=1))
    err = info.value
    assert err.response["Error"]["Code"] == "InvalidParameterValue"
    assert "forecast_bill" in err.hint_en and "forecast_bill" in err.hint_ko
    with pytest.raises(ec2lab.ClientError) as info:
        cloud.forecast_bill(0)
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    with pytest.raises(ec2lab.ClientError) as info:
        cloud.purchase_savings_plan(1, term_years=2)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    before = ec2lab.get_language()
    try:
        ec2lab.set_language("ko")
        with pytest.raises(ec2lab.ClientError) as info:
            cloud.forecast_bill(-1)
        assert "시간" in info.value.hint
    finally:
        ec2lab.set_language(before)


def test_a_new_account_has_an_empty_bill_not_an_error():
    cloud = ec2lab.Cloud(seed=5)
    bill = cloud.bill()
    assert bill.total == 0 and bill.lines == [] and str(bill.total) == "0.0"


def test_a_volume_being_deleted_is_not_in_the_forecast():
    cloud = ec2lab.Cloud(seed=6)
    ec2 = cloud.client("ec2")
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=100, VolumeType="gp3")["VolumeId"]
    cloud.advance(60)
    assert any(l["ResourceId"] == vol for l in cloud.forecast_bill(24).lines)
    ec2.delete_volume(VolumeId=vol)
    assert not any(l["ResourceId"] == vol for l in cloud.forecast_bill(24).lines)
