"""Identical content is stored once per organisation, at a content-addressed path (ISO/IEC 42001 7.5.3)."""

import hashlib
import io

from django.core.files.storage import storages

from forty2.files.models import StoredFile
from forty2.files.services import store

POLICY = b"AI policy v1\n"


def test_the_same_bytes_twice_are_one_file(member):
    owner = member()
    first = store(owner, io.BytesIO(POLICY), "policy.txt", content_type="text/plain")
    again = store(owner, io.BytesIO(POLICY), "copy-of-policy.txt")
    assert first.pk == again.pk and StoredFile.objects.count() == 1
    assert again.original_name == "policy.txt" and again.size == len(POLICY)
    assert again.sha256 == hashlib.sha256(POLICY).hexdigest() and again.created_by == owner.user


def test_the_path_is_the_organisation_and_the_hash(member):
    stored = store(member(), io.BytesIO(POLICY), "policy.txt")
    sha = hashlib.sha256(POLICY).hexdigest()
    assert stored.path == f"org-{stored.organization_id}/{sha[:2]}/{sha}"
    assert storages["default"].exists(stored.path)


def test_two_organisations_each_keep_their_own_copy(member, acme, globex):
    mine = store(member(org=acme), io.BytesIO(POLICY), "policy.txt")
    theirs = store(globex, io.BytesIO(POLICY), "policy.txt")
    assert mine.pk != theirs.pk and mine.path != theirs.path and theirs.created_by is None
    assert StoredFile.objects.for_org(globex).get() == theirs
