"""CloudWatch metrics from notebooks: set_load, instance.metrics(), cloud.metric() and the SVG chart."""
from __future__ import annotations

import ec2lab


def _running(cloud, itype="t3.micro", **kw):
    inst = cloud.run_instance(instance_type=itype, **kw)
    inst.wait_until_running()
    return inst


def test_set_load_shows_in_cpu_utilization_with_a_chart():
    cloud = ec2lab.Cloud(seed=1)
    inst = _running(cloud, "m5.large", Monitoring={"Enabled": True})
    inst.set_load(cpu=40, network_in=1000)
    cloud.advance(600)
    cpu = inst.metrics("CPUUtilization", start=600)
    assert cpu.period == 60 and len(cpu) >= 9
    assert cpu.values[-1] == 40.0
    html = cpu._repr_html_()
    assert "<svg" in html and "polyline" in html and "CPUUtilization" in html
    both = inst.metrics(start=600)
    assert set(both) == {"CPUUtilization", "NetworkIn", "NetworkOut"}
    assert both["NetworkIn"].values[-1] == 60_000.0
    assert "<svg" in both._repr_html_()


def test_basic_monitoring_gives_five_minute_points_and_monitor_switches():
    cloud = ec2lab.Cloud(seed=2)
    inst = _running(cloud, "m5.large")
    inst.set_load(cpu=20)
    cloud.advance(1800)
    s = inst.metrics("CPUUtilization", start=1800)
    assert s.period == 300
    gaps = {(b - a).total_seconds() for a, b in zip(s.timestamps, s.timestamps[1:])}
    assert gaps == {300.0}
    inst.monitor()
    assert inst.describe()["Monitoring"]["State"] == "enabled"
    inst.monitor(False)
    assert inst.describe()["Monitoring"]["State"] == "disabled"


def test_cloud_metric_reads_custom_metrics_and_empty_series_render():
    cloud = ec2lab.Cloud(seed=3)
    cw = cloud.client("cloudwatch")
    for v in (5.0, 7.0):
        cw.put_metric_data(Namespace="Shop", MetricData=[{"MetricName": "Orders", "Value": v, "Dimensions": [{"Name": "Store", "Value": "seoul"}]}])
        cloud.advance(60)
    s = cloud.metric("Shop", "Orders", {"Store": "seoul"}, statistic="Sum", period=60, start=600)
    assert s.values == [5.0, 7.0]
    assert "Shop" in repr(s)
    empty = cloud.metric("Shop", "Nothing", period=60)
    assert len(empty) == 0 and "<svg" not in empty._repr_html_()


def test_t2_micro_is_throttled_to_its_baseline():
    cloud = ec2lab.Cloud(seed=4)
    inst = _running(cloud, "t2.micro")
    inst.set_load(cpu=100)
    cloud.advance(3600)
    cpu = inst.metrics("CPUUtilization", start=3600)
    assert cpu.values[0] > 90.0 and abs(cpu.values[-1] - 10.0) < 1e-6
    balance = inst.metrics("CPUCreditBalance", start=3600)
    assert balance.values[-1] < 1e-6
