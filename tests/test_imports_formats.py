"""Each recognised format, and a semicolon file that needs the mapping step, imports with the
right fields; duplicates merge; unusable rows are reported; an import is undone as a whole."""

from datetime import date

from imports_helpers import DATA, import_bytes, import_fixture
from sqlalchemy import select

from netpwa.contacts.models import Contact, ContactChannel
from netpwa.events.models import Event
from netpwa.extensions import db
from netpwa.imports import service, writing
from netpwa.imports.models import ImportBatch
from netpwa.notebook.models import Interaction
from netpwa.outreach.models import Referral


def _people(app, owner_id) -> dict[str, Contact]:
    with app.app_context():
        rows = db.session.scalars(select(Contact).where(
            Contact.owner_id == owner_id, Contact.deleted_at.is_(None))).all()
        for row in rows:
            db.session.expunge(row)
        return {row.name: row for row in rows}


def _batch(app, batch_id) -> ImportBatch:
    with app.app_context():
        batch = db.session.get(ImportBatch, batch_id)
        db.session.expunge(batch)
        return batch


def test_linkedin_connections(app, make_user):
    owner = make_user()
    batch = _batch(app, import_fixture(app, owner, "linkedin_connections.csv"))
    people = _people(app, owner)
    assert set(people) == {"Ana Lima", "Bruno Okafor", "Chloé Dubois"}
    ana = people["Ana Lima"]
    assert (ana.company, ana.headline, ana.email) == ("Acme, Inc.", "Chief Technology Officer",
                                                      "ana.lima@example.com")
    assert ana.link == "https://www.linkedin.com/in/ana-lima-0a1b2c"
    assert ana.met_at.date() == date(2026, 11, 14)
    assert people["Bruno Okafor"].headline == 'Lead "Data" Engineer'
    assert people["Bruno Okafor"].met_at.date() == date(2022, 2, 7)
    assert ana.source == "import" and ana.follow_up_by is None
    assert batch.status == "done" and batch.kind == "linkedin"
    assert (batch.created_count, batch.merged_count) == (3, 0)
    assert batch.skipped_json == '[[8, "No name: the row needs a name, or a first or last name."]]'


def test_google_contacts_current(app, make_user):
    owner = make_user()
    import_fixture(app, owner, "google_contacts.csv")
    people = _people(app, owner)
    dana = people["Dana Reyes"]
    assert (dana.company, dana.headline) == ("Reyes, Ortiz & Co", "Partner")
    assert dana.email == "dana@reyes.example" and dana.phone == "+34 600 123 456"
    assert dana.notes == 'Met at PyData.\nAsked about "scaling" ML, follow up in spring.'
    assert dana.tag_list == ["mentors", "pydata"]
    assert dana.link == "https://www.linkedin.com/in/dana-reyes"
    assert "山田太郎" in people
    eli = people["Eli Stone"]
    assert eli.phone == "+44 7700 900123" and eli.tags == ""
    with app.app_context():
        channels = db.session.scalars(select(ContactChannel.value).where(
            ContactChannel.contact_id == dana.id)).all()
    assert set(channels) >= {"dana@reyes.example", "dana.home@example.com"}


def test_google_contacts_older_csv_in_utf16(app, make_user):
    owner = make_user()
    import_fixture(app, owner, "google_contacts_old.csv")
    people = _people(app, owner)
    farah = people["Farah Haddad"]
    assert (farah.company, farah.headline) == ("Haddad Labs", "Founder, CEO")
    assert farah.notes == 'Likes "deep work", books.\nSecond line.'
    assert farah.tag_list == ["friends"]
    assert farah.link == "https://linkedin.com/in/farahhaddad"
    assert people["Gus Berg"].email == "gus@berg.example"


