"""The exceptions, shaped like botocore's: ClientError, ParamValidationError, WaiterError."""
from __future__ import annotations

from . import i18n


class _Hinted:
    """A plain-language hint in English and Korean; ``.hint`` follows ``set_language``."""

    hint_en: str = ""
    hint_ko: str = ""

    @property
    def hint(self) -> str:
        return i18n.pick(self.hint_en, self.hint_ko)

    def _note_hint(self) -> None:
        # Shown under the traceback on Python 3.11+ (PEP 678); str(e) stays botocore's text.
        text = self.hint
        if not text:
            return
        note = f"{i18n.label('hint')}: {text}"
        if hasattr(self, "add_note"):
            self.add_note(note)  # type: ignore[attr-defined]
        else:
            self.__notes__ = [*getattr(self, "__notes__", []), note]


class ClientError(Exception, _Hinted):
    """An error answered by the (simulated) service, like ``botocore.exceptions.ClientError``.

    ``e.response["Error"]["Code"]`` is the AWS error code; ``e.hint`` says what rule was
    broken and what to do instead.
    """

    MSG_TEMPLATE = "An error occurred ({error_code}) when calling the {operation_name} operation{retry_info}: {error_message}"

    def __init__(self, error_response: dict, operation_name: str, hint_en: str = "", hint_ko: str = ""):
        retry_info = self._get_retry_info(error_response)
        error = error_response.get("Error", {})
        msg = self.MSG_TEMPLATE.format(
            error_code=error.get("Code", "Unknown"),
            error_message=error.get("Message", "Unknown"),
            operation_name=operation_name,
            retry_info=retry_info,
        )
        super().__init__(msg)
        self.response = error_response
        self.operation_name = operation_name
        self.hint_en = hint_en
        self.hint_ko = hint_ko

    @staticmethod
    def _get_retry_info(response: dict) -> str:
        metadata = response.get("ResponseMetadata", {})
        if metadata.get("MaxAttemptsReached", False) and "RetryAttempts" in metadata:
            return f" (reached max retries: {metadata['RetryAttempts']})"
        return ""

    def __reduce__(self):
        return ClientError, (self.response, self.operation_name, self.hint_en, self.hint_ko)


class _BotoStyleError(Exception):
    """botocore's BotoCoreError pattern: a ``fmt`` filled from keyword arguments kept in ``.kwargs``."""

    fmt = "An unspecified error occurred"

    def __init__(self, **kwargs):
        super().__init__(self.fmt.format(**kwargs))
        self.kwargs = kwargs

    def __reduce__(self):
        return _rebuild, (self.__class__, self.kwargs, self.__dict__)


def _rebuild(cls, kwargs, state):
    err = cls.__new__(cls)
    Exception.__init__(err, cls.fmt.format(**kwargs))
    err.__dict__.update(state)
    return err


class ParamValidationError(_BotoStyleError, _Hinted):
    """The request does not match the operation's parameters (raised before any call, as botocore does)."""

    fmt = "Parameter validation failed:\n{report}"

    def __init__(self, report: str, hint_en: str = "", hint_ko: str = ""):
        super().__init__(report=report)
        self.hint_en = hint_en
        self.hint_ko = hint_ko


class WaiterError(_BotoStyleError):
    """A waiter reached a failure state, met an unexpected error, or ran out of attempts."""

    fmt = "Waiter {name} failed: {reason}"

    def __init__(self, name: str, reason: str, last_response: dict):
        super().__init__(name=name, reason=reason)
        self.last_response = last_response

    @property
    def name(self) -> str:
        return self.kwargs["name"]

    @property
    def reason(self) -> str:
        return self.kwargs["reason"]


_PV_PREFIX = "Parameter validation failed:\n"


def validation_report(err) -> str:
    """The report of a ParamValidation ``_core.CoreError`` (its message without botocore's prefix)."""
    return err.message[len(_PV_PREFIX):] if err.message.startswith(_PV_PREFIX) else err.message


def error_response(err, request_id: str, headers: dict | None = None) -> dict:
    """The parsed error response botocore builds for a service error (``_core.CoreError``);
    shared by the native client and the boto3 bridge."""
    return {
        "Error": {"Code": err.code, "Message": err.message},
        "ResponseMetadata": {
            "RequestId": request_id,
            "HTTPStatusCode": err.status,
            "HTTPHeaders": {} if headers is None else headers,
            "RetryAttempts": 0,
        },
    }


def from_core(err, operation_name: str, request_id):
    """The Python exception for a ``_core.CoreError``; ``request_id`` is called for service errors."""
    if err.kind == "ParamValidation":
        exc = ParamValidationError(report=validation_report(err), hint_en=err.hint_en, hint_ko=err.hint_ko)
    else:
        exc = ClientError(error_response(err, request_id()), operation_name, hint_en=err.hint_en, hint_ko=err.hint_ko)
    exc._note_hint()
    return exc
