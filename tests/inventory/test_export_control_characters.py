"""Exports never hand a spreadsheet a live formula, even one hidden behind control characters (A.4.2)."""

import io

import openpyxl

from forty2.core.spreadsheets import write_xlsx


def test_control_characters_cannot_smuggle_a_formula_into_xlsx():
    data = write_xlsx(["name", "purpose"], [["x", "\x01=HYPERLINK(\"https://evil.example\",\"Click\")"],
                                            ["y", "\x08=1+1"]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [sheet.cell(row=r, column=2).value for r in (2, 3)]
    assert all(not str(v).startswith("=") for v in values), values
    assert values[1] == "'=1+1"
