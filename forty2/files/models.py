"""Stored files: uploads and generated files, content-addressed within an organisation.

ISO/IEC 42001 7.5.3 (control of documented information: stored, protected, retrievable). The bytes live in
Django's storage (``STORAGES["default"]``: the file system under ``FORTY2_DATA_DIR/files``, or S3-compatible
storage, see :mod:`forty2.settings`); the row records what they are. Identical content is stored once per
organisation.
"""

from django.conf import settings
from django.db import models

from forty2.tenancy.models import OrgOwned


class StoredFile(OrgOwned):
    """One file's bytes in storage, named by its SHA-256 (``org-<id>/<sha[:2]>/<sha>``).

    Other apps point at it with a foreign key (``on_delete=PROTECT``);
    :func:`forty2.files.services.delete_if_unreferenced` removes it once nothing does.
    """

    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "sha256"], name="storedfile_unique_content")]

    def __str__(self):
        return self.original_name or self.sha256[:12]

    @property
    def path(self) -> str:
        """The storage name: content-addressed, inside the organisation's own prefix."""
        return f"org-{self.organization_id}/{self.sha256[:2]}/{self.sha256}"