def test_outlook_with_referred_by(app, make_user):
    owner = make_user()
    import_fixture(app, owner, "outlook_contacts.csv")
    people = _people(app, owner)
    jorg = people["Jörg Müller"]
    assert (jorg.company, jorg.headline, jorg.phone) == (
        "Müller & Söhne, GmbH", "Head of Sales", "+49 89 1234567")
    assert jorg.notes == 'Café meeting – 12 € coffee.\nWants the "Pro" plan.'
    assert jorg.tag_list == ["customers", "munich"]
    helga = people["Helga Sørensen"]
    assert helga.phone == "+47 912 34 567" and helga.headline == "Consultant"
    with app.app_context():
        referral = db.session.scalar(select(Referral).where(Referral.contact_id == jorg.id))
    # Helga comes after Jörg in the file and still becomes the introduced-by link ...
    assert referral is not None and referral.referrer_id == helga.id
    # ... while someone who isn't a contact is kept as a note.
    assert people["Ivo Petrov"].notes == "Introduced by: Nobody Known"


def test_netpwa_export_columns(app, make_user):
    owner = make_user()
    import_fixture(app, owner, "netpwa_export.csv")
    people = _people(app, owner)
    jo = people["Jo Park"]
    assert (jo.company, jo.headline, jo.email, jo.phone) == (
        "Park, Lee & Co", "Designer", "jo@park.example", "+1 415 555 0100")
    assert jo.met_at.date() == date(2026, 10, 1)
    assert jo.last_contacted_at.date() == date(2026, 11, 1)
    assert jo.follow_up_by == date(2026, 12, 1) and jo.cadence == "1m"
    assert jo.notes == 'Said "hi" first.\nLikes climbing.'
    assert jo.tag_list == ["design", "climbing"]
    with app.app_context():
        event = db.session.get(Event, jo.event_id)
        assert event.name == "PyData Night"
        assert people["Kim Lee"].event_id == event.id
        referral = db.session.scalar(select(Referral).where(Referral.contact_id == jo.id))
        assert referral.referrer_id == people["Kim Lee"].id
        kinds = db.session.scalars(select(Interaction.kind).where(
            Interaction.contact_id == jo.id)).all()
    assert kinds == ["message"]


def test_semicolon_file_through_the_mapping_step(app, make_user):
    owner = make_user()
    with app.app_context():
        batch = service.create_batch(owner, "kontakte.csv",
                                     (DATA / "semicolon_de.csv").read_bytes())
        preview = service.preview(batch)
        assert preview.known is None
        assert preview.mapping == ["first_name", "last_name", "company", "email", "phone",
                                   "notes", "met_on", ""]
        assert [row for row, _reason in preview.problems] == [6, 7]
        # The person maps the favourite food into the notes too.
        chosen = [*preview.mapping[:7], "notes"]
        batch_id = batch.id
        db.session.commit()
    import_bytes(app, owner, "kontakte.csv", (DATA / "semicolon_de.csv").read_bytes(),
                 mapping=chosen)
    people = _people(app, owner)
    assert set(people) == {"Lena Schäfer", "Max Weiß"}
    lena = people["Lena Schäfer"]
    assert lena.company == "Bäckerei Schäfer" and lena.email == "lena@schaefer.example"
    assert lena.met_at.date() == date(2026, 11, 14)
    assert lena.notes == 'Notizen: Mag Brezeln; hat "Zeit".\nZweite Zeile\n\nLieblingsessen: Käsespätzle'
    assert people["Max Weiß"].company == "Weiß; Partner"
    # The mapping is remembered for the next file with this header.
    with app.app_context():
        again = service.create_batch(owner, "kontakte2.csv",
                                     (DATA / "semicolon_de.csv").read_bytes())
        assert service.mapping(again) == chosen
        assert batch_id != again.id


