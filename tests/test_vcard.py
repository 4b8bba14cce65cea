"""The vCard writer (3.0, escaped, folded) and reader (2.1/3.0/4.0 traps), as plain functions."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netpwa.contacts.vcard import (Birthday, Channel, VCardEntry, VCardError, multiline,
                                parse_birthday, read_vcards, squash, write_vcard, write_vcards)


def _lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


def test_writer_makes_utf8_vcard_30_with_types_kept():
    """A written card is vCard 3.0 with CRLF lines; phone and email TYPE parameters survive."""
    text = write_vcard(VCardEntry(
        name="Zoë Ñúñez", org="Acme", title="Data lead",
        phones=[Channel("+351 912 345 678", ("cell",)), Channel("+351 21 000 0000", ("work",))],
        emails=[Channel("zoe@example.com", ("home",))], urls=[Channel("https://zoe.example")]))
    lines = _lines(text)
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:3.0" and lines[-1] == "END:VCARD"
    assert "FN:Zoë Ñúñez" in lines
    assert "TEL;TYPE=CELL:+351 912 345 678" in lines
    assert "TEL;TYPE=WORK:+351 21 000 0000" in lines
    assert "EMAIL;TYPE=HOME:zoe@example.com" in lines
    text.encode("utf-8")


def test_writer_escapes_backslash_comma_semicolon_and_newlines():
    r"""Text values escape \ , ; and newlines, so the reader gets the exact text back."""
    note = "Line one; with, commas \\ and a backslash\nLine two"
    text = write_vcard(VCardEntry(name="A; B, C", org="Acme, Inc; Lisbon", note=note))
    assert "FN:A\\; B\\, C" in _lines(text)
    assert "NOTE:Line one\\; with\\, commas \\\\ and a backslash\\nLine two" in text
    card = read_vcards(text)[0]
    assert card.name == "A; B, C"
    assert card.org == "Acme, Inc; Lisbon"
    assert card.notes == [note]


def test_writer_folds_at_75_octets_without_splitting_utf8():
    """Long lines fold at 75 octets; a multi-byte character is never cut in two."""
    name = "王小明 Дмитрий Zoë " * 12
    text = write_vcard(VCardEntry(name=name, note="ñ" * 200))
    for line in _lines(text):
        raw = line.encode("utf-8")
        assert len(raw) <= 75, line
        raw.decode("utf-8")
    assert read_vcards(text)[0].name == name.strip()


def test_a_field_with_newlines_or_semicolons_cannot_inject_a_property():
    """A value crafted as "x\\nEMAIL:evil@…" or "x;TYPE=…:…" stays inside its own property."""
    hostile = "Ana\r\nEMAIL:evil@example.com\nTEL;TYPE=CELL:666\rURL:https://evil.example"
    text = write_vcard(VCardEntry(name=hostile, title="CTO;EMAIL=x:evil@example.com",
                                  org="x\nBEGIN:VCARD", note="note\r\nEND:VCARD\nFN:Evil",
                                  phones=[Channel("123\nEMAIL:evil@example.com", ("cell\nx",))]))
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in _lines(text)
             if not line.startswith(" ")]
    assert names.count("EMAIL") == 0 and names.count("BEGIN") == 1 and names.count("END") == 1
    assert names.count("FN") == 1 and names.count("URL") == 0
    cards = read_vcards(text)
    assert len(cards) == 1 and cards[0].emails == [] and cards[0].urls == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120), st.text(max_size=300))
def test_any_text_round_trips_through_writer_and_reader(name, note):
    """Whatever a person types (unicode, control characters) comes back as the same words."""
    text = write_vcard(VCardEntry(name=name, note=note))
    card = read_vcards(text)[0]
    assert len(read_vcards(text)) == 1
    assert card.name == (squash(name) or "Unnamed")
    assert card.notes == ([multiline(note)] if multiline(note) else [])


def test_reader_handles_quoted_printable_soft_breaks_and_charset():
    """vCard 2.1: QUOTED-PRINTABLE with soft line breaks, decoded with its CHARSET."""
    text = ("BEGIN:VCARD\r\nVERSION:2.1\r\n"
            "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:N=C3=BA=C3=B1ez;Zo=C3=AB;;;\r\n"
            "NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:caf=E9 =\r\ncr=E8me=0D=0Aline 2\r\n"
            "TEL;CELL;PREF:+44 7700 900123\r\nEND:VCARD\r\n")
    card = read_vcards(text)[0]
    assert card.name == "Zoë Núñez"
    assert card.notes == ["café crème\nline 2"]
    assert card.phones == [Channel("+44 7700 900123", ("cell", "pref"))]


def test_reader_handles_folding_groups_base64_photo_and_escaped_commas():
    """Folded lines, Apple item groups with X-ABLabel, a folded base64 PHOTO, escaped commas."""
    text = ("BEGIN:VCARD\nVERSION:3.0\nFN:Mr. John Richter\\, James\n"
            "NOTE:a long note that was\n  folded\n"
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/4QBYRXhpZgAATU0AKgAA\n"
            " AAgAAgESAAMAAAABAAEAAIdpAAQAAAABAAAAJgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAA\n"
            "item1.URL;type=pref:http\\://www.example.com/ana\n"
            "item1.X-ABLabel:_$!<HomePage>!$_\n"
            "item2.TEL:905-222-1234\nitem2.X-ABLabel:AssistantPhone\nEND:VCARD\n")
    card = read_vcards(text)[0]
    assert card.name == "Mr. John Richter, James"
    assert card.notes == ["a long note that was folded"]
    assert card.urls == [Channel("http://www.example.com/ana", ("pref",), "HomePage")]
    assert card.phones == [Channel("905-222-1234", (), "AssistantPhone")]


def test_vcard_21_base64_block_without_indentation_is_skipped():
    """Outlook and old Android write base64 lines unindented, ended by a blank line."""
    text = ("BEGIN:VCARD\nVERSION:2.1\nFN:Ana\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRg\n"
            "CAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr\n"
            "2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKC==\n"
            "\nEMAIL:ana@example.com\nEND:VCARD\n")
    card = read_vcards(text)[0]
    assert card.name == "Ana" and card.email == "ana@example.com"


@pytest.mark.parametrize("raw, expected", [
    ("--0415", Birthday(None, 4, 15)), ("--04-15", Birthday(None, 4, 15)),
    ("1980-03-22", Birthday(1980, 3, 22)), ("19800322", Birthday(1980, 3, 22)),
    ("1980-03-22T00:00:00Z", Birthday(1980, 3, 22)), ("not a date", None), ("--1345", None)])
def test_birthdays_with_and_without_a_year(raw, expected):
    """BDAY:--0415 (no year) and the other forms address books write."""
    assert parse_birthday(raw) == expected


def test_birthday_without_year_reads_as_a_day_and_month():
    """A card with BDAY:--0415 imports with the day kept and no invented year."""
    card = read_vcards("BEGIN:VCARD\nVERSION:4.0\nFN:Ana\nBDAY:--0415\nEND:VCARD\n")[0]
    assert str(card.birthday) == "15 April"


def test_vcard_40_uri_phone_and_quoted_type_list():
    """vCard 4.0: TYPE="work,voice" in quotes and a tel: URI value with an extension."""
    text = ('BEGIN:VCARD\nVERSION:4.0\nFN:Simon\n'
            'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102\nEND:VCARD\n')
    card = read_vcards(text)[0]
    assert card.phones == [Channel("+1-418-656-9254", ("work", "voice", "pref"))]


def test_a_file_of_thousands_of_cards_is_read_in_order():
    """5,000 cards in one file come back as 5,000 cards, in order."""
    text = write_vcards(VCardEntry(name=f"Person {i}", emails=[Channel(f"p{i}@example.com")])
                        for i in range(5000))
    cards = read_vcards(text)
    assert len(cards) == 5000
    assert cards[0].name == "Person 0" and cards[-1].email == "p4999@example.com"


def test_a_card_of_10000_lines_is_refused_with_a_message():
    """One card running to 10,000 lines (no address book writes that) is refused, clearly."""
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\n" + "NOTE:x\n" * 10_000 + "END:VCARD\n"
    with pytest.raises(VCardError, match="10,000|5,000 lines"):
        read_vcards(text)


def test_a_single_property_folded_10000_times_is_refused():
    """Folding doesn't get around the limit: physical lines are counted."""
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nNOTE:x\n" + " y\n" * 10_000 + "END:VCARD\n"
    with pytest.raises(VCardError):
        read_vcards(text)


@pytest.mark.parametrize("data", [b"", b"hello world", b"\x00\xff\xfe binary", "BEGIN:VEVENT\n"])
def test_files_without_cards_are_refused(data):
    """No BEGIN:VCARD: a clear message, not an empty import."""
    with pytest.raises(VCardError, match="couldn't find any contact card"):
        read_vcards(data)


def test_latin1_file_and_missing_end_are_tolerated():
    """A Windows-1252 file and a last card without END:VCARD still read."""
    data = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:José Müller\r\n".encode("cp1252")
    assert read_vcards(data)[0].name == "José Müller"
