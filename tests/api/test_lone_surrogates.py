"""Text that cannot be stored is refused, never a 500 (issue #14 finding 9; OWASP ASVS 5.0 V1.2/V2.2 input
validation): a lone surrogate ("\\ud800", valid JSON but not encodable as UTF-8) or a NUL in any string of an API
JSON body is a 422 naming the field, checked once where the API parses JSON and again in the records kit's
validation (so the CLI and imports are covered too)."""

import pytest

from forty2.core.errors import InvalidInput
from forty2.records.validation import clean, clean_note
from forty2.risk.definitions import RISK

pytestmark = pytest.mark.django_db
SURROGATE = '"bad \\ud800 label"'  # JSON text: the escape decodes to a lone surrogate


def _raw(api, method, path, json_text):
    return getattr(api, method)(path, raw=json_text)


def _locs(r):
    return [d["loc"] for d in r.json_body["detail"]]


def test_methodology_scale_labels(owner_api):
    body = ('{"likelihood_scale": [{"label": "Low"}, {"label": ' + SURROGATE + '}, {"label": "High"}]}')
    r = _raw(owner_api, "post", "/orgs/acme/risk-methodology/versions", body)
    assert r.status_code == 422, r.content
    assert ["body", "likelihood_scale", 1, "label"] in _locs(r)
    assert "surrogate" in r.json_body["detail"][0]["msg"]


def test_methodology_dimension_labels(owner_api):
    body = '{"dimensions": [{"key": "people", "label": ' + SURROGATE + '}]}'
    r = _raw(owner_api, "post", "/orgs/acme/risk-methodology/versions", body)
    assert r.status_code == 422 and ["body", "dimensions", 0, "label"] in _locs(r)


def test_requirement_status_note(owner_api):
    r = _raw(owner_api, "put", "/orgs/acme/requirements/iso-iec-42001-2023/A.6.2.4/status",
             '{"status": "partial", "note": ' + SURROGATE + '}')
    assert r.status_code == 422 and ["body", "note"] in _locs(r)
    assert owner_api.get("/orgs/acme/requirements/iso-iec-42001-2023/A.6.2.4/status").json_body["version"] == 0


@pytest.mark.parametrize("method, path, body", [
    ("post", "/orgs/acme/risks", '{"title": %s}'),
    ("post", "/orgs/acme/ai-systems", '{"name": "Triage", "purpose": %s}'),
    ("post", "/orgs/acme/ai-systems", '{"name": "Triage", "purpose": "x", "tags": [%s]}'),
    ("post", "/orgs/acme/risks", '{%s: "an unknown key is text too"}'),
    ("post", "/orgs/acme/risks", '{"title": "NUL \\u0000 inside"}'),
])
def test_any_json_string_anywhere_in_a_body(owner_api, method, path, body):
    r = _raw(owner_api, method, path, body % SURROGATE if "%s" in body else body)
    assert r.status_code == 422, r.content
    assert all(loc[0] == "body" for loc in _locs(r))


def test_the_records_kit_refuses_them_for_every_face():
    """The CLI and imports do not pass through the API's parser: argv can carry surrogates (surrogateescape)."""
    for bad in ("x\ud800", "x\udcff", "x\x00"):
        with pytest.raises(InvalidInput) as exc:
            clean(RISK, None, {"title": bad}, partial=True)
        assert exc.value.errors[0]["loc"][-1] == "title"
        with pytest.raises(InvalidInput):
            clean_note(bad, 100)
