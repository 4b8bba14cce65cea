"""Contact review on the laptop: the searchable list, paging, follow-up, trash and export."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from helpers import HTMX, page_text, visible_text
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from netpwa.contacts import export
from netpwa.contacts.models import Contact
from netpwa.contacts.search import PAGE_SIZE, encode_cursor
from netpwa.extensions import db, now_utc
from netpwa.outreach.models import Referral


def _names(response) -> list[str]:
    """The contact names in a list page or fragment, top to bottom."""
    return re.findall(r'class="contact-row__name"[^>]*>([^<]+)</a>', page_text(response))


@pytest.fixture
def people(app, owner, make_event):
    """A handful of contacts with distinct fields, for search and filters."""
    event_id = make_event(owner, name="PyData Night")
    other_event = make_event(owner, name="Rust Meetup")
    now = now_utc()
    rows = {
        "Ana Silva": dict(company="Acme", tags=",python,hiring,", event_id=event_id,
                          met_at=now - timedelta(days=1),
                          follow_up_by=date.today() - timedelta(days=1)),
        "Bruno Costa": dict(headline="Rust at Ferrous", tags=",rust,", event_id=other_event,
                            email="bruno@globex.example",
                            met_at=now - timedelta(days=2), follow_up=True,
                            last_contacted_at=now - timedelta(days=10)),
        "carla Dias": dict(mnemonic="The one with the red umbrella", phone="+351 912 345 678",
                           met_at=now - timedelta(days=3),
                           last_contacted_at=now - timedelta(days=1)),
        "Dmitri Ivanov": dict(notes="Wants an intro to the 50%_club folks",
                              met_at=now - timedelta(days=4),
                              follow_up_by=date.today() + timedelta(days=30)),
    }
    ids = {}
    with app.app_context():
        for name, fields in rows.items():
            contact = Contact(owner_id=owner, name=name, **fields)
            db.session.add(contact)
            db.session.flush()
            ids[name] = contact.id
        db.session.commit()
    return {"ids": ids, "event": event_id, "other_event": other_event}


def test_list_shows_newest_met_first(client, people):
    """With no search the list shows everyone, the most recently met first."""
    response = client.get("/contacts")
    assert response.status_code == 200
    assert _names(response) == ["Ana Silva", "Bruno Costa", "carla Dias", "Dmitri Ivanov"]
    assert "4 contacts" in visible_text(response)


@pytest.mark.parametrize("q, expected", [
    ("ana", ["Ana Silva"]),                      # name, any case
    ("ACME", ["Ana Silva"]),                     # company
    ("ferrous", ["Bruno Costa"]),                # headline
    ("umbrella", ["carla Dias"]),                # mnemonic
    ("intro", ["Dmitri Ivanov"]),                # notes
    ("hiring", ["Ana Silva"]),                   # tags
    ("silva python", ["Ana Silva"]),             # every word must match, in any field
    ("silva rust", []),
    ("50%_", ["Dmitri Ivanov"]),                 # % and _ are literal, not wildcards
    ("%", ["Dmitri Ivanov"]),
    ("globex", ["Bruno Costa"]),                 # email
    ("912 345", ["carla Dias"]),                 # phone, as typed
    ("912345", ["carla Dias"]),                  # phone, without its spaces
])
def test_search_covers_every_text_field(client, people, q, expected):
    """Search looks at name, company, headline, mnemonic, notes, tags, email and phone,
    ignoring case."""
    assert _names(client.get("/contacts", query_string={"q": q})) == expected


def test_filters_by_event_tag_due_and_star(client, people):
    """Each filter narrows the list; they combine with search."""
    assert _names(client.get(f"/contacts?event={people['other_event']}")) == ["Bruno Costa"]
    assert _names(client.get("/contacts?tag=python")) == ["Ana Silva"]
    assert _names(client.get("/contacts?tag=py")) == []  # a whole tag, not a prefix
    assert _names(client.get("/contacts?due=1")) == ["Ana Silva"]
    assert _names(client.get("/contacts?starred=1")) == ["Bruno Costa"]
    assert _names(client.get("/contacts?starred=1&q=ana")) == []


def test_sorts_by_name_and_last_contacted(client, people):
    """Name sorts A–Z ignoring case; last contacted puts the most recent first and the
    never-contacted last (newest of them first)."""
    assert _names(client.get("/contacts?sort=name")) == [
        "Ana Silva", "Bruno Costa", "carla Dias", "Dmitri Ivanov"]
    assert _names(client.get("/contacts?sort=contacted")) == [
        "carla Dias", "Bruno Costa", "Dmitri Ivanov", "Ana Silva"]


def test_no_match_and_no_contacts_have_their_own_message(client, auth, people):
    """A search with no match says so and offers to clear; an empty account invites a capture."""
    text = visible_text(client.get("/contacts?q=zebra"))
    assert "No contacts match “zebra”" in text and "Clear the search and filters" in text
    auth.logout()
    auth.as_new_user("new@example.com")
    text = visible_text(client.get("/contacts"))
    assert "No contacts yet" in text and "Capture someone" in text


def test_htmx_search_gets_only_the_results_and_a_clean_url(client, people):
    """Typing asks for the results fragment; the address bar gets the query without blanks."""
    response = client.get("/contacts?q=ana&event=&tag=&sort=met", headers=HTMX)
    text = page_text(response)
    assert response.status_code == 200
    assert "<html" not in text and 'id="results"' in text
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["HX-Push-Url"] == "/contacts?q=ana"
    assert _names(response) == ["Ana Silva"]


def test_back_button_restore_gets_the_whole_page(client, people):
    """htmx restoring history (HX-History-Restore-Request) needs the full page, not a fragment."""
    response = client.get("/contacts?q=ana", headers={
        **HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in page_text(response) and 'name="q"' in page_text(response)


def test_search_box_is_wired_for_instant_search(client, people):
    """The search form asks htmx for results as one types (short delay) and pushes the URL."""
    text = page_text(client.get("/contacts"))
    assert 'hx-get="/contacts"' in text and 'hx-push-url="true"' in text
    assert "delay:250ms" in text and 'hx-target="#results"' in text


def test_links_keep_the_filters(client, people):
    """Tag chips and export links carry the current search and filters along."""
    text = page_text(client.get("/contacts?q=silva&due=1"))
    assert "/contacts?q=silva&tag=python&due=1" in text
    assert "/contacts/export.csv?q=silva&due=1" in text


def test_overlong_or_odd_parameters_never_fail(client, people):
    """A 10,000-character search, junk cursors and unknown sorts give a page, never a 500."""
    response = client.get("/contacts", query_string={"q": "x" * 10_000})
    assert response.status_code == 200
    assert "first 200 characters" in visible_text(response)
    for args in ({"after": "not-a-cursor"}, {"before": "%%%"}, {"sort": "drop table"},
                 {"event": "abc"}, {"event": "9" * 40}, {"after": encode_cursor(("x", "y"))},
                 {"due": "maybe"}, {"tag": "#" * 500}):
        assert client.get("/contacts", query_string=args).status_code == 200, args


@pytest.fixture
def many(app, owner):
    """120 contacts met a minute apart, some sharing a name, to page through."""
    now = now_utc().replace(microsecond=0)
    with app.app_context():
        db.session.add_all([
            Contact(owner_id=owner, name=f"Person {i // 2:03d}",
                    met_at=now - timedelta(minutes=i // 2),
                    last_contacted_at=(now - timedelta(hours=i % 7)) if i % 3 else None)
            for i in range(120)])
        db.session.commit()
    return 120


def _link(response, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)"[^>]*rel="{rel}"', page_text(response))
    return found[1] if found else None


def _walk(client, url: str, rel: str = "next") -> list[list[str]]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(_names(response))
        url = _link(response, rel)
        assert len(pages) < 10
    return pages


@pytest.mark.parametrize("sort", ["met", "name", "contacted"])
def test_pages_cover_everyone_exactly_once(client, many, sort):
    """Next-page links walk the whole list with no one missed or repeated, ties included."""
    pages = _walk(client, f"/contacts?sort={sort}")
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 20]
    flat = [name for page in pages for name in page]
    assert len(flat) == 120
    assert sorted(flat) == sorted(f"Person {i // 2:03d}" for i in range(120))


def test_previous_page_goes_back(client, many):
    """From page three, Previous links lead back through page two to page one."""
    forward = _walk(client, "/contacts")
    third = client.get(_link(client.get(_link(client.get("/contacts"), "next")), "next"))
    assert _names(third) == forward[2]
    assert _walk(client, _link(third, "prev"), rel="prev") == [forward[1], forward[0]]


def test_deleted_contacts_never_show(app, client, owner, people, make_event):
    """A trashed contact leaves the list, search, filters, counts and the due count."""
    client.post(f"/contacts/{people['ids']['Ana Silva']}/delete")
    assert "Ana Silva" not in _names(client.get("/contacts"))
    assert _names(client.get("/contacts?q=ana")) == []
    assert _names(client.get("/contacts?due=1")) == []
    assert "3 contacts" in visible_text(client.get("/contacts"))
    # Ana's overdue follow-up and thank-you are gone; the others still owe thank-yous (the
    # notebook asks for one the day after meeting someone).
    assert "3 follow-ups due" in visible_text(client.get("/"))
    assert "Ana Silva" not in visible_text(client.get("/follow-ups"))
    assert "0 of 3 new people" in visible_text(client.get(f"/events/{people['event']}"))


def test_home_counts_follow_ups_due(client, people):
    """The home screen links to the Follow-ups page with how many are due: Ana's follow-up and
    the thank-yous the notebook asks for the day after meeting someone."""
    response = client.get("/")
    assert "5 follow-ups due" in visible_text(response)
    assert 'href="/follow-ups"' in page_text(response)


def test_mark_contacted_moves_both_dates(app, client, people):
    """Mark contacted: last contacted is today and the next follow-up two months on, in place."""
    contact_id = people["ids"]["Ana Silva"]
    response = client.post(f"/contacts/{contact_id}/contacted", headers=HTMX)
    text = visible_text(response)
    assert response.status_code == 200 and "<html" not in page_text(response)
    assert "Marked as contacted today" in text
    in_two_months = date.today() + timedelta(days=60)
    assert f"{in_two_months.day} {in_two_months.strftime('%b %Y')}" in text
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert contact.last_contacted_at.date() == now_utc().date()
        assert contact.follow_up_by == (now_utc() + timedelta(days=60)).date()
    assert _names(client.get("/contacts?due=1")) == []


def test_mark_contacted_without_htmx_redirects_back(client, people):
    """Before htmx loads, the button posts and comes back to the contact page."""
    contact_id = people["ids"]["Ana Silva"]
    response = client.post(f"/contacts/{contact_id}/contacted")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contacts/{contact_id}"


def test_delete_goes_to_trash_with_restore_at_hand(app, client, people):
    """Delete lands on the list with a Restore button; restoring brings the person back."""
    contact_id = people["ids"]["Bruno Costa"]
    response = client.post(f"/contacts/{contact_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/contacts"
    page = client.get("/contacts")
    assert "Bruno Costa moved to the trash" in visible_text(page)
    assert f"/contacts/{contact_id}/restore" in page_text(page)
    assert "moved to the trash" not in visible_text(client.get("/contacts"))  # said once
    assert "Bruno Costa" in visible_text(client.get("/contacts/trash"))
    response = client.post(f"/contacts/{contact_id}/restore")
    assert response.headers["Location"] == f"/contacts/{contact_id}"
    assert "Bruno Costa" in _names(client.get("/contacts"))
    with app.app_context():
        assert db.session.get(Contact, contact_id).deleted_at is None


def test_restore_from_trash_with_htmx_replaces_the_row(client, people):
    """On the trash page, Restore swaps the row for a note with a link to the contact."""
    contact_id = people["ids"]["Bruno Costa"]
    client.post(f"/contacts/{contact_id}/delete")
    response = client.post(f"/contacts/{contact_id}/restore", headers=HTMX)
    assert "Bruno Costa is back in your contacts" in visible_text(response)
    assert "The trash is empty" in visible_text(client.get("/contacts/trash"))


def test_trashed_contact_page_offers_restore_and_no_edits(client, people):
    """A trashed contact's page says so, offers Restore, and refuses edits until restored."""
    contact_id = people["ids"]["Bruno Costa"]
    client.post(f"/contacts/{contact_id}/delete")
    response = client.get(f"/contacts/{contact_id}")
    assert "is in the trash" in visible_text(response)
    assert f"/contacts/{contact_id}/fields/name/edit" not in page_text(response)
    edit = client.post(f"/contacts/{contact_id}/fields/name", data={"name": "X"})
    assert edit.status_code == 404
    assert client.post(f"/contacts/{contact_id}/contacted").status_code == 404