def test_xlsx_template_lands_in_met_date_notes_timeline_and_follow_up(app, make_user):
    owner = make_user()
    batch = _batch(app, import_fixture(app, owner, "course_template.xlsx"))
    people = _people(app, owner)
    nadia = people["Nadia Costa"]
    assert nadia.phone == "351912345678"
    assert nadia.met_at.date() == date(2026, 11, 4)
    assert nadia.notes == "How we met: Stand B12, talked about\nrobotics"
    assert nadia.last_contacted_at.date() == date(2026, 11, 20)
    assert nadia.follow_up_by == date(2027, 1, 15)
    assert people["Omar Said"].event_id == nadia.event_id is not None
    pia = people["Pia Novak"]
    assert pia.met_at.date() == date(2024, 3, 12)
    assert pia.last_contacted_at.date() == date(2025, 2, 7)
    assert batch.created_count == 3


def test_duplicates_merge_into_existing_and_earlier_rows(app, make_user, make_contact):
    owner = make_user()
    existing = make_contact(owner, "Ana L.", email="ana.lima@example.com", notes="Old note")
    data = (b"Name,Email,Phone,Company,Notes\n"
            b"Ana Lima,ANA.LIMA@example.com,,Acme,From the sheet\n"
            b"Ben Ode,ben@example.com,+44 7700 900123,,\n"
            b"Benjamin Ode,,+44 7700 900123,Odeon,\n"
            b"Ben O,ben@example.com,,,Second row of Ben\n")
    with app.app_context():
        batch = service.create_batch(owner, "dups.csv", data)
        preview = service.preview(batch)
        assert preview.merges == {2: ("Ana L.", existing), 5: ("Ben Ode", -3)}
        assert (preview.new, preview.merged) == (2, 2)
        db.session.commit()
    batch_id = import_bytes(app, owner, "dups.csv", data)
    people = _people(app, owner)
    assert set(people) == {"Ana L.", "Ben Ode", "Benjamin Ode"}
    ana = people["Ana L."]
    assert ana.company == "Acme" and ana.notes == "Old note\n\nFrom the sheet"
    assert people["Ben Ode"].notes == "Second row of Ben"
    assert _batch(app, batch_id).merged_count == 1


def test_undo_trashes_new_contacts_and_reverts_merges(app, make_user, make_contact):
    owner = make_user()
    kept = make_contact(owner, "Helga Sørensen", email="helga@nordlys.example",
                        notes="Met at a fjord")
    batch_id = import_fixture(app, owner, "outlook_contacts.csv")
    people = _people(app, owner)
    assert people["Helga Sørensen"].headline == "Consultant"
    with app.app_context():
        assert writing.undo(owner, batch_id) is True
        assert writing.undo(owner, batch_id) is False  # once
    people = _people(app, owner)
    assert list(people) == ["Helga Sørensen"]
    helga = people["Helga Sørensen"]
    assert helga.id == kept and helga.headline == "" and helga.phone == ""
    assert helga.notes == "Met at a fjord"
    with app.app_context():
        trashed = db.session.scalars(select(Contact.name).where(
            Contact.owner_id == owner, Contact.deleted_at.is_not(None))).all()
        assert sorted(trashed) == ["Ivo Petrov", "Jörg Müller"]
        assert db.session.get(ImportBatch, batch_id).status == "undone"


def test_undo_removes_timeline_entries_and_events_it_made(app, make_user, make_contact):
    owner = make_user()
    nadia = make_contact(owner, "Nadia C", email="nadia@costa.example")
    batch_id = import_fixture(app, owner, "course_template.xlsx")
    with app.app_context():
        assert db.session.scalar(select(Contact).where(Contact.id == nadia)
                                 ).last_contacted_at is not None
        assert writing.undo(owner, batch_id)
        contact = db.session.get(Contact, nadia)
        assert contact.last_contacted_at is None and contact.event_id is None
        assert contact.follow_up_by is None
        assert db.session.scalars(select(Event).where(Event.owner_id == owner)).all() == []


def test_another_users_contacts_are_never_merged_into(app, make_user, make_contact):
    ana = make_user("ana@example.com")
    bea = make_user("bea@example.com")
    make_contact(bea, "Ana Lima", email="ana.lima@example.com")
    import_fixture(app, ana, "linkedin_connections.csv")
    assert len(_people(app, ana)) == 3
    assert list(_people(app, bea)) == ["Ana Lima"]


