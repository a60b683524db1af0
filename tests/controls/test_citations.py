"""The sub-item letters Forty2 cites for ISO/IEC 42001 6.1.3 follow the published standard (issue #19, item 3): the
Statement of Applicability is 6.1.3 f), the AI risk treatment plan 6.1.3 g) — not 27001's d) and e) — and the
approval of the plan and of residual risks is the designated management's (6.1.3, after g)."""

import re
from pathlib import Path

import forty2

WRONG = re.compile(r"(?:42001\s+)?6\.1\.3\s*\(?(d|e)\)?(?![\w.])")


def cited(paths):
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for match in WRONG.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            context = text[max(0, match.start() - 60):match.end() + 20]
            if "27001" in context:  # ISO/IEC 27001 keeps its own letters (its SoA is 6.1.3 d)
                continue
            yield f"{path}:{line}: {match.group(0)!r}"


def test_no_27001_letters_for_the_soa_or_the_treatment_plan():
    root = Path(forty2.__file__).parent
    files = [p for ext in ("*.py", "*.html", "*.txt") for p in root.rglob(ext)]
    docs = list((root.parent / "docs").glob("*.md"))
    assert list(cited(files + docs)) == []


def test_the_soa_pages_cite_6_1_3_f():
    root = Path(forty2.__file__).parent / "controls"
    assert "6.1.3 f" in (root / "templates" / "controls" / "soa.html").read_text()
    assert "6.1.3 f" in (root / "services.py").read_text()