def test_trash_purges_after_thirty_days(app, client, owner):
    """The trash shows only what was trashed in the last 30 days; the next delete removes the
    older ones for good, and only those (opening the page itself writes nothing)."""
    now = now_utc()
    with app.app_context():
        db.session.add_all([
            Contact(owner_id=owner, name="Old Trash", deleted_at=now - timedelta(days=31)),
            Contact(owner_id=owner, name="Recent Trash", deleted_at=now - timedelta(days=29)),
            Contact(owner_id=owner, name="Alive"), Contact(owner_id=owner, name="Going")])
        db.session.commit()
        going = db.session.scalar(select(Contact.id).where(Contact.name == "Going"))
    text = visible_text(client.get("/contacts/trash"))
    assert "Recent Trash" in text and "Old Trash" not in text
    assert "kept until" in text
    assert client.post(f"/contacts/{going}/delete").status_code == 302
    with app.app_context():
        names = db.session.scalars(select(Contact.name).order_by(Contact.name)).all()
    assert names == ["Alive", "Going", "Recent Trash"]


def test_delete_form_is_ready_for_the_offline_outbox(client, people):
    """The delete form names itself for the outbox and carries the contact's uuid."""
    text = page_text(client.get(f"/contacts/{people['ids']['Ana Silva']}"))
    assert 'data-outbox="delete"' in text and 'data-contact-uuid="' in text
    assert '<div class="actions">' in text


