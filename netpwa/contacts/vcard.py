"""vCard: a 3.0 writer (through vobject) and a tolerant reader for 2.1, 3.0 and 4.0.

The writer uses vobject: it escapes `\\ , ;` and newlines, keeps TYPE parameters and folds at
75 octets without splitting a UTF-8 sequence (checked in tests/test_vcard.py).

The reader is written by hand because vobject 0.9 fails on what real address books export:
it raises ParseError on vCard 2.1 quoted-printable soft line breaks (Android, Outlook), on
2.1 base64 PHOTO blocks, and it splits a text value at an unescaped comma (Gmail writes
`FN:Mr. John Richter, James Doe Sr.` and vobject reads "Mr. John Richter"). See
tests/test_vcard_interop.py, which imports every file in tests/data/vcards.
"""

import base64
import binascii
import quopri
import re
from dataclasses import dataclass, field

import vobject

from netpwa.formats.names import name_parts
from netpwa.formats.text import multiline, one_line

MAX_CARDS = 20_000
# Counted without a photo's (or logo's, sound's, key's) lines: a 3 MB photo folds into some
# 55,000 lines, which is a big picture, not a broken card. The file size limit caps those.
MAX_LINES_PER_CARD = 5_000
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024
NOT_PREFERRED = 101
REMEMBER = "X-NETPWA-REMEMBER"
REMEMBER_NOTE = "Remember: "  # how other address books see it: the note's first paragraph  # vCard 4's PREF runs from 1 (most preferred) to 100
TEXT_LIMIT = 20_000
PROPERTY_RE = re.compile(r"^(?:(?P<group>[A-Za-z0-9_-]+)\.)?(?P<name>[A-Za-z0-9_-]+)")
BASE64_LINE_RE = re.compile(r"^[A-Za-z0-9+/=\s]+$")
ESCAPE_RE = re.compile(r"\\(.)", re.S)
STRUCTURED = {"N", "ADR", "ORG"}
ENCODINGS = {"QUOTED-PRINTABLE": "qp", "BASE64": "b64", "B": "b64", "8BIT": "", "7BIT": ""}
APPLE_LABEL_RE = re.compile(r"^_\$!<(.*)>!\$_$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class VCardError(ValueError):
    """A file we refuse to read; the message is meant for the person who uploaded it."""


@dataclass(frozen=True)
class Channel:
    """One phone number, email address or URL, with its types (cell, work, home…)."""

    value: str
    types: tuple[str, ...] = ()
    label: str = ""
    # 1 for PREF=1 or TYPE=pref (this one first), up to 100; NOT_PREFERRED without either.
    pref: int = field(default=NOT_PREFERRED, compare=False)


@dataclass(frozen=True)
class Birthday:
    year: int | None
    month: int
    day: int

    def __str__(self) -> str:
        text = f"{self.day} {MONTHS[self.month - 1]}"
        return f"{text} {self.year}" if self.year else text


@dataclass
class ParsedCard:
    """What we keep of one vCard."""

    version: str = ""
    formatted_name: str = ""
    name_parts: tuple[str, ...] = ()
    nickname: str = ""
    orgs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    emails: list[Channel] = field(default_factory=list)
    phones: list[Channel] = field(default_factory=list)
    urls: list[Channel] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    birthday: Birthday | None = None
    # KIND (vCard 4) or Apple's X-ADDRESSBOOKSERVER-KIND: "group" is a list, not a person.
    kind: str = ""
    # The photo's bytes as the card carried them (inline base64 or a data: URI), else None.
    photo: bytes | None = None
    # netpwa's own "remember them by" (X-NETPWA-REMEMBER), so our export comes back whole.
    mnemonic: str = ""

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    @property
    def name(self) -> str | None:
        """The display name: FN, else N in reading order; None when the card has neither."""
        if self.formatted_name:
            return self.formatted_name
        family, given, additional, prefix, suffix = (list(self.name_parts) + [""] * 5)[:5]
        joined = " ".join(part for part in (prefix, given, additional, family, suffix) if part)
        return one_line(joined.replace(",", " ")) or None

    @property
    def email(self) -> str | None:
        return self.emails[0].value if self.emails else None

    @property
    def tel(self) -> str | None:
        return self.phones[0].value if self.phones else None

    @property
    def org(self) -> str | None:
        return self.orgs[0] if self.orgs else None

    @property
    def title(self) -> str | None:
        return self.titles[0] if self.titles else None


@dataclass
class _Property:
    group: str
    name: str
    params: list[tuple[str, str | None]]
    value: str
    encoding: str = ""

    @property
    def is_binary(self) -> bool:
        return self.name in BINARY or self.encoding == "b64"


def _split_params(head: str) -> tuple[str, list[str]] | None:
    """"item1.TEL;TYPE="a,b";PREF" -> ("item1.TEL", ['TYPE="a,b"', 'PREF']); quotes respected."""
    parts, current, quoted = [], [], False
    for char in head:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts[0], parts[1:]


def _parse_line(line: str) -> _Property | None:
    quoted = False
    colon = -1
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            colon = index
            break
    if colon <= 0:
        return None
    name_part, raw_params = _split_params(line[:colon])
    match = PROPERTY_RE.fullmatch(name_part.strip())
    if match is None:
        return None
    params = []
    encoding = ""
    for raw in raw_params:
        key, _, value = raw.partition("=")
        key = key.strip().upper()
        value = value.strip().strip('"') if _ else None
        if value is None and key in ENCODINGS:
            encoding = ENCODINGS[key]
        elif key == "ENCODING" and value is not None:
            encoding = ENCODINGS.get(value.upper(), "")
        params.append((key, value))
    return _Property(match["group"] or "", match["name"].upper(), params, line[colon + 1:],
                     encoding)


def _logical_lines(text: str):
    """Yield (property, physical line count) with folding, QP soft breaks and base64 undone."""
    pending: _Property | None = None
    # A value's pieces, joined once at the end: adding to one string 55,000 times (a big
    # photo) would copy megabytes each time.
    parts: list[str] = []
    for line in re.split(r"\r\n|\r|\n", text):
        if pending is not None:
            if pending.encoding == "qp" and parts[-1].endswith("="):
                parts[-1] = parts[-1][:-1]
                parts.append(line)
                continue
            if line[:1] in (" ", "\t"):
                parts.append(line[1:])
                continue
            if pending.encoding == "b64" and line and ":" not in line \
                    and BASE64_LINE_RE.match(line):
                parts.append(line)
                continue
            pending.value = "".join(parts)
            yield pending, len(parts)
            pending = None
        if not line.strip():
            continue
        pending = _parse_line(line)
        if pending is None:
            yield None, 1
        else:
            parts = [pending.value]
    if pending is not None:
        pending.value = "".join(parts)
        yield pending, len(parts)


def _decode_bytes(raw: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return raw.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("cp1252", errors="replace")


def _value_text(prop: _Property) -> str:
    """The property's value as text: quoted-printable and CHARSET undone, not yet unescaped."""
    charset = next((value for key, value in prop.params if key == "CHARSET" and value), None)
    if prop.encoding == "qp":
        raw = quopri.decodestring(prop.value.encode("utf-8", "surrogateescape"))
        return _decode_bytes(raw, charset)
    if charset or any("\udc80" <= char <= "\udcff" for char in prop.value):
        return _decode_bytes(prop.value.encode("utf-8", "surrogateescape"), charset)
    return prop.value


def _unescape(text: str) -> str:
    return ESCAPE_RE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def _split_unescaped(text: str, separator: str) -> list[str]:
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index:index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _types(prop: _Property) -> tuple[str, ...]:
    types: list[str] = []
    for key, value in prop.params:
        if key == "TYPE" and value:
            names = value.split(",")
        elif value is None and key not in ENCODINGS:
            names = [key]
        elif key == "PREF":
            names = ["pref"]
        else:
            continue
        for name in names:
            name = name.strip().lower()
            if name and name not in types:
                types.append(name)
    return tuple(types)


def _pref(prop: _Property) -> int:
    """1 for PREF=1 or TYPE=pref, the PREF number (1-100) when given, else NOT_PREFERRED."""
    rank = NOT_PREFERRED
    for key, value in prop.params:
        if key == "PREF" and value and value.strip().isdigit():
            rank = min(rank, max(1, min(100, int(value.strip()))))
        elif (key == "PREF" and value is None) or (
                key == "TYPE" and value and "pref" in value.lower().replace(" ", "").split(",")):
            rank = 1
    return rank


def _photo_bytes(prop: _Property) -> bytes | None:
    """An inline photo's bytes (2.1/3.0 base64, or a 4.0 data: URI); None for a link or junk."""
    text = prop.value.strip()
    if prop.encoding != "b64":
        match = re.match(r"^data:[^,;]*(?:;[^,;]*)*;base64,", text, re.I)
        if match is None:
            return None
        text = text[match.end():]
    try:
        data = base64.b64decode(re.sub(r"\s+", "", text), validate=False)
    except (binascii.Error, ValueError):
        return None
    return data if 0 < len(data) <= MAX_PHOTO_BYTES else None


def _clean_tel(value: str) -> str:
    value = re.sub(r"^tel:", "", value.strip(), flags=re.I)
    return one_line(value.split(";", 1)[0])


def parse_birthday(raw: str) -> Birthday | None:
    """"1980-03-22", "19800322", "--0415", "--04-15", "1980-03-22T00:00:00Z"; else None."""
    text = raw.strip()
    match = (re.match(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T|$)", text)
             or re.match(r"^--()(\d{2})-?(\d{2})$", text))
    if match is None:
        return None
    year = int(match[1]) if match[1] else None
    month, day = int(match[2]), int(match[3])
    if not (1 <= month <= 12 and 1 <= day <= 31) or (year is not None and year < 1800):
        return None
    return Birthday(year, month, day)


def _apply(card: ParsedCard, prop: _Property, labels: dict[str, str]) -> None:
    if prop.name == "PHOTO" and card.photo is None:
        card.photo = _photo_bytes(prop)
    if prop.is_binary:
        return
    text = _value_text(prop)
    if prop.name in STRUCTURED:
        parts = [one_line(_unescape(part)) for part in _split_unescaped(text, ";")]
        if prop.name == "N" and not card.name_parts:
            card.name_parts = tuple(parts)
        elif prop.name == "ORG" and parts and parts[0]:
            card.orgs.append(parts[0][:TEXT_LIMIT])
        return
    value = _unescape(text)
    label = labels.get(prop.group, "")
    if prop.name == "FN" and not card.formatted_name:
        card.formatted_name = one_line(value)[:TEXT_LIMIT]
    elif prop.name == "NICKNAME" and not card.nickname:
        card.nickname = one_line(value)
    elif prop.name == "TITLE" and one_line(value):
        card.titles.append(one_line(value)[:TEXT_LIMIT])
    elif prop.name == "EMAIL" and one_line(value):
        card.emails.append(Channel(re.sub(r"^mailto:", "", one_line(value), flags=re.I),
                                   _types(prop), label, _pref(prop)))
    elif prop.name == "TEL" and _clean_tel(value):
        card.phones.append(Channel(_clean_tel(value), _types(prop), label, _pref(prop)))
    elif prop.name in ("URL", "X-SOCIALPROFILE") and one_line(value):
        card.urls.append(Channel(one_line(value), _types(prop), label))
    elif prop.name == "NOTE" and multiline(value):
        card.notes.append(multiline(value)[:TEXT_LIMIT])
    elif prop.name == "CATEGORIES":
        card.categories.extend(one_line(c) for c in _split_unescaped(text, ",") if one_line(c))
    elif prop.name == "BDAY" and card.birthday is None:
        card.birthday = parse_birthday(value)
    elif prop.name == "VERSION":
        card.version = one_line(value)
    elif prop.name == REMEMBER and not card.mnemonic:
        card.mnemonic = one_line(value)[:TEXT_LIMIT]
    elif prop.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"):
        card.kind = one_line(value).lower()


def _apple_labels(props: list[_Property]) -> dict[str, str]:
    """item1.X-ABLabel:_$!<HomePage>!$_ labels every item1.* property "HomePage"."""
    labels = {}
    for prop in props:
        if prop.group and prop.name == "X-ABLABEL":
            raw = one_line(_unescape(_value_text(prop)))
            match = APPLE_LABEL_RE.match(raw)
            labels[prop.group] = match[1] if match else raw
    return labels


def _card_from(props: list[_Property]) -> ParsedCard:
    card = ParsedCard()
    labels = _apple_labels(props)
    for prop in props:
        _apply(card, prop, labels)
    # The preferred email and phone come first (a stable sort keeps the card's order otherwise),
    # so they become the contact's own.
    card.emails.sort(key=lambda channel: channel.pref)
    card.phones.sort(key=lambda channel: channel.pref)
    return card


def _as_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    # surrogateescape keeps stray Latin-1 bytes so that a property's CHARSET can decode them.
    return data.decode("utf-8", errors="surrogateescape").lstrip("\ufeff")


def read_vcards(data: bytes | str, *, max_cards: int = MAX_CARDS,
                max_lines_per_card: int = MAX_LINES_PER_CARD) -> list[ParsedCard]:
    """Every card in a .vcf file or QR payload, in order; VCardError when it holds none,
    too many, or a card longer than any real one (a crafted or broken file)."""
    cards: list[ParsedCard] = []
    props: list[_Property] | None = None
    lines = 0
    for prop, line_count in _logical_lines(_as_text(data)):
        if props is not None:
            lines += 1 if prop is not None and prop.is_binary else line_count
            if lines > max_lines_per_card:
                raise VCardError(
                    f"Card {len(cards) + 1} in that file runs past {max_lines_per_card:,} "
                    "lines, which no address book writes. Nothing was imported.")
        if prop is None:
            continue
        if prop.name == "BEGIN" and prop.value.strip().upper() == "VCARD":
            if props:
                cards.append(_card_from(props))
            props, lines = [], 1
        elif prop.name == "END" and prop.value.strip().upper() == "VCARD":
            if props is not None:
                cards.append(_card_from(props))
            props = None
        elif props is not None:
            props.append(prop)
        if len(cards) > max_cards:
            raise VCardError(f"That file holds more than {max_cards:,} cards. "
                             "Split it into smaller files. Nothing was imported.")
    if props:
        cards.append(_card_from(props))
    if not cards:
        raise VCardError("We couldn't find any contact card (BEGIN:VCARD) in that file.")
    return cards


@dataclass
class VCardEntry:
    """What the writer puts in one card; text is cleaned so it cannot add properties."""

    name: str
    org: str = ""
    title: str = ""
    emails: list[Channel] = field(default_factory=list)
    phones: list[Channel] = field(default_factory=list)
    urls: list[Channel] = field(default_factory=list)
    note: str = ""
    nickname: str = ""
    categories: list[str] = field(default_factory=list)
    # A JPEG, written as an inline base64 PHOTO.
    photo: bytes | None = None
    mnemonic: str = ""


def _structured_name(name: str) -> vobject.vcard.Name:
    """N split as name tags split it: family first for CJK, particles, suffixes."""
    given, family, suffix = name_parts(name)
    return vobject.vcard.Name(family=family, given=given, suffix=suffix)


def _add_channel(card, kind: str, channel: Channel) -> None:
    value = one_line(channel.value)
    if not value:
        return
    prop = card.add(kind)
    prop.value = value
    if kind == "url":
        # A URI is not text: escaping its , and ; (as TEXT values need) breaks the link in
        # readers that follow RFC 6350. one_line has already removed anything that could end
        # the line.
        prop.encoded = True
    types = [one_line(t).upper() for t in channel.types if re.fullmatch(r"[A-Za-z0-9-]+", t)]
    if types:
        prop.params["TYPE"] = types


def write_vcard(entry: VCardEntry) -> str:
    """One vCard 3.0 as text with CRLF line ends, folded at 75 octets."""
    card = vobject.vCard()
    name = one_line(entry.name) or "Unnamed"
    card.add("fn").value = name
    card.add("n").value = _structured_name(name)
    if one_line(entry.nickname):
        card.add("nickname").value = one_line(entry.nickname)
    if one_line(entry.org):
        card.add("org").value = [one_line(entry.org)]
    if one_line(entry.title):
        card.add("title").value = one_line(entry.title)
    for channel in entry.phones:
        _add_channel(card, "tel", channel)
    for channel in entry.emails:
        _add_channel(card, "email", channel)
    for channel in entry.urls:
        _add_channel(card, "url", channel)
    categories = [one_line(c) for c in entry.categories if one_line(c)]
    if categories:
        card.add("categories").value = categories
    if multiline(entry.note):
        card.add("note").value = multiline(entry.note)
    if one_line(entry.mnemonic):
        card.add(REMEMBER.lower()).value = one_line(entry.mnemonic)
    text = card.serialize()
    if entry.photo:
        # vobject leaves a base64 value unfolded; a line of a megabyte is folded here instead.
        encoded = base64.b64encode(entry.photo).decode("ascii")
        line = "PHOTO;ENCODING=b;TYPE=JPEG:" + encoded
        folded = "\r\n ".join(line[i:i + 74] for i in range(0, len(line), 74))
        end = text.rindex("END:VCARD")
        text = text[:end] + folded + "\r\n" + text[end:]
    return text


def write_vcards(entries) -> str:
    """Many cards in one .vcf file."""
    return "".join(write_vcard(entry) for entry in entries)
