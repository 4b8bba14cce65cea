"""The contact list query: search, filters, sorting and keyset paging, request-free.

Keyset ("seek") paging keeps every page as cheap as the first one at 10,000 contacts: each page
asks for rows after the last one shown along an indexed sort key, instead of counting past an
ever larger OFFSET. The cursor is the last row's sort key plus its id (the tie-breaker).
"""

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from sqlalchemy import Select, func, literal, or_, select, tuple_
from sqlalchemy.orm import joinedload

from netpwa.auth.models import User
from netpwa.contacts import fulltext
from netpwa.contacts.fields import normalise_tags
from netpwa.contacts.models import Contact, SyncClock
from netpwa.extensions import UtcDateTime, db, now_utc
from netpwa.formats.text import CONTROL_RE

PAGE_SIZE = 50
# tags_in_use remembers this many owners' tag lists per process.
TAGS_REMEMBERED_FOR = 1000
_tags_remembered: dict[tuple, tuple[int | None, tuple[str, ...]]] = {}
# The list counts its matches up to here and says "more than" beyond: counting every one of
# 100,000 rows on each page view would cost more than the page itself.
COUNT_LIMIT = 5000
# A search counts its matches up to here: past a thousand, refining the words helps a person
# more than an exact figure, and counting a common word's matches was most of a search's cost.
SEARCH_COUNT_LIMIT = 1000
MAX_QUERY_LENGTH = 200
SEARCHED_COLUMNS = ("name", "company", "headline", "mnemonic", "notes", "tags", "email", "phone")
# A word that looks like part of a phone number also matches the phone with its spacing and
# punctuation taken out ("912345" finds "+351 912 345 678").
PHONE_WORD_RE = re.compile(r"[\d\s()+.\-]*\d{3}[\d\s()+.\-]*")
PHONE_PUNCTUATION = (" ", "-", ".", "(", ")", "+")
# Never-contacted people sort after everyone contacted; a fixed old date keeps the key non-null,
# so one tuple comparison pages through it on SQLite and PostgreSQL alike.
NEVER = datetime(1900, 1, 1, tzinfo=UTC)




@dataclass(frozen=True)
class Sort:
    label: str
    descending: bool
    parse: Callable[[str], object]


SORTS = {
    "met": Sort("Met (newest first)", True, datetime.fromisoformat),
    "contacted": Sort("Last contacted (most recent first)", True, datetime.fromisoformat),
    "name": Sort("Name (A–Z)", False, str),
}
DEFAULT_SORT = "met"


def sort_key(sort: str):
    """The SQL expression a sort orders by; each one is never null, so tuples compare."""
    if sort == "contacted":
        return func.coalesce(Contact.last_contacted_at, literal(NEVER, UtcDateTime()))
    if sort == "name":
        return func.lower(Contact.name)
    return Contact.met_at


@dataclass(frozen=True)
class ListQuery:
    """What the person asked the list for; every field comes from the URL."""

    q: str = ""
    event_id: int | None = None
    tag: str = ""
    due: bool = False
    starred: bool = False
    sort: str = DEFAULT_SORT
    after: tuple | None = None
    before: tuple | None = None
    notes: list[str] = field(default_factory=list, compare=False)

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.event_id or self.tag or self.due or self.starred)

    def params(self, **changes) -> dict[str, str]:
        """The URL parameters for this query (defaults left out), with changes applied."""
        query = replace(self, **changes) if changes else self
        params = {"q": query.q, "event": str(query.event_id or ""), "tag": query.tag,
                  "due": "1" if query.due else "", "starred": "1" if query.starred else "",
                  "sort": "" if query.sort == DEFAULT_SORT else query.sort,
                  "after": encode_cursor(query.after) if query.after else "",
                  "before": encode_cursor(query.before) if query.before else ""}
        return {name: value for name, value in params.items() if value}


def _flag(raw) -> bool:
    return str(raw or "").strip().lower() in {"1", "true", "on", "yes"}


