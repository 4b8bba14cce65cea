"""The contact search reads the database's own substring index (FTS5 trigram on SQLite,
pg_trgm on PostgreSQL), which follows every write: edits, bulk inserts and deletions."""

from helpers import visible_text
from sqlalchemy import delete, insert, update

from netpwa.contacts import search
from netpwa.contacts.models import Contact
from netpwa.contacts.search import ListQuery, list_page
from netpwa.extensions import db


def _found(owner_id: int, q: str) -> list[str]:
    return sorted(c.name for c in list_page(owner_id, ListQuery(q=q)).contacts)


def test_the_index_follows_edits_bulk_inserts_and_deletes(app, auth, make_contact):
    owner = auth.as_new_user()
    zoe = make_contact(owner, name="Zoë Ñúñez", company="Fjord Labs", phone="+351 912 345 678")
    with app.app_context():
        assert _found(owner, "ÑÚÑ") == ["Zoë Ñúñez"]          # any case, beyond ASCII
        assert _found(owner, "jord") == ["Zoë Ñúñez"]         # inside a word
        assert _found(owner, "2345") == ["Zoë Ñúñez"]         # the phone's bare digits
        assert _found(owner, "+351-912") == ["Zoë Ñúñez"]     # a phone as typed elsewhere
        db.session.execute(update(Contact).where(Contact.id == zoe).values(company="Acme"))
        db.session.commit()
        assert _found(owner, "jord") == []
        assert _found(owner, "acme") == ["Zoë Ñúñez"]
        db.session.execute(insert(Contact), [
            {"uuid": f"00000000-0000-0000-0000-00000000000{n}", "owner_id": owner,
             "name": f"Bulk Person {n}", "notes": "met at the quokka stand"} for n in range(3)])
        db.session.commit()
        assert _found(owner, "quokka") == ["Bulk Person 0", "Bulk Person 1", "Bulk Person 2"]
        db.session.execute(delete(Contact).where(Contact.name == "Bulk Person 1"))
        db.session.commit()
        assert _found(owner, "quokka") == ["Bulk Person 0", "Bulk Person 2"]


def test_another_owners_match_never_shows(app, auth, make_contact):
    ana = auth.as_new_user()
    make_contact(ana, name="Quentin Marlowe")
    bea = auth.as_new_user("bea@example.com")
    make_contact(bea, name="Quentin Ortiz")
    with app.app_context():
        assert _found(bea, "quentin") == ["Quentin Ortiz"]
        assert _found(ana, "quentin") == ["Quentin Marlowe"]


def test_a_long_list_says_more_than_instead_of_counting_everyone(client, auth, make_contact,
                                                                 monkeypatch):
    """Counting stops at a limit (5,000 in the app) and the list says so."""
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    owner = auth.as_new_user()
    for name in ("Ana", "Bo", "Cy"):
        make_contact(owner, name=name)
    assert "3 contacts" in visible_text(client.get("/contacts"))
    assert "More than" not in visible_text(client.get("/contacts"))
    make_contact(owner, name="Dee")
    assert "More than 3 contacts" in visible_text(client.get("/contacts"))


def test_the_tag_filter_follows_every_change_to_tags(app, client, auth, make_contact):
    """The tag filter's list is remembered between page views, and never out of date: a new
    tag, a changed tag and a trashed contact show at the next view."""
    owner = auth.as_new_user()
    bea = make_contact(owner, name="Bea Costa", tags=",python,")

    def tag_options():
        page = client.get("/contacts").get_data(as_text=True)
        return [tag for tag in ("python", "rust", "climate") if f'<option value="{tag}"' in page]

    assert tag_options() == ["python"]
    assert tag_options() == ["python"]  # remembered
    make_contact(owner, name="Cy Osei", tags=",climate,")
    assert tag_options() == ["python", "climate"]
    with app.app_context():
        db.session.get(Contact, bea).tags = ",rust,"
        db.session.commit()
    assert tag_options() == ["rust", "climate"]
    assert client.post(f"/contacts/{bea}/delete").status_code in (200, 302, 303)
    assert tag_options() == ["climate"]


def test_a_search_counts_to_its_own_limit_and_pages_alike_with_few_or_many_matches(
        app, client, auth, make_contact, monkeypatch):
    """Few matches are read by id and sorted; many are found walking the sorted list. Both
    give the same order and pages, another owner's rows never count, and a search with more
    matches than it counts says "More than"."""
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 4)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    other = auth.as_new_user("other@example.com")
    for n in range(6):
        make_contact(other, name=f"Walrus Keeper {n}")
    owner = auth.as_new_user()
    for n in range(3):
        make_contact(owner, name=f"Walrus Fan {n}")
    make_contact(owner, name="Otter Fan")
    def names(q="walrus", **cursor):
        page = list_page(owner, ListQuery(q=q, sort="name", **cursor), page_size=2)
        return page, [c.name for c in page.contacts]

    with app.app_context():
        few, shown = names()
        assert (few.total, few.more_than, shown) == (3, False, ["Walrus Fan 0", "Walrus Fan 1"])
        rest, shown = names(after=few.next_cursor)
        assert shown == ["Walrus Fan 2"]
        assert names("walrus fan", before=rest.previous_cursor)[1] == ["Walrus Fan 0",
                                                                        "Walrus Fan 1"]
    assert "3 contacts match" in visible_text(client.get("/contacts?q=walrus"))
    for n in range(3, 6):
        make_contact(owner, name=f"Walrus Fan {n}")
    with app.app_context():
        many, shown = names()
        assert (many.total, many.more_than, shown) == (4, True, ["Walrus Fan 0", "Walrus Fan 1"])
        assert names(after=many.next_cursor)[1] == ["Walrus Fan 2", "Walrus Fan 3"]
    assert "More than 4 contacts match" in visible_text(client.get("/contacts?q=walrus"))


def test_words_that_look_like_search_syntax_are_searched_as_text(app, client, auth, make_contact):
    """FTS5 has its own query language; a person's search words are only ever text."""
    owner = auth.as_new_user()
    make_contact(owner, name='Ciarán O"Brien', notes="NEAR(abc) *x* ^caret AND OR NOT")
    with app.app_context():
        for words in ('o"brien', "NEAR(abc", "*x*", "^caret", "AND OR", "NOT", '"""'):
            found = _found(owner, words)
            assert found == (['Ciarán O"Brien'] if words != '"""' else []), words
    for words in ('o"brien', "NEAR(abc", "*x*", '"""', "a:b", "-()"):
        assert client.get("/contacts", query_string={"q": words}).status_code == 200
