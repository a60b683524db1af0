"""forty2 evidence add: the CLI checks a file exactly like the page and the API (issue #14 finding 10: one upload
limit, FORTY2_MAX_UPLOAD_BYTES, the same everywhere; finding 7: extension must match the content)."""

import io

import pytest
from django.core.management import CommandError, call_command

from forty2.evidence.models import Evidence

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("evidence", *map(str, args), stdout=out, stderr=err)
        return 0, out.getvalue()
    except CommandError as exc:
        return exc.returncode, str(exc)


def test_the_cli_adds_a_file_and_enforces_the_same_limit(owner_api, tmp_path, settings):
    good = tmp_path / "procedure.txt"
    good.write_bytes(b"Data procedure v3\n")
    code, out = run("add", good, "--org", "acme", "--title", "Procedure")
    assert code == 0 and "procedure.txt" in out and "text/plain" in out
    settings.FORTY2_MAX_UPLOAD_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1001)
    code, err = run("add", big, "--org", "acme", "--title", "Big")
    assert code == 2 and "larger than the limit of 1000 bytes (FORTY2_MAX_UPLOAD_BYTES)" in err
    exe = tmp_path / "report.pdf.exe"
    exe.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, err = run("add", exe, "--org", "acme", "--title", "Report")
    assert code == 2 and "program, script or web page" in err
    assert list(Evidence.objects.values_list("title", flat=True)) == ["Procedure"]
