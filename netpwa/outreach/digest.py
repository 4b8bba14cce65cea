"""The daily email digest: what is due today, sent by `flask send-reminders` when SMTP_URL
is set. Each person gets at most one a day (digest_sent_on), even if the timer runs twice.

SMTP_URL: smtp://[user:password@]host[:port] (STARTTLS when the server offers it),
smtps://… for TLS from the first byte. SMTP_FROM sets the sender.
"""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlsplit

from sqlalchemy import select

from netpwa.auth.models import User
from netpwa.extensions import db
from netpwa.outreach import timeline
from netpwa.outreach.models import OutreachProfile

MAX_LINES = 50


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    tls: bool
    user: str
    password: str


def parse_smtp_url(url: str) -> Smtp:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:password@host:587")
    tls = parts.scheme == "smtps"
    return Smtp(parts.hostname, parts.port or (465 if tls else 25), tls,
                unquote(parts.username or ""), unquote(parts.password or ""))


def lines_for(owner_id: int, today: date) -> list[str]:
    """What the digest lists: every due item by today (follow-ups, thank-yous, referrers to
    tell, … from every source registered with the notebook)."""
    return [item.title for item in timeline.due(owner_id, today, today)]


def message(user: User, lines: list[str], today: date, sender: str, link: str) -> EmailMessage:
    mail = EmailMessage()
    count = len(lines)
    mail["Subject"] = f"netpwa: {count} follow-up{'s' if count != 1 else ''} for today"
    mail["From"] = sender
    mail["To"] = formataddr((user.display_name or "", user.email))
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "netpwa")
    shown = lines[:MAX_LINES]
    more = f"\n…and {count - len(shown)} more.\n" if count > len(shown) else ""
    mail.set_content(
        f"Good morning{', ' + user.display_name if user.display_name else ''}!\n\n"
        f"Due by {today.day} {today:%B}:\n\n" + "\n".join(f"- {line}" for line in shown)
        + f"\n{more}\nOpen netpwa: {link}\n\n"
        "You get this because the daily email is on in Outreach → Reminders.\n")
    return mail


def _send(smtp: Smtp, mail: EmailMessage) -> None:
    context = ssl.create_default_context()
    if smtp.tls:
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=30, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=30)
    with client:
        if not smtp.tls:
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
        if smtp.user:
            client.login(smtp.user, smtp.password)
        client.send_message(mail)


def send_all(smtp_url: str, sender: str, link: str, today: date) -> tuple[int, list[str]]:
    """Send today's digest to everyone who asked for it. Returns (sent, problems).

    Nothing is held open while talking to the mail server: read, commit, send, then mark."""
    smtp = parse_smtp_url(smtp_url)
    owners = db.session.execute(select(OutreachProfile.owner_id, User).join(
        User, User.id == OutreachProfile.owner_id).where(
        OutreachProfile.digest.is_(True),
        (OutreachProfile.digest_sent_on.is_(None)) | (OutreachProfile.digest_sent_on < today))
        .order_by(OutreachProfile.owner_id)).all()
    sent, problems = 0, []
    for owner_id, user in owners:
        lines = lines_for(owner_id, today)
        db.session.rollback()
        if not lines:
            continue
        try:
            _send(smtp, message(user, lines, today, sender, link))
        except (OSError, smtplib.SMTPException) as error:
            problems.append(f"{user.email}: {error}")
            continue
        row = db.session.scalar(select(OutreachProfile).where(
            OutreachProfile.owner_id == owner_id))
        row.digest_sent_on = today
        db.session.commit()
        sent += 1
    return sent, problems