def _export_csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/contacts/export.csv{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_follows_the_filters(client, people):
    """CSV export has a header and exactly the rows the filtered list shows."""
    rows = _export_csv(client)
    assert rows[0] == list(export.COLUMNS)
    assert [row[0] for row in rows[1:]] == ["Ana Silva", "Bruno Costa", "carla Dias",
                                            "Dmitri Ivanov"]
    ana = dict(zip(rows[0], rows[1]))
    assert ana["Company"] == "Acme" and ana["Tags"] == "python, hiring"
    assert ana["Where met"] == "PyData Night"
    assert [row[0] for row in _export_csv(client, "?tag=rust")[1:]] == ["Bruno Costa"]


def test_export_columns_are_a_networking_contact_list(app, client, owner, make_event):
    """The columns other tools (and the import) read by name: first/last name split as name
    tags split them, met, last contacted, next follow-up, cadence and who introduced them."""
    event_id = make_event(owner, name="PyData Night")
    with app.app_context():
        ana = Contact(owner_id=owner, name="Ana Silva")
        bruno = Contact(owner_id=owner, name="Martin Luther King Jr.", headline="Preacher",
                        company="SCLC", email="Martin@Example.org", phone="+1 (404) 555-0100",
                        link="https://www.linkedin.com/in/mlk", event_id=event_id,
                        met_at=datetime(2026, 3, 12, 18, 30),
                        last_contacted_at=datetime(2026, 4, 1, 12),
                        follow_up_by=date(2026, 6, 1), cadence="3m", notes="Dream",
                        tags=",speaker,ally,")
        taro = Contact(owner_id=owner, name="山田 太郎")
        db.session.add_all([ana, bruno, taro])
        db.session.flush()
        db.session.add(Referral(owner_id=owner, contact_id=bruno.id, referrer_id=ana.id))
        db.session.commit()
    rows = _export_csv(client, "?sort=name")
    by_name = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert by_name["Martin Luther King Jr."] == {
        "Name": "Martin Luther King Jr.", "First name": "Martin Luther", "Last name": "King Jr.",
        "Company": "SCLC", "Role": "Preacher", "Email": "Martin@Example.org",
        "Phone": "+1 (404) 555-0100", "LinkedIn": "https://www.linkedin.com/in/mlk",
        "Where met": "PyData Night", "Date met": "2026-03-12", "Last contacted": "2026-04-01",
        "Next follow-up": "2026-06-01", "Cadence": "Every 3 months",
        "Introduced by": "Ana Silva", "Notes": "Dream", "Tags": "speaker, ally"}
    assert (by_name["山田 太郎"]["First name"], by_name["山田 太郎"]["Last name"]) == (
        "太郎", "山田")
    sheet = load_workbook(io.BytesIO(client.get("/contacts/export.xlsx?sort=name").data)).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(export.COLUMNS)
    row = {title: cell for title, cell in zip(header, sheet[3])}
    assert row["Name"].value == "Martin Luther King Jr."
    assert row["Date met"].value == datetime(2026, 3, 12) and row["Date met"].is_date
    assert row["Next follow-up"].value == datetime(2026, 6, 1)
    assert row["Phone"].value == "+1 (404) 555-0100"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P4"
    widths = {title: sheet.column_dimensions[get_column_letter(i)].width
              for i, title in enumerate(header, start=1)}
    assert all(10 <= width <= 50 for width in widths.values())
    assert widths["LinkedIn"] > widths["Cadence"] - 5


@pytest.fixture
def sneaky(app, owner):
    """A contact whose fields would run as formulas in a spreadsheet."""
    with app.app_context():
        contact = Contact(owner_id=owner, name="=HYPERLINK(\"http://evil\",\"click\")",
                          headline="+1 555 0100", company="-2+3+cmd|' /C calc'!A0",
                          mnemonic="@SUM(A1)", email="@attacker", phone="+351 912 345 678",
                          notes="\tstarts with a tab")
        db.session.add(contact)
        db.session.commit()


def test_csv_export_neutralises_formulas(client, sneaky):
    """Cells starting with = + - @ (or a tab) get a leading apostrophe, so they stay text;
    a phone number (digits, spaces, + - ( ) .) can't run anything and is written as typed."""
    [header, row] = _export_csv(client)
    row = dict(zip(header, row))
    assert row["Name"] == "'=HYPERLINK(\"http://evil\",\"click\")"
    assert row["Role"] == "+1 555 0100" and row["Company"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["Email"] == "'@attacker" and row["Phone"] == "+351 912 345 678"
    assert row["Notes"] == "'\tstarts with a tab"


def test_xlsx_export_opens_and_neutralises_formulas(client, people, sneaky):
    """The XLSX opens in openpyxl with a header row, every contact, and no formula cells."""
    response = client.get("/contacts/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Name" and len(rows) == 6
    assert {row[0] for row in rows[1:]} >= {"Ana Silva", "'=HYPERLINK(\"http://evil\",\"click\")"}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    filtered = load_workbook(io.BytesIO(client.get("/contacts/export.xlsx?q=umbrella").data))
    assert [row[0].value for row in filtered.active.iter_rows(min_row=2)] == ["carla Dias"]


def test_export_leaves_out_the_trash(client, people):
    """A trashed contact is not exported."""
    client.post(f"/contacts/{people['ids']['Ana Silva']}/delete")
    assert "Ana Silva" not in [row[0] for row in _export_csv(client)]


def test_unknown_export_format_is_404(client, people):
    """Only CSV and XLSX exist here."""
    assert client.get("/contacts/export.pdf").status_code == 404


def test_list_needs_login(client):
    """Logged-out visitors are sent to log in."""
    response = client.get("/contacts")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_cursor_compares_in_utc(app, owner):
    """A keyset boundary in another time zone finds the same rows as its UTC equal."""
    from netpwa.contacts.search import ListQuery, list_page
    base = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    with app.app_context():
        db.session.add_all([Contact(owner_id=owner, name=f"P{i}", met_at=base - timedelta(hours=i))
                            for i in range(4)])
        db.session.commit()
        first = list_page(owner, ListQuery(), page_size=2)
        value, row_id = first.next_cursor
        shifted = value.astimezone(ZoneInfo("America/New_York"))
        rest = list_page(owner, ListQuery(after=(shifted, row_id)), page_size=2)
        assert [c.name for c in rest.contacts] == ["P2", "P3"]
