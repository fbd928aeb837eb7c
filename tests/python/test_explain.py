"""explain_instance_type: the core's explanation, shown as text and HTML."""
import pytest

import ec2lab
from ec2lab.explain import Explanation


def _explain(name, language=None):
    try:
        return ec2lab.explain_instance_type(name, language=language)
    except ec2lab.ClientError as e:
        if e.response["Error"]["Code"] == "NotImplemented":
            pytest.skip("ExplainInstanceType is still a placeholder in the Rust core")
        raise


def test_explains_a_name_in_both_languages():
    en = _explain("c5n.xlarge", "en")
    ko = _explain("c5n.xlarge", "ko")
    assert en.Lines and all(isinstance(line, str) for line in en.Lines)
    assert str(en) == "\n".join(en.Lines)
    assert str(ko) != str(en)
    html = en._repr_html_()
    assert html.startswith('<div class="ec2lab-explain">') and "<li>" in html


def test_follows_the_current_language():
    ec2lab.set_language("ko")
    assert str(_explain("t3.micro")) == str(_explain("t3.micro", "ko"))


def test_the_explanation_object():
    e = Explanation({"InstanceType": "t3.micro", "Lines": ["a <b>", "c"], "Family": "t"})
    assert e.Family == "t" and e["Lines"] == ["a <b>", "c"] and str(e) == "a <b>\nc"
    assert "a &lt;b&gt;" in e._repr_html_() and "t3.micro" in e._repr_html_()
    with pytest.raises(AttributeError):
        e.Nope
    assert "Family" in dir(e)
