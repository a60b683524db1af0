"""Helpers for the import/export tests: build CSV and XLSX files in memory and run an import."""

import csv
import io

import openpyxl

from forty2.core.spreadsheets import ImportFailed
from forty2.inventory import linked
from forty2.inventory.importexport import import_ai_systems, read_rows
from forty2.inventory.models import AIModel, Dataset, Supplier


def csv_bytes(rows, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows, extra_sheet=None) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    if extra_sheet:
        other = workbook.create_sheet("Other")
        for row in extra_sheet:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(membership, data: bytes, fmt="csv", **options):
    """Read and import ``data`` as the given member; returns the ImportResult."""
    return import_ai_systems(membership, read_rows(io.BytesIO(data), fmt), **options)


def problems(membership, data: bytes, fmt="csv", **options) -> list[dict]:
    """The problems of a failing import (the test fails if the import succeeds)."""
    try:
        run_import(membership, data, fmt, **options)
    except ImportFailed as exc:
        return exc.problems
    raise AssertionError("the import was expected to fail")


def where(found: list[dict]) -> set[tuple]:
    return {(p["row"], p["column"]) for p in found}


def linked_records(membership):
    """A model in two versions plus one unversioned, a dataset and a supplier."""
    return {
        "gbm1": linked.create(AIModel, membership, {"name": "SepsisWatch", "version": "1.0"}),
        "gbm2": linked.create(AIModel, membership, {"name": "SepsisWatch", "version": "2.0"}),
        "llm": linked.create(AIModel, membership, {"name": "Nimbus-4"}),
        "ehr": linked.create(Dataset, membership, {"name": "EHR extract", "personal_data": "special_category"}),
        "vendor": linked.create(Supplier, membership, {"name": "Radiant Imaging"}),
    }
