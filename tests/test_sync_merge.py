"""The two-device merge rule, through the merge functions directly (docs/SYNC.md)."""

import pytest
from sqlalchemy import select

from netpwa.contacts import service
from netpwa.contacts.models import Contact, ContactHistory
from netpwa.extensions import db
from netpwa.sync.merge import is_tombstone, merge_delete, merge_edit


@pytest.fixture
def contact(app, make_user, make_contact):
    """Bea, stored once; the test runs inside an app context and gets the row."""
    owner = make_user()
    contact_id = make_contact(owner, name="Bea Costa", headline="Data eng", email="")
    with app.app_context():
        yield db.session.get(Contact, contact_id)


def _history(contact):
    return db.session.scalars(select(ContactHistory).where(
        ContactHistory.contact_id == contact.id).order_by(ContactHistory.id)).all()


def test_edits_to_different_fields_from_two_devices_both_survive(contact):
    """The phone sets the company, the laptop the email: the contact has both."""
    phone = merge_edit(contact, {"company": "Acme"})
    db.session.commit()
    laptop = merge_edit(contact, {"email": "bea@example.com"})
    db.session.commit()
    assert phone.changed == ("company",) and laptop.changed == ("email",)
    assert (contact.company, contact.email) == ("Acme", "bea@example.com")
    assert contact.headline == "Data eng"
    assert _history(contact) == []


def test_same_field_later_arrival_wins_and_the_overwritten_value_is_kept(contact):
    """Both devices change the headline: the one the server receives last wins, and the value
    it replaced is in the contact's history."""
    merge_edit(contact, {"headline": "Phone: ML lead"})
    db.session.commit()
    merge_edit(contact, {"headline": "Laptop: ML lead @ Acme"})
    db.session.commit()
    assert contact.headline == "Laptop: ML lead @ Acme"
    kept = [(h.field, h.old_value, h.new_value, h.origin) for h in _history(contact)]
    assert kept == [("headline", "Data eng", "Phone: ML lead", "sync"),
                    ("headline", "Phone: ML lead", "Laptop: ML lead @ Acme", "sync")]


def test_an_edit_after_a_delete_keeps_the_contact_restorable_with_the_edit(contact):
    """The laptop deletes Bea, then the phone's offline edit arrives: she stays in the trash
    with the edit applied, and restoring her brings both back."""
    merge_delete(contact)
    db.session.commit()
    merged = merge_edit(contact, {"notes": "Knows the Rust meetup organisers"})
    db.session.commit()
    assert merged.in_trash and is_tombstone(contact)
    assert contact.notes == "Knows the Rust meetup organisers"
    service.restore(contact)
    db.session.commit()
    assert contact.deleted_at is None and contact.notes == "Knows the Rust meetup organisers"


def test_a_delete_after_an_edit_keeps_the_edit_in_the_trash(contact):
    """The phone edits, then the laptop deletes: a tombstone, not a removed row, so the edit
    is still there to restore."""
    merge_edit(contact, {"company": "Acme"})
    db.session.commit()
    merged = merge_delete(contact)
    db.session.commit()
    assert merged.changed == ("deleted_at",) and merged.in_trash
    assert db.session.get(Contact, contact.id).company == "Acme"
    assert is_tombstone(contact)


def test_deleting_twice_keeps_the_first_deletion(contact):
    """A replayed or second delete changes nothing, so the 30-day trash clock doesn't restart."""
    merge_delete(contact)
    db.session.commit()
    first = contact.deleted_at
    again = merge_delete(contact)
    assert again.changed == () and contact.deleted_at == first


def test_an_edit_that_sets_the_same_value_changes_nothing(contact):
    """Two devices making the same edit leave no history entry."""
    merge_edit(contact, {"headline": "Data eng"})
    assert merge_edit(contact, {"headline": "Data eng"}).changed == ()
    assert _history(contact) == []