def test_a_stopped_import_continues_where_it_stopped(app, make_user, monkeypatch):
    owner = make_user()
    data = ("Name,Email\n" + "".join(f"P{n},p{n}@example.com\n" for n in range(120))).encode()
    with app.app_context():
        batch = service.create_batch(owner, "p.csv", data)
        batch_id = batch.id
        assert writing.claim(owner, batch_id)
        assert not writing.claim(owner, batch_id)  # a double click starts it once
        real, calls = writing._write_chunk, []

        def failing(run, chunk):
            calls.append(len(chunk))
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return real(run, chunk)
        monkeypatch.setattr(writing, "_write_chunk", failing)
        writing.run_batch(batch_id)
        stopped = db.session.get(ImportBatch, batch_id)
        assert stopped.status == "stopped" and "disk full" in stopped.error
        assert stopped.done == calls[0] and 0 < stopped.done < 120
        monkeypatch.setattr(writing, "_write_chunk", real)
        assert writing.claim(owner, batch_id)
        writing.run_batch(batch_id)
        db.session.expire_all()
        done = db.session.get(ImportBatch, batch_id)
        assert (done.status, done.done, done.created_count) == ("done", 120, 120)
    assert len(_people(app, owner)) == 120


def test_the_earlier_netpwa_export_columns_are_recognised(app, make_user):
    owner = make_user()
    data = ("\ufeffName,What they do,Company,Remember them by,Email,Phone,Link,Tags,Notes,"
            "Must follow up,Event,Met on,Chat seconds,Last contacted,Follow up by\r\n"
            "Lu Wen,Data lead,Acme,red scarf,lu@example.com,'+44 20 7946 0000,"
            "https://lu.example/about,\"ml, talks\",\"Line one\r\nline two\",yes,Meetup,"
            "2026-09-10,185,2026-10-02,2026-12-01\r\n").encode()
    batch = _batch(app, import_bytes(app, owner, "old.csv", data))
    assert batch.kind == "netpwa-1"
    lu = _people(app, owner)["Lu Wen"]
    assert (lu.headline, lu.mnemonic, lu.follow_up, lu.chat_seconds) == (
        "Data lead", "red scarf", True, 185)
    # The old export guarded phones with an apostrophe; the guard is not part of the number.
    assert lu.phone == "+44 20 7946 0000"
    assert lu.notes == "Line one\nline two" and lu.tag_list == ["ml", "talks"]
    assert lu.met_at.date() == date(2026, 9, 10)
    assert lu.last_contacted_at.date() == date(2026, 10, 2)
    assert lu.follow_up_by == date(2026, 12, 1)


def test_values_that_do_not_fit_are_kept_in_the_notes_and_reported(app, make_user):
    owner = make_user()
    data = b"Name,Email,Met on\nAna,not-an-email,someday\n"
    batch = _batch(app, import_bytes(app, owner, "odd.csv", data))
    ana = _people(app, owner)["Ana"]
    assert ana.email == "" and "Email: not-an-email" in ana.notes
    assert "Met on: someday" in ana.notes
    assert "isn't a date we can read" in batch.notes_json


def test_timeline_entries_the_notebook_refuses_are_reported_not_fatal(app, make_user):
    owner = make_user()
    data = (b"Name,Email,Date of last contact\n"
            b"Ana,ana@example.com,2031-01-01\n"
            b"Ana Lima,ana@example.com,2026-11-02\n"
            b"Bea,bea@example.com,2026-10-05\n")
    batch = _batch(app, import_bytes(app, owner, "t.csv", data))
    people = _people(app, owner)
    # Row 3 is Ana again: her timeline gets its date; the year-2031 one is refused, reported.
    assert people["Ana"].last_contacted_at.date() == date(2026, 11, 2)
    assert people["Bea"].last_contacted_at.date() == date(2026, 10, 5)
    assert "Last contact not added to the timeline: That date is more than a year ahead." in (
        batch.notes_json)
    assert batch.created_count == 2
