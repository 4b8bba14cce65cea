"""Cross-cutting safety rules that every capability must keep.

Security headers on every page, no inline script, handler or style anywhere (the CSP would
block them), nothing loaded from another host, CSRF on every state-changing route, friendly
404 and 405 pages, and another user's ids answer 404. The routes come from the app's URL map,
so a new page is checked the moment it exists.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import HTMX, page_text
from route_map import ALL_METHODS, STATE_CHANGING, routes, snapshot
from sqlalchemy import select

from netpwa.contacts.service import trash
from netpwa.extensions import db

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
FORGED = {"name": "Forged", "notes": "forged", "step": "1", "email": "x@example.com"}


@pytest.fixture
def seeded(app, auth, make_event, make_contact):
    """Ana, logged in, at an event, with one contact and one in the trash: their ids."""
    user_id = auth.as_new_user()
    event_id = make_event(user_id, current=True)
    contact_id = make_contact(user_id, event_id=event_id, email="bea@example.com")
    trashed_id = make_contact(user_id, name="Old Friend")
    with app.app_context():
        from netpwa.contacts.models import Contact
        trash(db.session.get(Contact, trashed_id))
        db.session.commit()
    return {"user_id": user_id, "event_id": event_id, "contact_id": contact_id,
            **_seed_after_meeting(app, user_id, contact_id)}


def _seed_after_meeting(app, user_id: int, contact_id: int) -> dict:
    """Ids of a question, a path, an interview with a picked question, a plan with a habit and
    a person I know, so their routes are checked with real ids too."""
    from datetime import date, timedelta

    from netpwa.extensions import now_utc
    from netpwa.interviews.models import CareerPath, Interview, InterviewQuestion, Question
    from netpwa.known.models import KnownPerson
    from netpwa.plan.models import Plan, PlanTarget
    with app.app_context():
        question = db.session.scalars(select(Question).where(Question.owner_id == user_id)).first()
        path = CareerPath(owner_id=user_id, name="UX research")
        interview = Interview(owner_id=user_id, contact_id=contact_id,
                              starts_at=now_utc() + timedelta(days=1))
        plan = Plan(owner_id=user_id, starts_on=date.today(),
                    ends_on=date.today() + timedelta(days=180))
        known = KnownPerson(owner_id=user_id, contact_id=contact_id)
        db.session.add_all([path, interview, plan, known])
        db.session.flush()
        row = InterviewQuestion(owner_id=user_id, interview_id=interview.id, text=question.text)
        target = PlanTarget(owner_id=user_id, plan_id=plan.id, kind="habit", target=2,
                            label="Online groups")
        db.session.add_all([row, target])
        db.session.commit()
        return {"question_id": question.id, "path_id": path.id, "interview_id": interview.id,
                "row_id": row.id, "plan_id": plan.id, "target_id": target.id,
                "person_id": known.id}


def _urls(app, methods: set[str], ids: dict | None = None) -> list[tuple[str, str]]:
    with app.test_request_context():
        return [(method, route.url(ids)) for route in routes(app)
                for method in sorted(route.methods & methods)]


def _csp(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split() for part in policy.split(";") if part.strip())
    return {parts[0]: parts[1:] for parts in directives}


def _assert_safe_headers(response, where: str) -> None:
    csp = _csp(response)
    assert csp, f"{where}: no Content-Security-Policy"
    for directive in ("script-src", "style-src", "default-src"):
        sources = csp.get(directive, csp.get("default-src", []))
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, (where, csp)
        assert "*" not in sources, (where, directive, sources)
    assert csp.get("frame-ancestors") in (["'none'"], ["'self'"]), (where, csp)
    assert csp.get("object-src") == ["'none'"], (where, csp)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where


class _PageAudit(HTMLParser):
    """Collects what a rendered page must not contain."""

    LOADERS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
               "video": "src", "audio": "src", "embed": "src", "object": "data",
               "track": "src", "input": "src"}

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}=…> inline handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            self._in_script = True
            if not attributes.get("src"):
                self.problems.append("<script> without src")
        source = attributes.get(self.LOADERS.get(tag, ""), "") or ""
        if tag == "img" and attributes.get("srcset"):
            source = source or attributes["srcset"]
        if urlsplit(source.strip()).netloc:
            self.problems.append(f"<{tag}> loads from another host: {source}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script body: {data.strip()[:60]}")


def _audit(response, where: str) -> None:
    audit = _PageAudit()
    audit.feed(response.get_data(as_text=True))
    assert not audit.problems, f"{where}: {audit.problems}"


def _crawl(app, client, ids, htmx=False):
    """GET every page; yields (where, response)."""
    for _method, url in _urls(app, {"GET"}, ids):
        response = client.get(url, headers=HTMX if htmx else {})
        where = f"GET {url}{' (htmx)' if htmx else ''}"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        yield where, response


def test_every_page_has_strict_headers_and_no_inline_code(app, client, seeded):
    """Every response, page or fragment, logged in, carries a CSP without unsafe-inline or
    unsafe-eval, nosniff and frame-ancestors; no HTML has inline script, handler or style."""
    checked = 0
    for htmx in (False, True):
        for where, response in _crawl(app, client, seeded, htmx=htmx):
            _assert_safe_headers(response, where)
            if response.mimetype == "text/html":
                _audit(response, where)
                checked += 1
    assert checked >= 10


def test_pages_for_visitors_and_error_pages_are_as_strict(app, client):
    """Logged out (login, register, welcome, the redirects), a 404 and a 405 obey the same rules."""
    responses = list(_crawl(app, client, ids={}))
    responses.append(("404", client.get("/no/such/page")))
    responses.append(("405", client.delete("/login")))
    for where, response in responses:
        _assert_safe_headers(response, where)
        if response.mimetype == "text/html":
            _audit(response, where)


TEMPLATE_RULES = {
    "inline <script> body": re.compile(r"<script\b[^>]*>\s*[^<\s]", re.I),
    "<script> without src": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "on*= handler": re.compile(r"(?<![\w:-])on[a-z]+\s*=\s*[\"'{]", re.I),
    "hx-on handler": re.compile(r"\bhx-on\b|\bhx-on[:-]", re.I),
    "style= attribute": re.compile(r"(?<![\w-])style\s*=\s*[\"'{]", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_has_inline_script_handlers_or_styles():
    """The CSP blocks inline code, so no template may rely on it (checked in the source, so
    a branch no test renders is covered too)."""
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for rule, pattern in TEMPLATE_RULES.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {rule}")
    assert not problems, "\n".join(problems)


EXTERNAL = r"""(?:https?:|wss?:)?//(?!127\.0\.0\.1|localhost)[\w.-]+\.[a-z]{2,}"""
LOADING_PATTERNS = {
    "template": [
        # Any tag but <a> (an outbound link loads nothing) pointing its resource elsewhere.
        re.compile(r"<(?!a\b)[a-z]+\b[^>]*\b(?:src|href|srcset|poster|data|action|formaction)"
                   r"\s*=\s*[\"']" + EXTERNAL, re.I),
    ],
    "css": [
        re.compile(r"url\(\s*[\"']?" + EXTERNAL, re.I),
        re.compile(r"@import\s+[\"']" + EXTERNAL, re.I),
    ],
    "js": [
        re.compile(r"\b(?:fetch|import|importScripts|Worker|SharedWorker|EventSource|WebSocket)"
                   r"\s*\(\s*[\"'`]" + EXTERNAL, re.I),
        re.compile(r"\bfrom\s+[\"']" + EXTERNAL, re.I),
        re.compile(r"\.(?:src|href)\s*=\s*[\"'`]" + EXTERNAL, re.I),
        re.compile(r"[\"'`]" + EXTERNAL + r"[^\"'`]*\.(?:js|mjs|css|wasm|woff2?)[\"'`]", re.I),
    ],
}
KIND_BY_SUFFIX = {".html": "template", ".css": "css", ".js": "js", ".mjs": "js",
                  ".json": "js", ".webmanifest": "js", ".svg": "template"}


