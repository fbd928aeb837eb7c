"""Every implemented operation's response, called without parameters where it allows that,
has botocore's output shape (operations that need parameters are checked by their own tests)."""
import pytest

import ec2lab
from ec2lab import _core


@pytest.mark.parametrize("operation", _core.Core.implemented_operations("ec2"))
def test_response_has_the_botocore_shape(operation, botocore_shape):
    client = ec2lab.Cloud(seed=0).client("ec2")
    snake = {op: s for s, op in ec2lab.client.operation_names("ec2").items()}[operation]
    try:
        response = getattr(client, snake)()
    except (ec2lab.ParamValidationError, ec2lab.ClientError) as e:
        pytest.skip(f"{operation} cannot be called without parameters here: {e}")
    botocore_shape("ec2", operation, response)
