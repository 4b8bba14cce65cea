"""The follow-up notebook at 10,000 contacts with 100,000 interactions, beside the same at a
tenth of the size, so "stays flat" is a comparison, not a claim.

`python -m bench notebook`. Listing (the Follow-ups page, a contact's timeline, the Referrals
page with its chains, "who introduced nobody yet" and "tell them how it went"), counting (the
home screen's due count) and resetting (logging an interaction, Done, Snooze: each moves a
contact's next follow-up) are timed against the bare hello endpoint of the same server.
"""

import random
from datetime import timedelta

from bench import common

SIZES = ((1_000, 10), (10_000, 10))  # contacts, interactions per contact
KINDS = ("met", "message", "call", "coffee", "interview", "thanks", "intro", "referral", "note")


def _seed(app, contacts: int, per_contact: int) -> list[int]:
    """A user with `contacts` contacts and `per_contact` interactions each (met first), most of
    them overdue for a follow-up and one in fifty owing a thank-you; returns the contact ids."""
    from sqlalchemy import select

    from netpwa.contacts.models import Contact
    from netpwa.extensions import db, now_utc
    from netpwa.notebook.models import Interaction, new_uuid
    user_id = common.seed_user(app)
    common.seed_contacts(app, user_id, contacts)
    with app.app_context():
        rows = db.session.execute(select(Contact.id, Contact.met_at)
                                  .where(Contact.owner_id == user_id)).all()
    rng = random.Random(7)
    now = now_utc()
    today = now.date()
    interactions = []
    for contact_id, met_at in rows:
        day = met_at.date()
        for index in range(per_contact):
            kind = "met" if index == 0 else rng.choice(KINDS[1:])
            interactions.append({
                "uuid": new_uuid(), "owner_id": user_id, "contact_id": contact_id,
                "kind": kind, "channel": "email" if kind == "message" else "",
                "occurred_on": day, "text": f"Talked about {rng.choice(common.TAGS)}",
                "helped": "", "created_at": now, "updated_at": now, "revision": 0})
            day = min(today, day + timedelta(days=rng.randint(1, 30)))
    common.bulk_insert(app, Interaction, interactions, chunk=5000)
    _seed_referrals(app, user_id, [contact_id for contact_id, _ in rows], rng)
    with app.app_context():
        for index, (contact_id, _met) in enumerate(rows):
            if index % 50 == 0:
                db.session.execute(Contact.__table__.update()
                                   .where(Contact.id == contact_id)
                                   .values(thank_by=today - timedelta(days=index % 5)))
        db.session.commit()
    return [contact_id for contact_id, _ in rows]


def _seed_referrals(app, user_id: int, ids: list[int], rng: random.Random) -> None:
    """One contact in ten was introduced by someone met earlier (so chains form, a few levels
    deep), and a third of those referrers were already told how it went."""
    from netpwa.extensions import now_utc
    from netpwa.outreach.models import Referral, ReferralUpdate
    now = now_utc()
    referrals, updates = [], []
    for index in range(10, len(ids), 10):
        contact_id, referrer_id = ids[index], ids[rng.randrange(index)]
        referrals.append({"owner_id": user_id, "contact_id": contact_id,
                          "referrer_id": referrer_id, "created_at": now})
        if index % 30 == 0:
            updates.append({"owner_id": user_id, "contact_id": contact_id,
                            "told_on": now.date(), "snoozed_until": None, "created_at": now})
    common.bulk_insert(app, Referral, referrals, chunk=5000)
    common.bulk_insert(app, ReferralUpdate, updates, chunk=5000)


def _run(contacts: int, per_contact: int) -> list:
    with common.serve() as server:
        ids = _seed(server.app, contacts, per_contact)
        client = common.Client(server.url)
        client.login()
        rng = random.Random(11)
        size = f"{contacts:,} contacts, {contacts * per_contact:,} interactions"

        def timed(label, send, count=150):
            return common.measure(f"{label} ({size})", send, client, count=count,
                                  baseline=common.hello)

        def log(c):
            return c.post(f"/timeline/{rng.choice(ids)}/log",
                          {"kind": "coffee", "text": "bench", "csrf_token": c.csrf_token},
                          htmx=True)

        def done(c):
            return c.post(f"/follow-ups/follow-up/{rng.choice(ids)}/done",
                          {"csrf_token": c.csrf_token}, htmx=True)

        def snooze(c):
            return c.post(f"/follow-ups/follow-up/{rng.choice(ids)}/snooze",
                          {"for": "week", "csrf_token": c.csrf_token}, htmx=True)

        hello = common.measure("hello (bare Flask view)", common.hello, client)
        results = [
            hello,
            timed("Follow-ups GET (list, first 200)", lambda c: c.get("/follow-ups")),
            timed("home GET (due count)", lambda c: c.get("/")),
            timed("Referrals GET (chains, nobody yet, how it went)", lambda c: c.get("/referrals")),
            timed("contact page GET (timeline)", lambda c: c.get(f"/contacts/{rng.choice(ids)}")),
            timed("log interaction POST (htmx)", log),
            timed("Done POST (htmx)", done),
            timed("Snooze POST (htmx)", snooze),
        ]
        client.close()
    database = "PostgreSQL" if server.database_url.startswith("postgres") else "SQLite"
    common.report(f"Notebook on {database}: {size}", results, baseline=hello)
    return results


def main() -> None:
    for contacts, per_contact in SIZES:
        _run(contacts, per_contact)
    print(f"Machine: {common.machine_note()}\n")