def test_nothing_is_loaded_from_another_host():
    """No template or static file (outside static/vendor, which we vendored on purpose)
    loads a script, style, font or image from a CDN or any other host."""
    files = list(TEMPLATES.rglob("*")) + [
        path for path in STATIC.rglob("*") if "vendor" not in path.relative_to(STATIC).parts]
    problems = []
    for path in sorted(files):
        kind = KIND_BY_SUFFIX.get(path.suffix)
        if not kind or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for pattern in LOADING_PATTERNS[kind]:
            for match in pattern.finditer(text):
                problems.append(f"{path.relative_to(ROOT)}: {match.group(0)[:100]}")
    assert not problems, "\n".join(problems)


def test_vendored_libraries_carry_their_licence():
    """Every vendored library sits in static/vendor/<name>-<version>/ with its licence."""
    vendored = [path for path in (STATIC / "vendor").iterdir() if path.is_dir()]
    assert vendored
    for folder in vendored:
        assert re.search(r"-\d+(\.\d+)*", folder.name), f"{folder.name}: no version in the name"
        licences = [p for p in folder.rglob("*") if re.match(r"(?i)(licen[cs]e|copying|copyright|ofl)", p.name)]
        assert licences, f"{folder.name}: no LICENSE file"


def test_state_changing_routes_refuse_a_missing_csrf_token(app, client, seeded):
    """With CSRF on, every POST/PUT/PATCH/DELETE without a token is refused (400, a page
    that says to reload) and nothing stored changes: forms, htmx and JSON alike."""
    app.config["WTF_CSRF_ENABLED"] = True
    before = snapshot(app)
    refused = []
    for method, url in _urls(app, set(STATE_CHANGING), seeded):
        for kwargs in ({"data": FORGED}, {"data": FORGED, "headers": HTMX}, {"json": FORGED}):
            response = client.open(url, method=method, **kwargs)
            assert response.status_code == 400, (method, url, kwargs, response.status_code)
            refused.append(url)
        assert "Reload the page" in page_text(client.open(url, method=method, data=FORGED))
    assert snapshot(app) == before
    assert "/capture" in refused and "/logout" in refused


