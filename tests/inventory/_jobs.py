"""Helpers for the import-job tests: a logged-in browser and a register file bigger than the synchronous limit."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forty2.inventory.jobs import ASYNC_ROWS
from forty2.tenancy.models import Role

from ._io import csv_bytes

IMPORT = "/o/acme/ai-systems/import"
BIG = ASYNC_ROWS + 5


def login(member, role=Role.OWNER, org=None):
    client = Client()
    client.membership = member(role, org=org)
    client.force_login(client.membership.user)
    return client


def big_csv(rows=BIG, bad_row=None) -> bytes:
    """``rows`` systems; ``bad_row`` (a spreadsheet row number) gets an unknown criticality."""
    lines = [["name", "purpose", "criticality"]]
    for number in range(2, rows + 2):
        lines.append([f"System {number:05d}", "Triage support", "extreme" if number == bad_row else "low"])
    return csv_bytes(lines)


def upload(data: bytes, name="register.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")
