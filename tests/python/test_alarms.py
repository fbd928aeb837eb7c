"""Alarms and the inbox from Python: ``cloud.inbox(address)`` (the confirmation email and
``mail.confirm()``), an alarm going INSUFFICIENT_DATA → OK → ALARM on PutMetricData over virtual
time, the alarm email, and ``cloud.alarm(name)``'s HTML with its SVG state timeline."""
from __future__ import annotations

import json

import ec2lab


def _setup():
    cloud = ec2lab.Cloud(seed=1)
    sns, cw = cloud.client("sns"), cloud.client("cloudwatch")
    topic = sns.create_topic(Name="ops")["TopicArn"]
    assert sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="me@example.com")["SubscriptionArn"] == "pending confirmation"
    return cloud, sns, cw, topic


def test_inbox_confirmation_then_alarm_email():
    cloud, sns, cw, topic = _setup()
    box = cloud.inbox("me@example.com")
    assert len(box) == 1 and box.latest.subject == "AWS Notification - Subscription Confirmation"
    assert "Confirm subscription" in box._repr_html_() or "Subscription Confirmation" in box._repr_html_()
    arn = box[0].confirm()
    assert arn.startswith(topic + ":")
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == arn

    cw.put_metric_alarm(AlarmName="busy", Namespace="Lab", MetricName="Load", Statistic="Maximum", Period=60, EvaluationPeriods=1,
                        Threshold=80.0, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
    alarm = cloud.alarm("busy")
    assert alarm.state == "INSUFFICIENT_DATA"
    cw.put_metric_data(Namespace="Lab", MetricData=[{"MetricName": "Load", "Value": 20.0}])
    cloud.advance(60)
    assert alarm.state == "OK"
    cw.put_metric_data(Namespace="Lab", MetricData=[{"MetricName": "Load", "Value": 95.0}])
    cloud.advance(60)
    assert alarm.state == "ALARM"
    mail = cloud.inbox("me@example.com").latest
    assert mail.subject == 'ALARM: "busy" in US East (N. Virginia)'
    assert mail.time == cloud.now.replace(second=0, microsecond=0)
    assert "has entered the ALARM state" in mail.body

    segments = alarm.timeline()
    assert [s[2] for s in segments] == ["INSUFFICIENT_DATA", "OK", "ALARM"]
    html = alarm._repr_html_()
    assert "<svg" in html and html.count('data-state="ALARM"') == 1 and "busy" in html
    items = alarm.history("StateUpdate")
    assert json.loads(items[-1]["HistoryData"])["newState"]["stateValue"] == "ALARM"


def test_set_state_and_delete_from_the_object():
    cloud, sns, cw, topic = _setup()
    cw.put_metric_alarm(AlarmName="x", Namespace="Lab", MetricName="Load", Statistic="Average", Period=60, EvaluationPeriods=1,
                        Threshold=1.0, ComparisonOperator="GreaterThanThreshold")
    alarm = cloud.alarm("x")
    alarm.set_state("ALARM", "drill")
    assert alarm.reason == "drill"
    alarm.delete()
    assert "no alarm named" in alarm._repr_html_()
