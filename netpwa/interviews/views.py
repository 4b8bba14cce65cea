"""Question bank pages and the conversation prompts sheet."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from netpwa.extensions import db
from netpwa.interviews import bank
from netpwa.interviews.models import Question
from netpwa.interviews.shipped import PROMPT_CATEGORIES
from netpwa.ownership import owned_or_404

bp = Blueprint("interviews", __name__)


@bp.before_request
@login_required
def _require_login():
    pass


def _bank_page(status: int = 200, *, add_errors=None, add_values=None, edit_id=None,
               edit_error=None, edit_text=None):
    return render_template(
        "interviews/bank.html", sections=bank.sections(current_user.id),
        add_errors=add_errors or {}, add_values=add_values or {}, edit_id=edit_id,
        edit_error=edit_error, edit_text=edit_text), status


@bp.get("/questions")
def question_bank():
    """Every category with its questions: edit, hide, reorder, add."""
    return _bank_page()


@bp.post("/questions")
def add_question():
    category = bank.clean_category(request.form.get("category"))
    if category is None:
        abort(400)
    text, error = bank.clean_text(request.form.get("text"))
    if error:
        return _bank_page(422, add_errors={category: error}, add_values={category: text})
    question = bank.add(current_user.id, category, text)
    db.session.commit()
    return redirect(url_for("interviews.question_bank", _anchor=f"q-{question.id}"))


@bp.post("/questions/<int:question_id>")
def edit_question(question_id: int):
    question = owned_or_404(Question, question_id)
    text, error = bank.clean_text(request.form.get("text"))
    if error:
        return _bank_page(422, edit_id=question.id, edit_error=error, edit_text=text)
    question.text = text
    db.session.commit()
    return redirect(url_for("interviews.question_bank", _anchor=f"q-{question.id}"))


@bp.post("/questions/<int:question_id>/move")
def move_question(question_id: int):
    question = owned_or_404(Question, question_id)
    step = request.form.get("step")
    if step not in ("-1", "1"):
        abort(400)
    bank.move(question, int(step))
    db.session.commit()
    return redirect(url_for("interviews.question_bank", _anchor=f"q-{question.id}"))


@bp.post("/questions/<int:question_id>/hide")
def hide_question(question_id: int):
    question = owned_or_404(Question, question_id)
    question.hidden = True
    db.session.commit()
    return redirect(url_for("interviews.question_bank", _anchor=f"cat-{question.category}"))


@bp.post("/questions/<int:question_id>/show")
def show_question(question_id: int):
    question = owned_or_404(Question, question_id)
    question.hidden = False
    # Back at the end of its category, where a person looks for what they just brought back.
    question.position = (max((q.position for q in bank.questions(
        current_user.id, (question.category,)) if not q.hidden), default=0) + 10)
    db.session.commit()
    return redirect(url_for("interviews.question_bank", _anchor=f"q-{question.id}"))


@bp.get("/prompts")
def prompts():
    """The sheet opened from capture: openers, wrap-up questions, polite exits. The service
    worker keeps a copy, so it opens with no network at a venue."""
    return render_template("interviews/prompts.html",
                           sections=bank.sections(current_user.id, PROMPT_CATEGORIES))
