"""Templates keep to the layers too (docs/architecture.md, "Layers"): import-linter sees Python imports only, so
a template of a lower app that names a higher app's URLs, templates or tag library is caught here."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"""\{%\s*url\s+['"](\w+):|\{%\s*include\s+['"](\w+)/|\{%\s*load\s+([\w ]+?)\s*%\}""")


def _layers() -> dict[str, int]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    rank = {}
    for depth, layer in enumerate(reversed(contract["layers"])):  # 0 = core, the bottom
        for app in layer.replace("(", "").replace(")", "").split("|"):
            rank[app.strip()] = depth
    return rank


def _tag_libraries() -> dict[str, str]:
    """Template tag library name -> the app that defines it."""
    return {path.stem: path.parent.parent.name for path in (ROOT / "forty2").glob("*/templatetags/*.py")
            if path.stem != "__init__"}


def test_no_template_reaches_up_to_a_higher_or_sibling_app():
    rank, libraries = _layers(), _tag_libraries()
    wrong = []
    for template in (ROOT / "forty2").glob("*/templates/**/*.html"):
        app = template.relative_to(ROOT / "forty2").parts[0]
        for url_app, include_app, loads in REFERENCE.findall(template.read_text()):
            named = [url_app, include_app, *(libraries.get(lib, "") for lib in loads.split())]
            for other in filter(None, named):
                if other != app and other in rank and rank[other] >= rank[app]:
                    wrong.append(f"{template.relative_to(ROOT)} names {other}")
    assert not wrong, "\n".join(wrong)
