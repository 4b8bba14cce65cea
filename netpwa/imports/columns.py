"""What a column can hold, and which files we know: header names to fields, recognised formats.

Formats (looked up in real exports, 2024-2026):
- LinkedIn `Connections.csv`: a "Notes:" preamble, a blank line, then First Name, Last Name, URL,
  Email Address, Company, Position, Connected On ("14 Nov 2026"); older files lack URL.
- Google Contacts, current: First Name, Middle Name, Last Name, ..., Organization Name,
  Organization Title, Notes, Labels ("* myContacts ::: Friends"), E-mail 1 - Label,
  E-mail 1 - Value, Phone 1 - Label, Phone 1 - Value, ..., Website 1 - Value. Several values in
  one cell are joined with " ::: ".
- Google Contacts, older ("Google CSV"): Name, Given Name, Additional Name, Family Name, ...,
  Notes, Group Membership, E-mail 1 - Type, E-mail 1 - Value, Phone 1 - Value,
  Organization 1 - Name, Organization 1 - Title, Website 1 - Value.
- Outlook: Title (Mr./Ms.), First Name, Middle Name, Last Name, Suffix, Company, Department,
  Job Title, ..., Business Phone, Mobile Phone, ..., Categories, E-mail Address, E-mail 2
  Address, ..., Notes, Referred By, Web Page.
- netpwa's own CSV/XLSX export, today's columns and the earlier ones.
"""

import hashlib
import re
from dataclasses import dataclass

# Field key -> label. "" means the column is ignored.
FIELDS = {
    "name": "Name",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "company": "Company",
    "headline": "Role / what they do",
    "email": "Email",
    "phone": "Phone",
    "link": "Profile link (LinkedIn)",
    "notes": "Notes",
    "how_met": "How we met (to notes)",
    "mnemonic": "Remember them by",
    "tags": "Tags",
    "met_on": "Date met",
    "where_met": "Where met (event)",
    "last_contact": "Last contacted (to the timeline)",
    "follow_up_by": "Next follow-up",
    "cadence": "Cadence",
    "introduced_by": "Introduced by",
    "follow_up": "Must follow up (yes/no)",
    "chat_seconds": "Chat length (seconds)",
}
DATE_FIELDS = ("met_on", "last_contact", "follow_up_by")
# Several columns may feed these and all their values are kept; other fields take the first
# filled cell.
JOINED_FIELDS = ("notes", "how_met", "tags", "email", "phone")


def normalise(header: str) -> str:
    """"E-mail 1 - Value" -> "email 1 value": case, punctuation and spacing don't matter."""
    text = re.sub(r"[^\w\s]", "", str(header).casefold().replace("_", " "))
    return " ".join(text.split())


_SYNONYMS = {
    "name": ("name", "full name", "display name", "contact name", "contact", "person",
             "file as"),
    "first_name": ("first name", "given name", "first", "firstname", "forename", "vorname",
                   "prénom", "prenom", "nombre"),
    "middle_name": ("middle name", "additional name"),
    "last_name": ("last name", "family name", "surname", "last", "lastname", "nachname",
                  "nom", "apellido", "apellidos"),
    "company": ("company", "organisation", "organization", "organization name",
                "organization 1 name", "employer", "firma", "unternehmen", "company name",
                "empresa", "société", "societe", "current company"),
    "headline": ("role", "position", "job title", "title", "headline", "job", "what they do",
                 "organization title", "organization 1 title", "occupation", "position title",
                 "current position", "funktion", "position bei", "beruf"),
    "email": ("email", "e mail", "email address", "e mail address", "mail", "email 1 value",
              "e mail 1 value", "email 2 value", "e mail 2 value", "email 3 value",
              "e mail 3 value", "e mail 2 address", "e mail 3 address", "work email",
              "personal email", "emailadresse", "e mail adresse", "courriel"),
    "phone": ("phone", "mobile", "cell", "telephone", "tel", "phone number", "mobile phone",
              "business phone", "home phone", "primary phone", "phone 1 value",
              "phone 2 value", "phone 3 value", "telefon", "handy", "mobil", "téléphone",
              "telephone number", "mobile number", "cell phone"),
    "link": ("linkedin", "linkedin url", "linkedin profile", "profile", "profile link",
             "profile url", "url", "website", "web page", "link", "website 1 value",
             "homepage"),
    "notes": ("notes", "note", "comments", "comment", "notizen", "bemerkungen", "remarks"),
    "how_met": ("how we met", "how met", "how did we meet", "context", "where how met"),
    "mnemonic": ("remember them by", "mnemonic"),
    "tags": ("tags", "tag", "labels", "categories", "groups", "group membership", "group"),
    "met_on": ("connected on", "date met", "met on", "met", "date connected", "connection date",
               "kennengelernt am", "first met"),
    "where_met": ("where met", "where we met", "event", "met at"),
    "last_contact": ("last contacted", "date of last contact", "last contact",
                     "last contact date", "letzter kontakt"),
    "follow_up_by": ("next follow up", "follow up by", "followup by", "follow up date",
                     "next followup", "follow up on", "next follow up date", "follow up"),
    "cadence": ("cadence", "check in every"),
    "introduced_by": ("introduced by", "referred by", "referrer", "referral", "intro by"),
    "follow_up": ("must follow up",),
    "chat_seconds": ("chat seconds", "chat length"),
}
SYNONYMS = {normalise(word): key for key, words in _SYNONYMS.items() for word in words}
# Google's numbered columns: "E-mail 4 - Value", "Phone 2 - Value", "Website 3 - Value".
NUMBERED = ((re.compile(r"^e ?mail \d+ value$"), "email"),
            (re.compile(r"^phone \d+ value$"), "phone"),
            (re.compile(r"^website \d+ value$"), "link"))


