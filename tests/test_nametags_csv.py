"""Attendee CSVs: loose columns and encodings; every bad row gets a numbered message while the
good rows still make tags; a file that isn't CSV gets a clear error."""

import pytest

from netpwa.nametags.attendees import NotCsvError, parse_attendees


def names(result):
    return [attendee.name for attendee in result.attendees]


def test_loose_columns_bom_and_semicolons():
    """UTF-8 with a BOM, semicolons, and headers like "Full name" and "Ask me about…?"."""
    data = ("\ufeffFull Name;Their pronouns;Organisation;Ask me about…?\n"
            "José Ñúñez;he/him;ACME;Rust\nשרה לוי;she/her;;Hebrew poetry\n").encode()
    result = parse_attendees(data)
    assert names(result) == ["José Ñúñez", "שרה לוי"]
    jose = next(a for a in result.attendees if a.name == "José Ñúñez")
    assert (jose.pronouns, jose.company, jose.ask_me_about) == ("he/him", "ACME", "Rust")
    assert result.messages == []


def test_utf8_without_bom_commas_and_quotes():
    """Plain UTF-8 with commas, quoted fields holding commas."""
    result = parse_attendees('name,company\n"Costa, Bea",Acme\nДмитрий Петров,"Foo, Inc."\n'
                             .encode())
    assert names(result) == ["Costa, Bea", "Дмитрий Петров"]
    assert result.attendees[1].company == "Foo, Inc."


def test_first_and_last_name_columns_are_joined_and_sorted_by_family_name():
    """First/Last name columns make one name; the list comes back sorted by family name."""
    result = parse_attendees(b"First name,Last name\nZed,Alpha\nAmy,Zulu\nBo,Mills\n")
    assert names(result) == ["Zed Alpha", "Bo Mills", "Amy Zulu"]


def test_bad_rows_get_numbered_messages_and_good_rows_stay():
    """Missing name, a 300-character name, control characters and a =HYPERLINK formula: each
    row gets a message with its spreadsheet row number, and the good rows still render."""
    rows = ["Name,Company", "Ana Lima,Acme", ",Nameless Corp", "x" * 300 + ",Long",
            "Bea\x07 Co\x1bsta,Acme", '"=HYPERLINK(""http://evil.example"",""Click"")",Evil',
            "Chen Wei,=1+2", "Dana\u202eReversed,Acme"]
    result = parse_attendees("\n".join(rows).encode())
    assert names(result) == ["DanaReversed", "Ana Lima", "Bea Co sta", "Chen Wei"]
    text = "\n".join(result.messages)
    assert "Row 3: no name; skipped." in text
    assert "Row 4: the name is 300 characters long" in text
    assert "Row 5 (Bea Co sta): removed control characters from the name" in text
    assert "Row 6: the name “=HYPERLINK" in text and "formula" in text
    assert "Row 7 (Chen Wei): company was a spreadsheet formula; left blank" in text
    assert "Row 8 (DanaReversed): removed control characters" in text
    assert next(a for a in result.attendees if a.name == "Chen Wei").company == ""


def test_wrong_encoding_is_read_and_flagged_per_row():
    """A Windows-1252 export is read, and the rows that weren't UTF-8 are named."""
    data = "name,company\nBea Costa,Acme\nJosé Núñez,Café\n".encode("cp1252")
    result = parse_attendees(data)
    assert "José Núñez" in names(result)
    assert any("isn't UTF-8" in message for message in result.messages)
    assert any(message.startswith("Row 3 (José Núñez): not UTF-8") for message in result.messages)


def test_utf16_from_excel_unicode_text():
    """Excel's "Unicode text" (UTF-16, tabs) is read too."""
    result = parse_attendees("Name\tPronouns\n王小明\the/him\n".encode("utf-16"))
    assert names(result) == ["王小明"] and result.attendees[0].pronouns == "he/him"


def test_a_single_column_of_names_without_a_header():
    """Just names, one per line, no header: every line is a person."""
    result = parse_attendees("Ana Lima\nBea Costa\n".encode())
    assert names(result) == ["Bea Costa", "Ana Lima"]


def test_a_header_with_no_rows_says_so():
    """A header and nothing else: a message, no tags."""
    result = parse_attendees(b"Name,Company\n")
    assert result.attendees == [] and "no attendees" in result.messages[0]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"PK\x03\x04\x14\x00\x06\x00", "Excel .xlsx"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
    (b"\x00\x01\x02binary\x00stuff", "binary"),
    (b"foo,bar\n1,2\n", "couldn't find a name column"),
])
def test_files_that_are_not_attendee_csvs(data, message):
    """Not a CSV at all, or no name column: one clear error, nothing crashes."""
    with pytest.raises(NotCsvError, match=message):
        parse_attendees(data)
