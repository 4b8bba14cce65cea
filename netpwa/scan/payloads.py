"""What a scanned QR (or an imported card) says, turned into a capture form's prefill."""

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from netpwa.contacts.fields import EMAIL_RE, LIMITS, PHONE_RE
from netpwa.contacts.prefill import (best_link, card_prefill, first_valid_email, first_valid_phone,
                                     fits, web_url)
from netpwa.contacts.vcard import Channel, VCardError, read_vcards
from netpwa.formats.text import looks_binary, multiline, one_line

MAX_PAYLOAD_CHARS = 8_000
# A QR holds at most 2,953 bytes; a vCard in one has no business being longer than this.
MAX_PAYLOAD_LINES = 400
CARD_PATH_RE = re.compile(r"^/c/([A-Za-z0-9_-]{16,64})/?$")
LINKEDIN_PATH_RE = re.compile(r"^/(?:in|pub)/([^/?#]+)", re.I)


class PayloadError(ValueError):
    """A payload we cannot use; the message is for the person scanning."""


@dataclass
class Payload:
    """What a scan understood: its kind, the capture prefill, and extra typed channels."""

    kind: str
    prefill: dict
    slug: str | None = None
    phones: list[Channel] = field(default_factory=list)
    emails: list[Channel] = field(default_factory=list)

    @property
    def description(self) -> str:
        return {"card": "a netpwa card", "vcard": "a contact card (vCard)",
                "mecard": "a contact card (MECARD)", "url": "a web link", "tel": "a phone number",
                "mailto": "an email address", "text": "some text"}[self.kind]


# Tokens people add after their name in a LinkedIn slug: a role, a degree, a seniority.
SLUG_ROLE_TOKENS = frozenset("""
ux ui uxui pm pmp phd mba msc bsc cpa cfa md dds rn esq jr sr seo sem hr it qa sre dev devops eng
ceo cto cfo coo cmo cio vp svp evp mvp design designer developer engineer consultant recruiter
coach writer founder data ml ai
""".split())


def name_from_linkedin(url: str) -> str:
    """linkedin.com/in/ana-lima-4b2a19 -> "Ana Lima", /in/priya-raman-ux -> "Priya Raman" (a
    guess to confirm, not a fact): words of the slug only; ids (any digit) and trailing role
    or degree tokens are dropped."""
    match = LINKEDIN_PATH_RE.match(urlsplit(url).path)
    if not match:
        return ""
    words = [w for w in re.split(r"[-_.]+", unquote(match[1])) if w and not re.search(r"\d", w)]
    while len(words) > 1 and words[-1].lower() in SLUG_ROLE_TOKENS:
        words.pop()
    return " ".join(w[:1].upper() + w[1:] for w in words)[:LIMITS["name"]]


def _from_vcard(text: str) -> Payload:
    try:
        cards = read_vcards(text, max_cards=1, max_lines_per_card=MAX_PAYLOAD_LINES)
    except VCardError as error:
        raise PayloadError(str(error)) from error
    card = cards[0]
    return Payload("vcard", card_prefill(card), phones=card.phones, emails=card.emails)


def _mecard_fields(body: str) -> list[tuple[str, str]]:
    fields, current, index = [], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            current.append(body[index + 1])
            index += 2
            continue
        if char == ";":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    fields.append("".join(current))
    pairs = []
    for item in fields:
        key, sep, value = item.partition(":")
        if sep:
            pairs.append((key.strip().upper(), value))
    return pairs


def _from_mecard(text: str) -> Payload:
    """MECARD:N:Lima,Ana;TEL:+351…;EMAIL:…;URL:…;NOTE:…;; (NTT DoCoMo's format)."""
    pairs = _mecard_fields(text[len("MECARD:"):])
    first = {}
    emails, phones, urls, notes = [], [], [], []
    for key, value in pairs:
        if key == "N":
            family, _, given = value.partition(",")
            first.setdefault("name", one_line(f"{given} {family}"))
        elif key in ("TEL", "TEL-AV"):
            phones.append(one_line(value))
        elif key == "EMAIL":
            emails.append(one_line(value))
        elif key == "URL":
            urls.append(one_line(value))
        elif key == "NOTE":
            notes.append(multiline(value))
        elif key == "ORG":
            first.setdefault("company", one_line(value))
        elif key == "BDAY":
            notes.append(f"Birthday: {one_line(value)}")
        elif key == "NICKNAME":
            notes.append(f"Nickname: {one_line(value)}")
    email = first_valid_email(emails)
    phone = first_valid_phone(phones)
    prefill = {"name": fits("name", first.get("name") or email or phone),
               "headline": "", "company": fits("company", first.get("company", "")),
               "email": email, "phone": phone, "link": best_link(urls),
               "notes": fits("notes", "\n\n".join(n for n in notes if n))}
    return Payload("mecard", prefill, phones=[Channel(p) for p in phones if p],
                   emails=[Channel(e) for e in emails if e])


def _empty(**values) -> dict:
    prefill = {"name": "", "headline": "", "company": "", "email": "", "phone": "", "link": "",
               "notes": ""}
    prefill.update(values)
    return prefill


def understand(text: str, *, own_host: str | None = None) -> Payload:
    """Read one scanned payload. own_host ("netpwa.example:443") marks our own card URLs."""
    if text is None or not text.strip():
        raise PayloadError("That QR code is empty.")
    if len(text) > MAX_PAYLOAD_CHARS:
        raise PayloadError("That code holds far more text than a contact card; "
                           "we didn't read it.")
    if looks_binary(text):
        raise PayloadError("That QR code holds binary data, not contact details.")
    stripped = text.strip()
    upper = stripped[:20].upper()
    if upper.startswith("BEGIN:VCARD"):
        return _from_vcard(stripped)
    if upper.startswith("MECARD:"):
        return _from_mecard(stripped)
    if upper.startswith("TEL:"):
        number = one_line(unquote(stripped[4:]).split(";", 1)[0])
        if not PHONE_RE.match(number):
            raise PayloadError("That phone link doesn't hold a number we can save.")
        return Payload("tel", _empty(phone=number))
    if upper.startswith("MAILTO:"):
        address = unquote(stripped[7:].split("?", 1)[0]).split(",")[0].strip()
        if not EMAIL_RE.match(address) or len(address) > LIMITS["email"]:
            raise PayloadError("That email link doesn't hold an address we can save.")
        return Payload("mailto", _empty(email=address))
    if re.match(r"^https?://\S+$", stripped, re.I) or re.match(
            r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+/\S*$", stripped, re.I):
        link = web_url(stripped)
        if link:
            parts = urlsplit(link)
            match = CARD_PATH_RE.match(parts.path)
            if match and own_host and parts.netloc.lower() == own_host.lower():
                return Payload("card", _empty(link=link), slug=match[1])
            return Payload("url", _empty(link=link, name=name_from_linkedin(link)))
    return Payload("text", _empty(notes=fits("notes", multiline(stripped))))