def encode_cursor(values: tuple) -> str:
    """A page boundary as a short opaque URL token."""
    plain = [v.isoformat() if isinstance(v, datetime | date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(token: str, sort: str) -> tuple | None:
    """The (sort value, id) a token stands for, or None when it was tampered with or stale."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        value, row_id = raw
        # Whatever a database can't take (NUL, ids past 64 bits) marks a made-up cursor.
        if (not isinstance(row_id, int) or not 0 <= row_id < 2**63
                or not isinstance(value, str) or CONTROL_RE.search(value)):
            return None
        value = SORTS[sort].parse(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value, row_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None


def parse_list_query(args) -> ListQuery:
    """Read the list's URL parameters; anything malformed is ignored, never an error."""
    notes = []
    # Control characters (NUL above all: PostgreSQL refuses it in text) can't be in any field.
    q = re.sub(r"\s+", " ", CONTROL_RE.sub("", str(args.get("q", "")))).strip()
    if len(q) > MAX_QUERY_LENGTH:
        q = q[:MAX_QUERY_LENGTH]
        notes.append(f"Searched for the first {MAX_QUERY_LENGTH} characters only.")
    raw_event = str(args.get("event", "")).strip()
    event_id = int(raw_event) if raw_event.isascii() and raw_event.isdigit() \
        and len(raw_event) < 12 else None
    tag = normalise_tags(CONTROL_RE.sub("", str(args.get("tag", ""))).replace(",", " "))
    tag = tag.strip(",")
    sort = args.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    after = decode_cursor(args["after"], sort) if args.get("after") else None
    before = decode_cursor(args["before"], sort) if args.get("before") and not after else None
    return ListQuery(q=q, event_id=event_id, tag=tag, due=_flag(args.get("due")),
                     starred=_flag(args.get("starred")), sort=sort, after=after, before=before,
                     notes=notes)


def _contains(column, pattern: str):
    """Case-insensitive "contains". SQLite's LIKE already ignores (ASCII) case, so lower() on
    every column would only double a search's cost; on PostgreSQL lower() LIKE runs about
    twice as fast as ILIKE."""
    if db.session.get_bind().dialect.name == "sqlite":
        return column.like(pattern, escape="\\")
    return func.lower(column).like(func.lower(pattern), escape="\\")


def _phone_digits(column):
    for mark in PHONE_PUNCTUATION:
        column = func.replace(column, mark, "")
    return column


def filtered_select(owner_id: int, query: ListQuery, today: date | None = None, *,
                    from_matches: bool = False) -> Select:
    """The owner's live contacts matching the search and filters (unordered).

    `from_matches` (SQLite): read the search index's matches by id instead of walking the
    owner's contacts in an index order and testing each against them. SQLite picks the walk
    because the owner's index covers the query; that is best when matches are dense (a page of
    them is found at once) and worst when they are few (all 100,000 are walked to find 11)."""
    dialect = db.session.get_bind().dialect.name
    indexed, scanned = [], []
    for word in query.q.split(" ") if query.q else ():
        digits = re.sub(r"\D", "", word) if PHONE_WORD_RE.fullmatch(word) else None
        terms = fulltext.indexed_terms(word, digits)
        if terms is not None and dialect in ("sqlite", "postgresql"):
            indexed.append(terms)
            continue
        # Too short for the trigram index: scan the columns.
        pattern = f"%{fulltext.escape_like(word)}%"
        matches = [_contains(getattr(Contact, column), pattern) for column in SEARCHED_COLUMNS]
        if digits:
            matches.append(_phone_digits(Contact.phone).like(f"%{digits}%"))
        scanned.append(or_(*matches))
    if from_matches and indexed and dialect == "sqlite":
        # owner_id + 0: an expression, so SQLite can't walk the owner's index instead.
        stmt = fulltext.join_matches(select(Contact), indexed).where(
            Contact.owner_id + 0 == owner_id, Contact.deleted_at.is_(None), *scanned)
    else:
        stmt = select(Contact).where(Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
                                     *scanned)
        if indexed:
            stmt = stmt.where(fulltext.words_match(indexed, dialect))
    if query.event_id:
        stmt = stmt.where(Contact.event_id == query.event_id)
    if query.tag:
        stmt = stmt.where(Contact.tags.like(f"%,{fulltext.escape_like(query.tag)},%", escape="\\"))
    if query.due:
        stmt = stmt.where(Contact.follow_up_by <= (today or now_utc().date()))
    if query.starred:
        stmt = stmt.where(Contact.follow_up.is_(True))
    return stmt


@dataclass
class Page:
    contacts: list[Contact]
    total: int
    query: ListQuery
    next_cursor: tuple | None
    previous_cursor: tuple | None
    # True when there are more than `total` matches (counting stopped at COUNT_LIMIT, or
    # SEARCH_COUNT_LIMIT for a search).
    more_than: bool = False


def list_page(owner_id: int, query: ListQuery, page_size: int = PAGE_SIZE) -> Page:
    """One page of the list, its neighbours' cursors, and how many contacts match in all."""
    limit = SEARCH_COUNT_LIMIT if query.q else COUNT_LIMIT
    matches = filtered_select(owner_id, query, from_matches=True)
    counted = matches.with_only_columns(Contact.id).limit(limit + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted)) or 0
    more_than = total > limit
    total = min(total, limit)
    # Few matches: sort just those. Many: walking the sorted index finds a page of them first.
    base = matches if not more_than else filtered_select(owner_id, query)
    key = sort_key(query.sort)
    backwards = query.before is not None
    # Paging backwards walks the same index the other way, then flips the rows back.
    walk_descending = SORTS[query.sort].descending != backwards
    # Sort and cut on (key, id) alone, then load just that page's rows: sorting 10,000 whole
    # rows (notes and all) costs several times more. The database hands back each row's sort
    # value too, so a cursor compares exactly as SQL does.
    stmt = base.with_only_columns(Contact.id, key)
    boundary = query.before if backwards else query.after
    if boundary is not None:
        row_key = tuple_(key, Contact.id)
        # Typed binds: the boundary must be stored-format UTC like the column it meets.
        bound = tuple_(literal(boundary[0], key.type), literal(boundary[1], Contact.id.type))
        stmt = stmt.where(row_key < bound if walk_descending else row_key > bound)
    order = (key.desc(), Contact.id.desc()) if walk_descending else (key.asc(), Contact.id.asc())
    rows = db.session.execute(stmt.order_by(*order).limit(page_size + 1)).all()
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, query.after is not None
    loaded = {contact.id: contact for contact in db.session.scalars(
        select(Contact).where(Contact.id.in_([row_id for row_id, _value in rows]))
        .options(joinedload(Contact.event)))}
    return Page(
        contacts=[loaded[row_id] for row_id, _value in rows], total=total, more_than=more_than,
        query=query,
        next_cursor=(rows[-1][1], rows[-1][0]) if rows and has_next else None,
        previous_cursor=(rows[0][1], rows[0][0]) if rows and has_previous else None)


def all_matching(owner_id: int, query: ListQuery) -> list[Contact]:
    """Every contact the list's search and filters match, in its order (for export)."""
    key = sort_key(query.sort)
    order = (key.desc(), Contact.id.desc()) if SORTS[query.sort].descending else (
        key.asc(), Contact.id.asc())
    stmt = filtered_select(owner_id, query).options(joinedload(Contact.event)).order_by(*order)
    return list(db.session.scalars(stmt).unique())


def tags_in_use(owner_id: int) -> list[str]:
    """Every tag on the owner's live contacts, A–Z, for the tag filter.

    Collecting them reads every contact (45 ms at 100,000), so the list is remembered in this
    process for as long as the owner's revision clock stands still: every contact write moves
    the clock (contacts/revision.py), so a remembered list is never out of date. The key also
    holds the database and the account's creation time, so an id reused by a new account (or
    a test database) never meets another account's list."""
    owner = db.session.get(User, owner_id)
    revision = db.session.scalar(select(SyncClock.revision).where(SyncClock.owner_id == owner_id))
    key = (str(db.engine.url), owner_id, owner.created_at if owner else None)
    remembered = _tags_remembered.get(key)
    if remembered is not None and remembered[0] == revision and revision is not None:
        return list(remembered[1])
    stored = db.session.scalars(select(Contact.tags).distinct().where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None), Contact.tags != ""))
    tags = sorted({tag for tags in stored for tag in tags.split(",") if tag})
    if len(_tags_remembered) >= TAGS_REMEMBERED_FOR:
        _tags_remembered.pop(next(iter(_tags_remembered)))  # the oldest entry
    _tags_remembered[key] = (revision, tuple(tags))
    return tags


def due_count(owner_id: int, today: date) -> int:
    """Live contacts whose follow-up date has come (the home screen's "N follow-ups due")."""
    return db.session.scalar(select(func.count(Contact.id)).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
        Contact.follow_up_by <= today)) or 0
