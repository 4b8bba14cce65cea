"""A filled-in message for one contact: subject and body with gaps, and how to send it."""

from dataclasses import dataclass
from urllib.parse import quote

from netpwa.contacts.models import Contact
from netpwa.outreach.messages import Template
from netpwa.outreach.placeholders import Part, as_text, fill, gaps
from netpwa.outreach.profile import my_profile
from netpwa.outreach.values import contact_values


@dataclass(frozen=True)
class Draft:
    template: Template
    subject_parts: list[Part]
    body_parts: list[Part]

    @property
    def subject(self) -> str:
        return as_text(self.subject_parts)

    @property
    def body(self) -> str:
        return as_text(self.body_parts)

    @property
    def gaps(self) -> list[str]:
        return gaps(self.subject_parts + self.body_parts)


def draft(owner_id: int, contact: Contact, template: Template,
          other: Contact | None = None) -> Draft:
    values = contact_values(contact, my_profile(owner_id), other=other)
    return Draft(template, fill(template.subject, values), fill(template.body, values))


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068): everything percent-encoded, newlines as %0D%0A."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (f"mailto:{quote(address or '', safe='@')}?subject={quote(subject, safe='')}"
            f"&body={quote(body, safe='')}")