def test_csrf_token_is_accepted_from_the_htmx_header_and_only_for_its_session(
        app, client, seeded, make_user):
    """htmx sends the page's token as X-CSRFToken: accepted; a token from another session
    is refused."""
    app.config["WTF_CSRF_ENABLED"] = True
    page = page_text(client.get("/"))
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    saved = client.post("/capture", data={"name": "Header Token"},
                        headers={**HTMX, "X-CSRFToken": token})
    assert saved.status_code == 200 and "Saved" in page_text(saved)

    other = app.test_client()
    other.get("/login")
    forged = other.post("/login", data={"csrf_token": token, "email": "ana@example.com",
                                        "password": "whatever"})
    assert forged.status_code == 400


def test_unknown_ids_get_the_friendly_404_page(app, client, seeded):
    """Any URL with an id that doesn't exist answers a friendly 404, whatever the method,
    and changes nothing."""
    before = snapshot(app)
    with app.test_request_context():
        targets = [(method, route.url())
                   for route in routes(app) if route.id_arguments or route.other_arguments
                   for method in sorted(route.methods)]
    assert targets
    for method, url in targets:
        response = client.open(url, method=method, data=FORGED)
        assert response.status_code == 404, (method, url, response.status_code)
        if url.startswith("/api/"):
            assert response.get_json()["error"], (method, url)
        else:
            assert "couldn't find that" in page_text(response), (method, url)
    assert snapshot(app) == before


def test_another_users_ids_answer_404(app, client, auth, seeded):
    """Bea can't read, change or delete Ana's events and contacts: every route taking their
    ids answers 404 (never 403: ids must not leak) and nothing of Ana's changes."""
    auth.logout()
    auth.as_new_user("bea@example.com")
    before = snapshot(app)
    known = {"event_id", "contact_id", "question_id", "path_id", "interview_id", "row_id",
             "plan_id", "target_id", "person_id"}
    with app.test_request_context():
        targets = [(method, route.url(seeded))
                   for route in routes(app) if route.id_arguments and route.id_arguments <= known
                   for method in sorted(route.methods)]
    assert len(targets) >= 5
    for method, url in targets:
        response = client.open(url, method=method, data=FORGED)
        assert response.status_code == 404, (method, url, response.status_code)
    assert snapshot(app) == before


def test_wrong_methods_get_the_friendly_405_page(app, client, seeded):
    """A method a URL doesn't take answers 405 with a page that says so, never a 500."""
    allowed: dict[str, set[str]] = {}
    with app.test_request_context():
        for route in routes(app):
            allowed.setdefault(route.url(seeded), set()).update(route.methods)
    checked = 0
    for url, methods in sorted(allowed.items()):
        for method in sorted(set(ALL_METHODS) - methods):
            response = client.open(url, method=method)
            assert response.status_code == 405, (method, url, response.status_code)
            if not url.startswith("/api/"):
                assert "isn't available here" in page_text(response), (method, url)
            checked += 1
    assert checked > 20


def test_oversized_upload_gets_a_friendly_413(client, seeded):
    """A body over the upload limit is refused with a page, not a dropped connection or 500."""
    response = client.post("/capture", data={"name": "x" * (13 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in page_text(response)
