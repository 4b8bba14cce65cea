"""What another app wrote about a person (a vCard, a scanned link) as capture values.

Shared by the .vcf import (contacts) and the QR scanner (scan): values are cut to the field
limits and only valid emails, phones and http(s) links are kept.
"""

from urllib.parse import urlsplit

from netpwa.contacts.fields import EMAIL_RE, LIMITS, PHONE_RE
from netpwa.contacts.vcard import ParsedCard
from netpwa.formats.links import web_link
from netpwa.formats.text import one_line

PROFILE_HOSTS = ("linkedin.com", "behance.net", "github.com", "dribbble.com", "x.com",
                 "twitter.com", "mastodon.social", "instagram.com")


def fits(field_name: str, value: str) -> str:
    return value[:LIMITS[field_name]]


def first_valid_email(values) -> str:
    for value in values:
        if EMAIL_RE.match(value.strip()) and len(value.strip()) <= LIMITS["email"]:
            return value.strip()
    return ""


def first_valid_phone(values) -> str:
    for value in values:
        if PHONE_RE.match(value.strip()):
            return value.strip()
    return ""


def web_url(raw: str) -> str:
    """The http(s) link in raw, within the link field's limit, or ""."""
    return web_link(raw, LIMITS["link"])


def best_link(urls) -> str:
    """A profile (LinkedIn first) beats a homepage; only http(s) links are kept."""
    links = [u for u in (web_url(raw) for raw in urls) if u]
    for host_group in (("linkedin.com",), PROFILE_HOSTS):
        for link in links:
            host = (urlsplit(link).hostname or "").lower()
            if any(host == h or host.endswith("." + h) for h in host_group):
                return link
    return links[0] if links else ""


def card_prefill(card: ParsedCard) -> dict:
    """A vCard as capture values; a card without a name is named after its email or phone."""
    email = first_valid_email(c.value for c in card.emails)
    phone = first_valid_phone(c.value for c in card.phones)
    notes = list(card.notes)
    if card.nickname:
        notes.append(f"Nickname: {card.nickname}")
    if card.birthday:
        notes.append(f"Birthday: {card.birthday}")
    name = card.name or email or phone or (card.emails[0].value if card.emails else "") \
        or (card.phones[0].value if card.phones else "")
    return {
        "name": fits("name", one_line(name)),
        "headline": fits("headline", card.title or ""),
        "company": fits("company", card.org or ""),
        "email": email,
        "phone": phone,
        "link": best_link(c.value for c in card.urls),
        "notes": fits("notes", "\n\n".join(notes)),
    }
