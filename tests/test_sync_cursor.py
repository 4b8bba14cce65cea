"""The change cursor: every write bumps the owner's revision, and concurrent writers can't
make a puller skip a change (docs/SYNC.md)."""

import threading
import time

from sqlalchemy import select

from netpwa.contacts import service
from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.sync.changes import Cursor, changes_since, parse_cursor


def _revision(contact_id: int) -> int:
    return db.session.scalar(select(Contact.revision).where(Contact.id == contact_id))


def test_every_write_path_moves_the_contact_past_the_cursor(app, make_user, make_contact):
    """Insert, edit, mark contacted, trash and restore each give the contact a newer revision,
    whichever code made the change."""
    owner = make_user()
    contact_id = make_contact(owner, name="Ana")
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        seen = [_revision(contact_id)]
        for change in (lambda: service.apply_changes(contact, {"headline": "Chef"}),
                       lambda: service.mark_contacted(contact),
                       lambda: service.trash(contact),
                       lambda: service.restore(contact),
                       lambda: setattr(contact, "tags", ",food,")):
            change()
            db.session.commit()
            seen.append(_revision(contact_id))
        assert seen == sorted(set(seen)) and seen[0] >= 1


def test_revisions_count_per_user(app, make_user, make_contact):
    """Each user has their own clock: another user's writes don't advance mine."""
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    first = make_contact(ana, name="A1")
    make_contact(bo, name="B1")
    make_contact(bo, name="B2")
    second = make_contact(ana, name="A2")
    # The same two captures by someone alone: a capture also starts the timeline ("met"), which
    # takes its own tick of the owner's clock, so compare with that rather than with 1 and 2.
    cy = make_user("cy@example.com")
    alone_first, alone_second = make_contact(cy, name="C1"), make_contact(cy, name="C2")
    with app.app_context():
        assert _revision(first) == _revision(alone_first)
        assert _revision(second) == _revision(alone_second) > _revision(first)


def test_rows_written_together_are_paged_without_loss(app, make_user):
    """Contacts written in one transaction share a revision; paging two at a time still
    returns every one of them exactly once."""
    owner = make_user()
    with app.app_context():
        db.session.add_all([Contact(owner_id=owner, name=f"P{i}") for i in range(5)])
        db.session.commit()
        cursor, seen, pages = Cursor(), [], 0
        while True:
            page = changes_since(owner, cursor, limit=2)
            seen += [c.name for c in page.contacts]
            cursor, pages = page.cursor, pages + 1
            if not page.has_more:
                break
        assert seen == [f"P{i}" for i in range(5)] and pages == 3
        assert changes_since(owner, parse_cursor(str(cursor))).contacts == []


def test_a_slow_writer_cannot_be_skipped_by_a_puller(app, make_user):
    """Writer A takes a revision and commits late; writer B starts after A took its revision.
    B has to wait for A's commit, so B's revision is higher and B is never visible while A
    isn't: a puller whose cursor passed B can't have missed A."""
    owner = make_user()
    a_has_revision = threading.Event()
    timeline = []

    def writer_a():
        with app.app_context():
            db.session.add(Contact(owner_id=owner, name="Slow A"))
            db.session.flush()
            a_has_revision.set()
            time.sleep(0.6)
            timeline.append("A commits")
            db.session.commit()
            db.session.remove()

    def writer_b():
        a_has_revision.wait(5)
        with app.app_context():
            db.session.add(Contact(owner_id=owner, name="Quick B"))
            db.session.commit()
            timeline.append("B committed")
            db.session.remove()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert timeline == ["A commits", "B committed"]
    with app.app_context():
        rows = changes_since(owner, Cursor()).contacts
        assert [c.name for c in rows] == ["Slow A", "Quick B"]
        assert rows[0].revision < rows[1].revision
