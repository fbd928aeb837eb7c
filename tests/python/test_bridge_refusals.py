"""Every refusal of test_refusals.py, made through real boto3 and the bridge: botocore's own
ClientError with the same code, message, HTTP status and hints as the native client, and the
world left as it was. A refusal case added there runs here too."""
from __future__ import annotations

import boto3
import botocore.exceptions
import botocore.session
import botocore.validate
import pytest

import ec2lab

import test_refusals as refusals


class BotoCloud:
    """A Cloud whose ``client(...)`` hands out boto3 clients (answered by the bridge) for the
    services botocore models; ec2lab's own service has no boto3 client, so it stays native."""

    def __init__(self, cloud: ec2lab.Cloud):
        self._cloud = cloud

    def client(self, service: str, region_name=None):
        if service not in botocore.session.get_session().get_available_services():
            return self._cloud.client(service, region_name=region_name)
        return boto3.client(service, region_name=region_name or self._cloud.region)

    def __getattr__(self, name):
        return getattr(self._cloud, name)


def _first_unimplemented_without_required_members() -> str:
    """through boto3, botocore validates before the call: the not-implemented case needs an
    operation that can be called with no parameters."""
    model = botocore.session.get_session().get_service_model("ec2")
    implemented = set(ec2lab._core.Core.implemented_operations("ec2"))
    for snake, op in sorted(ec2lab._core.Core.operation_names("ec2").items()):
        if op not in implemented and not model.operation_model(op).input_shape.required_members:
            return snake
    raise AssertionError("every unimplemented EC2 operation has required members")


def _call(case, lab):
    if case.id == "not-implemented":
        return getattr(lab.ec2, _first_unimplemented_without_required_members())()
    return case.call(lab)


def _native(case):
    lab = case.setup(ec2lab.Cloud(seed=0))
    with pytest.raises(ec2lab.ClientError) as info:
        _call(case, lab)
    return info.value


@pytest.mark.parametrize("case", refusals._params(refusals.CASES))
def test_refusal_through_boto3(case):
    expected = _native(case)
    lab = case.setup(ec2lab.Cloud(seed=0))
    before = refusals.world(lab)
    native_ec2 = lab.ec2
    sent = []
    with ec2lab.mock_aws(lab.cloud):
        lab.ec2 = boto3.client("ec2", region_name=lab.region)
        lab.ec2.meta.events.register("provide-client-params", lambda params, model, **kw: sent.append((dict(params), model)))
        lab.cloud = BotoCloud(lab.cloud)
        try:
            with pytest.raises(Exception) as info:
                _call(case, lab)
        finally:
            lab.ec2, lab.cloud = native_ec2, lab.cloud._cloud
    err = info.value
    if isinstance(err, botocore.exceptions.ParamValidationError):
        # botocore checks the model's ranges (a MaxResults below its min) before sending, so
        # through boto3 these never reach the service; the native client lets the core answer
        # as the EC2 API does for SDKs that do not validate.
        params, model = sent[-1]
        report = botocore.validate.ParamValidator().validate(params, model.input_shape)
        assert report.has_errors() and report.generate_report() in str(err)
        assert refusals.world(lab) == before
        return
    native_only = isinstance(err, ec2lab.ClientError)  # ec2lab's own service (no boto3 client)
    if not native_only:
        assert type(err) is botocore.exceptions.ClientError or isinstance(err, botocore.exceptions.ClientError), type(err)
    assert err.response["Error"] == expected.response["Error"]
    assert err.response["ResponseMetadata"]["HTTPStatusCode"] == expected.response["ResponseMetadata"]["HTTPStatusCode"] == case.status
    assert (err.hint_en, err.hint_ko) == (expected.hint_en, expected.hint_ko)
    assert err.operation_name == expected.operation_name
    assert refusals.world(lab) == before