def field_for(header: str) -> str:
    """The field a column with this title most likely holds, or ""."""
    key = normalise(header)
    if key in SYNONYMS:
        return SYNONYMS[key]
    for pattern, field in NUMBERED:
        if pattern.match(key):
            return field
    return ""


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    # Normalised titles that must all be present.
    needs: tuple[str, ...]
    # Normalised titles read differently in this format ("title" is Mr./Ms. in Outlook).
    overrides: tuple[tuple[str, str], ...] = ()


def _n(*titles: str) -> tuple[str, ...]:
    return tuple(normalise(title) for title in titles)


NETPWA_COLUMNS = ("Name", "First name", "Last name", "Company", "Role", "Email", "Phone",
                  "LinkedIn", "Where met", "Date met", "Last contacted", "Next follow-up",
                  "Cadence", "Introduced by", "Notes", "Tags")
NETPWA_EARLIER_COLUMNS = ("Name", "What they do", "Company", "Remember them by", "Email",
                          "Phone", "Link", "Tags", "Notes", "Must follow up", "Event", "Met on",
                          "Chat seconds", "Last contacted", "Follow up by")

FORMATS = (
    Format("netpwa", "netpwa export", _n("Name", "Role", "Where met", "Date met",
                                         "Next follow-up", "Introduced by"),
           overrides=tuple(zip(_n("LinkedIn", "Name"), ("link", "name"), strict=True))),
    Format("netpwa-1", "netpwa export (earlier columns)",
           _n("Name", "What they do", "Remember them by", "Must follow up", "Met on"),
           overrides=((normalise("Event"), "where_met"),)),
    Format("linkedin", "LinkedIn connections", _n("First Name", "Last Name", "Connected On")),
    Format("google", "Google Contacts", _n("First Name", "Last Name", "E-mail 1 - Value"),
           overrides=((normalise("File As"), ""), (normalise("Nickname"), ""))),
    Format("google-old", "Google Contacts (older Google CSV)",
           _n("Given Name", "Family Name", "E-mail 1 - Value"),
           overrides=((normalise("Name"), "name"),)),
    Format("outlook", "Outlook", _n("First Name", "Last Name", "E-mail Address"),
           overrides=((normalise("Title"), ""), (normalise("Suffix"), ""))),
)


def recognise(header: list[str]) -> Format | None:
    titles = {normalise(cell) for cell in header}
    for known in FORMATS:
        if all(need in titles for need in known.needs):
            return known
    return None


def guess_mapping(header: list[str], known: Format | None = None) -> list[str]:
    """A field (or "") for each column. Several columns may feed one field: text fields take
    the first filled cell of a row (Google's empty "Occupation" before "Organization 1 -
    Title"), notes and tags join them, extra emails and phones are kept with the contact."""
    overrides = dict(known.overrides) if known else {}
    return [overrides[normalise(title)] if normalise(title) in overrides else field_for(title)
            for title in header]


def header_key(header: list[str]) -> str:
    """The remembered-mapping key of a header row: same titles in the same order."""
    return hashlib.sha256("\x1f".join(normalise(cell) for cell in header).encode()).hexdigest()


def clean_mapping(raw: list, width: int) -> list[str]:
    """A posted or stored mapping made safe: one known field (or "") per column."""
    return [str(raw[index]) if index < len(raw) and str(raw[index] or "") in FIELDS else ""
            for index in range(width)]
