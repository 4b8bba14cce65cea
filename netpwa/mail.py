"""Outgoing email: through SMTP when SMTP_URL is set, else written to the log (development).

SMTP_URL is `smtp://[user:password@]host[:port]` (STARTTLS when the server offers it),
`smtps://…` for TLS from the start; MAIL_FROM is the sender. Mail goes out on a thread, so a
request that sends one takes as long as one that doesn't (no account enumeration by timing)
and a slow mail server never holds a worker.
"""

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

log = logging.getLogger("netpwa.mail")


def _deliver(smtp_url: str, message: EmailMessage) -> None:
    url = urlsplit(smtp_url)
    secure = url.scheme == "smtps"
    port = url.port or (465 if secure else 25)
    try:
        if secure:
            client = smtplib.SMTP_SSL(url.hostname, port, timeout=30,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(url.hostname, port, timeout=30)
        with client:
            if not secure:
                client.ehlo()
                if client.has_extn("starttls"):
                    client.starttls(context=ssl.create_default_context())
                    client.ehlo()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send mail to %s: %s", message["To"], message["Subject"])


def send(config, to: str, subject: str, body: str) -> threading.Thread | None:
    """Send a plain-text email; returns the sending thread (tests may join it)."""
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or "netpwa <no-reply@localhost>"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    smtp_url = config.get("SMTP_URL") or ""
    if not smtp_url:
        log.warning("SMTP_URL is not set; this mail was not sent:\nTo: %s\nSubject: %s\n\n%s",
                    to, subject, body)
        return None
    thread = threading.Thread(target=_deliver, args=(smtp_url, message), daemon=True)
    thread.start()
    return thread
