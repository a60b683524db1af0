"""Stored bytes come back unchanged, a too-large file is refused, and an unreferenced file can be deleted."""

import io

import pytest
from django.core.files.storage import storages

from forty2.core.errors import InvalidInput
from forty2.files.models import StoredFile
from forty2.files.services import delete_if_unreferenced, open_file, read_file, store
from forty2.jobs.models import Job

DATA = bytes(range(256)) * 1000  # binary, 256 kB


def test_bytes_come_back_unchanged_from_the_file_system(member, settings):
    stored = store(member(), io.BytesIO(DATA), "weights.bin")
    with open_file(stored) as handle:
        assert handle.read() == DATA
    on_disk = settings.STORAGES["default"]["OPTIONS"]["location"] / stored.path
    assert on_disk.read_bytes() == DATA


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(member):
    with pytest.raises(InvalidInput) as refused:
        store(member(), io.BytesIO(DATA), "weights.bin", max_bytes=1024)
    assert refused.value.errors[0]["loc"] == ["file", "file"] and "larger than 1024 bytes" in refused.value.message
    assert not StoredFile.objects.exists()


def test_an_unreferenced_file_is_deleted_with_its_bytes(member, django_capture_on_commit_callbacks):
    stored = store(member(), io.BytesIO(DATA), "weights.bin")
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_if_unreferenced(stored) is True
    assert not StoredFile.objects.exists() and not storages["default"].exists(stored.path)


def test_a_file_a_record_points_at_is_kept(member):
    owner = member()
    stored = store(owner, io.BytesIO(DATA), "upload.csv")
    Job.objects.create(organization=owner.organization, kind="any", label="Import", input_file=stored)
    assert delete_if_unreferenced(stored) is False
    assert read_file(stored) == DATA
