"""Question bank and the conversation prompts sheet."""

from helpers import page_text, visible_text
from sqlalchemy import select

from netpwa.extensions import db
from netpwa.interviews.models import Question
from netpwa.interviews.shipped import SHIPPED


def _ids(app, user_id, category):
    with app.app_context():
        return [q.id for q in db.session.scalars(
            select(Question).where(Question.owner_id == user_id, Question.category == category,
                                   Question.hidden.is_(False))
            .order_by(Question.position, Question.id))]


def test_new_account_has_every_shipped_category(client, auth):
    """The bank opens with the six categories the advice uses, each with questions."""
    auth.as_new_user()
    text = visible_text(client.get("/questions"))
    for heading in ("The job", "The organisation", "Advice", "Openers for events",
                    "Wrap-up questions", "Polite ways out"):
        assert heading in text
    assert SHIPPED["job"][0] in text and SHIPPED["exits"][-1] in text


def test_add_edit_hide_show_and_reorder(app, client, auth):
    user_id = auth.as_new_user()
    response = client.post("/questions", data={"category": "advice",
                                               "text": "  What would   you read first? "})
    assert response.status_code == 302
    assert "What would you read first?" in visible_text(client.get("/questions"))
    ids = _ids(app, user_id, "advice")
    newest = ids[-1]
    client.post(f"/questions/{newest}/move", data={"step": "-1"})
    assert _ids(app, user_id, "advice")[-2] == newest
    client.post(f"/questions/{newest}", data={"text": "Which book first?"})
    text = visible_text(client.get("/questions"))
    assert "Which book first?" in text and "What would you read first?" not in text
    first = ids[0]
    client.post(f"/questions/{first}/hide")
    assert first not in _ids(app, user_id, "advice")
    assert "Hidden (1)" in visible_text(client.get("/questions"))
    client.post(f"/questions/{first}/show")
    assert _ids(app, user_id, "advice")[-1] == first


def test_ten_thousand_characters_refused_and_kept(app, client, auth):
    """A 10,000-character entry is refused with a message; what was typed stays in the box."""
    user_id = auth.as_new_user()
    before = len(_ids(app, user_id, "job"))
    response = client.post("/questions", data={"category": "job", "text": "x" * 10_000})
    assert response.status_code == 422
    text = page_text(response)
    assert "Keep a question under 500 characters (this one has 10,000)." in text
    assert "x" * 10_000 in text
    assert len(_ids(app, user_id, "job")) == before
    first = _ids(app, user_id, "job")[0]
    response = client.post(f"/questions/{first}", data={"text": "y" * 10_000})
    assert response.status_code == 422 and "y" * 10_000 in page_text(response)
    response = client.post(f"/questions/{first}", data={"text": "   "})
    assert response.status_code == 422 and "Type the question." in page_text(response)


def test_other_users_questions_are_404(app, client, auth, make_user):
    other = make_user("bo@example.com")
    auth.as_new_user()
    theirs = _ids(app, other, "job")[0]
    assert client.post(f"/questions/{theirs}", data={"text": "mine now"}).status_code == 404
    assert client.post(f"/questions/{theirs}/hide").status_code == 404


def test_prompts_sheet_from_capture(client, auth):
    """Capture links to the sheet; it holds openers, wrap-up and exits, not interview questions."""
    auth.as_new_user()
    assert 'href="/prompts"' in page_text(client.get("/"))
    text = visible_text(client.get("/prompts"))
    assert "Would you like to keep in touch?" in text
    assert SHIPPED["openers"][0] in text and SHIPPED["exits"][0] in text
    assert SHIPPED["job"][0] not in text


def test_prompts_page_is_precached(client, auth):
    auth.as_new_user()
    assert '"/prompts"' in page_text(client.get("/sw.js"))
