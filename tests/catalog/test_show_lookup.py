"""``forty2 catalog show SLUG REF`` finds a requirement however the ref is cased, clips very long texts, and
output cut short by ``| head`` ends quietly (ISO/IEC 42001 4.2)."""

import io

import pytest
from django.core.management import call_command

from forty2.catalog.models import Requirement

pytestmark = pytest.mark.django_db


def test_refs_are_found_ignoring_case(cli):
    run = cli("show", "iso-iec-42001-2023", "a.6.2.4")
    assert run.code == 0
    assert run.out.startswith("ISO/IEC 42001 A.6.2.4 ")


def test_the_web_and_api_find_refs_ignoring_case_too(owner_api):
    r = owner_api.get("/catalog/frameworks/iso-iec-42001-2023/requirements/a.6.2.4")
    assert r.status_code == 200 and r.json_body["ref"] == "A.6.2.4"


def test_long_texts_are_clipped(cli):
    Requirement.objects.filter(framework__slug="iso-iec-42001-2023", ref="4.1").update(official_text="y" * 9000)
    out = cli("show", "iso-iec-42001-2023", "4.1").out
    assert "[... 5000 more characters]" in out and len(out) < 8000


class GonePipe(io.StringIO):
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_is_not_an_error():
    call_command("catalog", "show", "iso-iec-42001-2023", stdout=GonePipe())  # no exception
