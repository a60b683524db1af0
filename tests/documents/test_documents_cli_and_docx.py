"""``forty2 documents`` and the Word download (ISO/IEC 42001 7.5.2): list, export in force or a given version,
starters; a DOCX that opens with the headings, lists and table of the Markdown and names the approval."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as Docx

from forty2.documents import services
from forty2.documents.docx import render
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
BODY = "# Purpose\n\nWe use **AI** with care.\n\n- one\n- two\n\n| Role | Duty |\n|---|---|\n| Owner | Approves |\n"


@pytest.fixture
def approved(member):
    manager = member(Role.AIMS_MANAGER, email="m@acme.example")
    reviewer = member(Role.OWNER, email="o@acme.example")
    doc = services.create_document(manager, {"reference": "POL-01", "title": "AI policy", "kind": "ai_policy"},
                                   body=BODY)
    v = services.update_version(manager, doc.versions.get(), {"reviewer": "o@acme.example"}, version_number=1)
    v = services.review(reviewer, services.submit(manager, v, version_number=v.version), version_number=v.version + 1)
    return services.approve(manager, v, version_number=v.version)


def test_the_word_file_carries_the_content_and_the_approval(approved):
    word = Docx(io.BytesIO(render(approved, "Acme")))
    texts = [p.text for p in word.paragraphs]
    assert "Purpose" in texts and "We use AI with care." in texts and "one" in texts
    assert any("approved by" in t and "POL-01" in t for t in texts) and any(approved.sha256 in t for t in texts)
    assert word.tables[0].cell(1, 1).text == "Approves"


def test_the_cli_lists_exports_and_starts(approved, tmp_path, capsys):
    call_command("documents", "list", "--org", "acme")
    assert "POL-01" in capsys.readouterr().out
    call_command("documents", "export", "POL-01", "--org", "acme", "-o", str(tmp_path / "p.md"))
    assert (tmp_path / "p.md").read_text() == BODY.strip()  # the kit trims text
    call_command("documents", "export", "POL-01", "--org", "acme", "--format", "docx", "-o", str(tmp_path / "p.docx"))
    assert Docx(str(tmp_path / "p.docx")).paragraphs[0].text == "AI policy"
    with pytest.raises(CommandError, match="no document with reference"):
        call_command("documents", "export", "NOPE", "--org", "acme", "-o", "-")
    call_command("documents", "starters", "--org", "acme", "aims_scope")
    assert "SCO-01" in capsys.readouterr().out
