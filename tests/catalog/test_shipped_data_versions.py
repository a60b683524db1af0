"""Loading the shipped catalog is idempotent and upgrades in place when a data file's data_version rises
(ISO/IEC 42001 7.5.2: documented information is kept current, and an upgrade never drops an organisation's
assessment)."""

import shutil

import pytest
import yaml

from forty2.catalog import loader
from forty2.catalog.models import Framework, Mapping, Requirement
from forty2.catalog.services import set_status
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_running_the_loader_again_changes_nothing():
    before = (Requirement.objects.count(), Mapping.objects.count())
    assert loader.sync_shipped() is None
    assert (Requirement.objects.count(), Mapping.objects.count()) == before


def test_a_higher_data_version_upgrades_titles_and_adds_nodes(data_dir):
    path = data_dir / "frameworks" / "iso-9001-2015.yaml"

    def change(data):
        data["framework"]["data_version"] = 2
        data["nodes"][1]["title"] = "Understanding the organization and its context (revised)"
        data["nodes"].append({"ref": "11", "title": "A clause from the future", "kind": "clause", "parent": None,
                              "assessable": True, "guidance": "Guidance for the future clause."})

    _edit(path, change)
    summary = loader.sync_shipped(data_dir)
    assert summary is not None and summary.frameworks_updated == ["iso-9001-2015"]
    assert Framework.objects.get(slug="iso-9001-2015").data_version == 2
    assert Requirement.objects.get(framework__slug="iso-9001-2015", ref="4.1").title.endswith("(revised)")
    assert Requirement.objects.filter(framework__slug="iso-9001-2015", ref="11").exists()
    # the crosswalk touching the upgraded framework is still whole
    assert Mapping.objects.filter(mapping_set__source__slug="iso-9001-2015").count() == 42
    assert loader.sync_shipped(data_dir) is None


def test_the_same_data_version_is_not_reloaded(data_dir):
    path = data_dir / "frameworks" / "iso-9001-2015.yaml"
    _edit(path, lambda data: data["nodes"][1].update(title="Changed without a new data version"))
    assert loader.sync_shipped(data_dir) is None
    assert Requirement.objects.get(framework__slug="iso-9001-2015", ref="4.1").title != \
        "Changed without a new data version"


def test_an_upgrade_keeps_a_removed_node_that_an_organisation_assessed(data_dir, member):
    owner = member(Role.OWNER)
    node = Requirement.objects.get(framework__slug="iso-9001-2015", ref="8.7")
    set_status(owner, node, status="conforming")
    path = data_dir / "frameworks" / "iso-9001-2015.yaml"

    def change(data):
        data["framework"]["data_version"] = 2
        data["nodes"] = [n for n in data["nodes"] if n["ref"] not in ("8.7", "8.6")]

    _edit(path, change)
    mappings = data_dir / "mappings" / "iso-9001-2015__iso-iec-42001-2023.yaml"
    _edit(mappings, lambda data: data.update(rows=[r for r in data["rows"] if r["source_ref"] not in ("8.7", "8.6")]))
    summary = loader.sync_shipped(data_dir)
    assert any("8.7" in str(p) for p in summary.kept)
    assert Requirement.objects.filter(framework__slug="iso-9001-2015", ref="8.7").exists()
    assert not Requirement.objects.filter(framework__slug="iso-9001-2015", ref="8.6").exists()
