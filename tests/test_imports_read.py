"""Reading spreadsheets as people's files really are: encodings, delimiters, preambles, XLSX
title rows and merged cells, dates in every common spelling; clear errors for the rest."""

from datetime import date

import pytest
from imports_helpers import DATA

from netpwa.formats.dates import day_first_needed, parse_sheet_date
from netpwa.imports.columns import FORMATS, guess_mapping, recognise
from netpwa.imports.read import ImportFileError, read_file
from netpwa.imports.rows import join_name, plan_row

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize("text, expected", [
    ("12 Mar 2024", date(2024, 3, 12)), ("7-Feb-22", date(2022, 2, 7)),
    ("14.11.2026", date(2026, 11, 14)), ("2026-11-14", date(2026, 11, 14)),
    ("11/14/2026", date(2026, 11, 14)), ("14/11/2026", date(2026, 11, 14)),
    ("14 Nov 2026", date(2026, 11, 14)), ("Mar 12, 2024", date(2024, 3, 12)),
    ("2026-11-14T09:30:00Z", date(2026, 11, 14)), ("1 September 2025", date(2025, 9, 1)),
])
def test_dates_as_spreadsheets_write_them(text, expected):
    assert parse_sheet_date(text, today=TODAY) == expected


def test_ambiguous_dates_follow_the_chosen_order_and_the_file_decides_when_it_can():
    assert parse_sheet_date("03/04/2026", day_first=True) == date(2026, 4, 3)
    assert parse_sheet_date("03/04/2026", day_first=False) == date(2026, 3, 4)
    # One 14/11 in the file settles it; nothing but 03/04-style dates asks.
    assert day_first_needed(["03/04/2026", "14/11/2026"]) == (False, True)
    assert day_first_needed(["03/04/2026", "11/14/2026"]) == (False, False)
    assert day_first_needed(["03/04/2026", "05/06/2026"])[0] is True
    assert day_first_needed(["14.11.2026", "2026-01-02", "12 Mar 2024"])[0] is False
    with pytest.raises(ValueError):
        parse_sheet_date("31/02/2026")
    with pytest.raises(ValueError):
        parse_sheet_date("next Tuesday")


def test_every_fixture_is_read_with_its_header_and_recognised():
    expected = {"linkedin_connections.csv": ("linkedin", 4, 4),
                "google_contacts.csv": ("google", 1, 3),
                "google_contacts_old.csv": ("google-old", 1, 2),
                "outlook_contacts.csv": ("outlook", 1, 3),
                "netpwa_export.csv": ("netpwa", 1, 2),
                "semicolon_de.csv": (None, 3, 3),
                "course_template.xlsx": (None, 4, 3)}
    for name, (kind, header_row, rows) in expected.items():
        sheet = read_file(name, (DATA / name).read_bytes())
        known = recognise(sheet.header)
        assert (known.key if known else None, sheet.header_row, len(sheet.rows)) == (
            kind, header_row, rows), name


def test_utf16_cp1252_and_quoting_survive():
    outlook = read_file("c.csv", (DATA / "outlook_contacts.csv").read_bytes())
    first = dict(zip(outlook.header, outlook.rows[0][1], strict=True))
    assert first["Last Name"] == "Müller"
    assert first["Company"] == "Müller & Söhne, GmbH"
    assert first["Notes"].replace("\r\n", "\n") == "Café meeting – 12 € coffee.\nWants the \"Pro\" plan."
    old = read_file("g.csv", (DATA / "google_contacts_old.csv").read_bytes())
    assert dict(zip(old.header, old.rows[0][1], strict=True))["Organization 1 - Title"] == (
        "Founder, CEO")


def test_semicolons_tabs_and_a_row_with_too_many_cells():
    sheet = read_file("de.csv", (DATA / "semicolon_de.csv").read_bytes())
    assert sheet.header[:3] == ["Vorname", "Nachname", "Firma"]
    assert sheet.rows[1][1][2] == "Weiß; Partner"
    assert sheet.problems == [(7, "10 cells but the header has 8: a comma or semicolon "
                                  "inside a value without quotes?")]
    tabbed = read_file("t.tsv", b"Name\tEmail\nAna\tana@example.com\n")
    assert tabbed.rows == [(2, ["Ana", "ana@example.com"])]


def test_xlsx_title_rows_merged_and_date_cells():
    sheet = read_file("t.xlsx", (DATA / "course_template.xlsx").read_bytes())
    assert sheet.header_row == 4
    by_name = {cells[0]: (number, cells) for number, cells in sheet.rows}
    number, nadia = by_name["Nadia Costa"]
    assert number == 5 and nadia[3] == "351912345678" and nadia[5] == "2026-11-04"
    # The merged "Where we met" cell covers Omar's row too.
    assert by_name["Omar Said"][1][4] == "Web Summit"
    assert by_name["Pia Novak"][0] == 8


@pytest.mark.parametrize("filename, data, message", [
    ("a.csv", b"", "empty"),
    ("a.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
    ("a.vcf", b"BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n", "vCard"),
    ("a.pdf", b"%PDF-1.4 ...", "CSV or an Excel"),
    ("a.xlsx", b"PK\x03\x04not really a zip", "can't be opened"),
    ("a.csv", b"\n\n ,, \n", "no rows"),
    ("a.csv", b"Name,Email\n", "no rows under it"),
    ("a.bin", bytes(range(256)) * 4, "doesn't look like"),
])
def test_files_that_cannot_be_imported_say_why(filename, data, message):
    with pytest.raises(ImportFileError, match=message):
        read_file(filename, data)


def test_names_join_family_first_for_cjk_and_google_labels_become_tags():
    assert join_name("太郎", "", "山田") == "山田太郎"
    assert join_name("Ana", "", "Lima") == "Ana Lima"
    assert join_name("", "", "Lima") == "Lima"
    header = ["First Name", "Last Name", "Labels", "E-mail 1 - Value", "Phone 1 - Value"]
    mapping = guess_mapping(header, FORMATS[3])
    plan = plan_row(2, header, ["Eli", "Stone", "* myContacts ::: Climbing ::: * starred",
                                "eli@example.com ::: eli@work.example", "not a phone"],
                    mapping, day_first=True, today=TODAY)
    assert plan.values["name"] == "Eli Stone"
    assert plan.values["tags"] == ",climbing,"
    assert plan.values["email"] == "eli@example.com"
    assert plan.extra_emails == ["eli@work.example"]
    # What doesn't fit a field is kept in the notes, never dropped.
    assert "Phone: not a phone" in plan.values["notes"]


def test_a_row_without_a_name_is_refused_with_the_reason():
    plan = plan_row(9, ["First Name", "Last Name", "Email"], ["", "", "x@example.com"],
                    ["first_name", "last_name", "email"], day_first=True, today=TODAY)
    assert plan.problem.startswith("No name")


def test_upload_size_limit_message():
    big = b"Name\n" + b"x\n" * (6 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="over 10 MB"):
        read_file("big.csv", big)
