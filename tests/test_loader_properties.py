"""Property tests: whatever staff type into slogans.yaml, the loader loads it or explains where it is wrong."""

from __future__ import annotations

import string

import yaml
from campaign.content.slogans_file import parse_campaign
from campaign.problems import ContentError
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REAL = (ROOT / "slogans.yaml").read_text(encoding="utf-8")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                    st.sampled_from(["湖北质量 共创共享", "#B71C1C", "2020", "", " ", "~", "- a"]))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(["campaign", "slogans", "id", "text", "halves", "title", "year",
                                                   "colors", "contact", "primary", "accent"]), st.text(max_size=6)),
                        children, max_size=5),
    ),
    max_leaves=20,
)


def loads_or_explains(text: str) -> None:
    try:
        parse_campaign(text, "slogans.yaml")
    except ContentError as err:
        assert err.problems, "an error without problems"
        for problem in err.problems:
            assert problem.path == "slogans.yaml"
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_yaml_document_loads_or_explains(document):
    loads_or_explains(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "：，、“”〔〕中文质量", max_size=200))
def test_any_text_loads_or_explains(text):
    loads_or_explains(text)


@st.composite
def mutations(draw):
    """The real file with a few characters deleted, duplicated, replaced or inserted."""
    text = REAL
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line"]))
        piece = draw(st.sampled_from([":", "-", " ", "\n", "\t", "[", "]", "{", "'", '"', "#", "&a", "*a", "!",
                                      "质", "  ", "- ", ": ", "\n  ", "%", "@", "`", "|", ">"]))
        if action == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=30)):]
        elif action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "replace":
            text = text[:at] + piece + text[at + 1:]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end == -1 else end
            text = text[:end] + "\n" + text[start:end] + text[end:]
    return text


@settings(max_examples=500, deadline=None)
@given(mutations())
def test_mutations_of_the_real_file_load_or_explain(text):
    loads_or_explains(text)
