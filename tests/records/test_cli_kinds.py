"""The kinds of ``forty2 import`` / ``forty2 export`` come from the apps' registrations (forty2/records/cli.py):
the command lists every registered kind in its order, hands each kind only the options its own sub-parser
declares, and no app imports another's command module (ISO/IEC 42001 7.5: documented information in and out)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forty2.records import cli


def test_every_app_s_kinds_are_listed_in_their_order(capsys):
    imports, exports = [k.name for k in cli.kinds("import")], [k.name for k in cli.kinds("export")]
    assert imports[:3] == ["ai-systems", "risks", "iso27001-soa"] and exports[:3] == ["ai-systems", "risks", "soa"]
    assert {"context-issues", "interested-parties", "legal-requirements"} <= set(imports) & set(exports)
    with pytest.raises(SystemExit) as info:
        call_command("export", "--help")
    assert info.value.code == 0
    assert "ai-systems|risks|soa|" in capsys.readouterr().out


def test_a_kind_registered_by_a_test_is_offered_and_gets_only_its_own_options(monkeypatch, capsys):
    monkeypatch.setattr(cli, "EXPORT_KINDS", dict(cli.EXPORT_KINDS))
    monkeypatch.setitem(cli._TABLES, "export", (cli.EXPORT_KINDS, cli.EXPORT_KINDS_BY))
    received = {}

    class Trainings:
        name = "trainings"

        def add_parser(self, sub):
            p = sub.add_parser("trainings", help="export training records")
            p.add_argument("--org", required=True)
            p.add_argument("--since")

        def handle(self, command, **options):
            received.update(options)
            command.stdout.write(f"exported the trainings of {options['org']}")

    cli.register_kind("export", Trainings(), order=5)
    assert cli.kinds("export")[0].name == "trainings"
    call_command("export", "trainings", "--org", "acme")
    assert received == {"org": "acme", "since": None}  # not Django's verbosity, settings, …
    assert capsys.readouterr().out.strip() == "exported the trainings of acme"


def test_an_unknown_kind_is_one_line_with_exit_code_2():
    with pytest.raises(CommandError) as info:
        call_command("import", "trainings", "x.csv", "--org", "acme")
    assert info.value.returncode == 2 and "invalid choice: 'trainings'" in str(info.value)
