"""What every notebook object with an id has in common (``Image``, ``Volume``, ``Snapshot``,
``Instance``): identity (cloud, region, id), ``describe()`` through one Describe* call, botocore's
waiters on that id, the listing behind ``cloud.volumes(...)``-style finders, and the
"this resource is gone" check of the HTML cards. Subclasses only say which operation and keys.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cloud import Cloud


class Resource:
    """Base of the notebook objects; a subclass sets the class attributes below."""

    _describe_operation = ""  # boto3 method name, e.g. "describe_volumes"
    _id_parameter = ""  # its list-of-ids parameter, e.g. "VolumeIds" (also the waiters')
    _result_key = ""  # the list in its answer, e.g. "Volumes"
    _id_key = ""  # the id inside one item of that list, e.g. "VolumeId"
    _not_found_code = ""  # the error code once the resource is gone, e.g. "InvalidVolume.NotFound"

    def __init__(self, cloud: Cloud, resource_id: str, region_name: str | None = None, _client=None):
        self.cloud = cloud
        self.id = resource_id
        self.region = region_name or cloud.region
        self._ec2 = _client if _client is not None else cloud.client("ec2", self.region)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r}, region={self.region!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, type(self)) and (other.cloud, other.region, other.id) == (self.cloud, self.region, self.id)

    def __hash__(self) -> int:
        return hash((self.region, self.id))

    def describe(self) -> dict:
        """The resource as its Describe* operation returns it (boto3's dict)."""
        answer = getattr(self._ec2, self._describe_operation)(**{self._id_parameter: [self.id]})
        return answer[self._result_key][0]

    def _wait(self, waiter: str, kwargs: dict):
        """botocore's waiter ``waiter`` on this id (in virtual time); returns self."""
        self._ec2.get_waiter(waiter).wait(**{self._id_parameter: [self.id]}, **kwargs)
        return self

    def _gone(self, e) -> dict:
        """The error of ``e`` (a ClientError) if it says this resource no longer exists; any
        other error is raised again."""
        error = e.response["Error"]
        if error.get("Code") != self._not_found_code:
            raise e
        return error


def query(kwargs: dict, params: dict | None = None) -> dict:
    """Describe* parameters from a finder's keywords: boto3 parameters (capitalised) pass
    unchanged; other keywords are filters (``volume_id="vol-..."`` is the filter ``volume-id``;
    ``tags={"app": "web"}`` are ``tag:app`` filters)."""
    from .instance import _filters

    params = dict(params or {})
    friendly: dict = {}
    for key, value in kwargs.items():
        if key == "tags":
            friendly.update({f"tag:{k}": v for k, v in (value or {}).items()})
        elif key[:1].isupper():
            params[key] = value
        else:
            friendly[key.replace("_", "-")] = value
    if friendly:
        params["Filters"] = [*params.get("Filters", []), *_filters(friendly)]
    return params


def find_all(cls: type, cloud: Cloud, region_name: str | None, params: dict) -> list:
    """Every ``cls`` its Describe* operation returns for ``params``, page after page."""
    region = region_name or cloud.region
    ec2 = cloud.client("ec2", region)
    describe = getattr(ec2, cls._describe_operation)
    params = dict(params)
    found = []
    while True:
        page = describe(**params)
        found.extend(cls(cloud, item[cls._id_key], region, ec2) for item in page[cls._result_key])
        token = page.get("NextToken")
        if not token:
            return found
        params["NextToken"] = token
