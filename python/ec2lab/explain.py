"""``explain_instance_type("c5n.xlarge")``: what an instance type's name says, part by part,
as the core explains it (ec2lab's own ``ExplainInstanceType`` operation)."""
from __future__ import annotations

from . import _core, errors, i18n

_door = None


def _core_door():
    global _door
    if _door is None:
        _door = _core.Core(0)
    return _door


class Explanation(dict):
    """The core's answer: a dict whose fields are also attributes (``e.Lines``);
    ``str(e)`` is the explanation as text, and notebooks show it as HTML."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self):
        return sorted(set(dict.__dir__(self)) | {k for k in self if isinstance(k, str) and k.isidentifier()})

    @property
    def lines(self):
        return list(self.get("Lines", []))

    def __str__(self) -> str:
        return "\n".join(str(line) for line in self.lines)

    def _repr_html_(self) -> str:
        import html

        title = html.escape(str(self.get("InstanceType", "")))
        items = "".join(f"<li>{html.escape(str(line))}</li>" for line in self.lines)
        head = f"<b>{html.escape(i18n.label('explain_title'))}: <code>{title}</code></b>" if title else ""
        return f'<div class="ec2lab-explain">{head}<ul>{items}</ul></div>'


def explain_instance_type(name: str, language: str | None = None) -> Explanation:
    """Explains an instance type name (family, generation, attributes, size) in the current
    language, or ``language`` ("en" / "ko"). Raises ClientError for a name that is not valid."""
    lang = language or i18n.get_language()
    door = _core_door()
    try:
        answer = door.call("ec2lab", "us-east-1", "ExplainInstanceType", {"InstanceType": name, "Language": lang})
    except _core.CoreError as e:
        raise errors.from_core(e, "ExplainInstanceType", door.request_id) from None
    return Explanation(answer)
