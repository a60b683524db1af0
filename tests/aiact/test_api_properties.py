"""Property tests through HTTP: any valid answers classify (200 with a tier, Art. 5, 6, 50), any invalid answers
are a 422 with field errors, never a 5xx."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forty2.accounts.services import create_token
from forty2.aiact.engine import TIERS
from forty2.aiact.validation import ANSWER_FIELDS
from forty2.tenancy import services as tenancy
from tests.aiact.strategies import valid_answers
from tests.conftest import ApiClient

_JUNK = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=6), st.lists(st.integers(), max_size=2),
                  st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@st.composite
def invalid_answers(draw):
    data = draw(valid_answers())
    how = draw(st.sampled_from(["unknown_key", "bad_value", "point"]))
    if how == "unknown_key":
        data[draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in ANSWER_FIELDS))] = draw(_JUNK)
    elif how == "bad_value":
        name = draw(st.sampled_from(sorted(ANSWER_FIELDS)))
        spec = ANSWER_FIELDS[name]
        value = draw(_JUNK.filter(lambda v: _is_invalid(spec, v)))
        data[name] = value
    else:
        data["annex_iii_areas"] = []
        data["annex_iii_point"] = draw(st.sampled_from(["4(a)", "9", "2(b)", "1(d)", "x"]))
    return data


def _is_invalid(spec, value) -> bool:
    kind = spec["type"]
    if value is None:
        return not spec.get("nullable")
    if kind == "bool":
        return not isinstance(value, bool)
    if kind == "choice":
        return value not in spec["choices"]
    if kind == "multi":
        ok = isinstance(value, list) and all(isinstance(v, str) and v in spec["choices"] for v in value)
        return not (ok and len(set(value)) == len(value))
    if kind == "number":
        return isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0
    return not isinstance(value, str)  # the Annex III point: any non-string is wrong


@pytest.fixture
def api(db):
    org = tenancy.create_organization(slug="prop", name="Prop")
    m = tenancy.add_member(org, email="prop@example.com", role="viewer")
    return ApiClient(create_token(user=m.user, organization=org)[1])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=valid_answers())
def test_any_valid_answers_classify(api, data):
    r = api.post("/ai-act/classify", raw=json.dumps(data))
    assert r.status_code == 200, (data, r.json_body)
    assert r.json_body["tier"] in TIERS and r.json_body["reasons"]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=invalid_answers())
def test_any_invalid_answers_are_a_422_never_a_500(api, data):
    r = api.post("/ai-act/classify", raw=json.dumps(data))
    assert r.status_code == 422, (data, r.status_code, r.json_body)
    assert r.json_body["detail"] and all(e["loc"][0] == "body" for e in r.json_body["detail"])
