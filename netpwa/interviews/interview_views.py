"""Informational interviews: plan one, build its prep list, run it, and what comes after."""

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.errors import error_response
from netpwa.extensions import db, now_utc
from netpwa.interviews import bank, ics, schedule, service
from netpwa.interviews.models import REFLECTIONS, CareerPath, Interview, InterviewQuestion
from netpwa.interviews.views import bp
from netpwa.ownership import owned_or_404

INTERVIEW_CATEGORIES = ("job", "organisation", "advice", "wrapup")


def _live_contact_or_404(contact_id) -> Contact:
    contact = owned_or_404(Contact, contact_id)
    if contact.deleted_at is not None:
        abort(404)
    return contact


def _interview_or_404(interview_id: int) -> Interview:
    interview = owned_or_404(Interview, interview_id)
    if interview.deleted_at is not None:
        abort(404)
    return interview


def _path_ids() -> set[int]:
    return {p.id for p in service.paths(current_user.id)}


def _contacts() -> list[Contact]:
    return db.session.scalars(select(Contact).where(
        Contact.owner_id == current_user.id, Contact.deleted_at.is_(None))
        .order_by(Contact.name)).all()


def _ordered_interviews():
    return db.session.execute(
        select(Interview, Contact).join(Contact, Contact.id == Interview.contact_id)
        .where(Interview.owner_id == current_user.id, Interview.deleted_at.is_(None),
               Contact.deleted_at.is_(None))
        .order_by(Interview.starts_at)).all()


@bp.get("/interviews")
def interview_list():
    """Coming up, thank-yous and tell-backs due, and past interviews; paths at the top."""
    rows = _ordered_interviews()
    today = now_utc().date()
    return render_template(
        "interviews/index.html", today=today,
        upcoming=[(i, c) for i, c in rows if i.held_at is None],
        held=[(i, c) for i, c in reversed(rows) if i.held_at is not None],
        thanks_due=[(i, c) for i, c in rows if i.held_at and not i.thanked_at],
        tell_back=[(i, c) for i, c in rows
                   if i.held_at and not i.told_back_at and i.tell_back_on <= today],
        summaries=service.path_summaries(current_user.id), local=_local_time)


def _local_time(interview: Interview) -> str:
    """When, as the person typed it (in the interview's own time zone)."""
    return (schedule.local_input_value(interview.starts_at, interview.timezone)
            .replace("T", " ") + f" ({interview.timezone})")


def _form_page(interview, contact, cleaned=None, status=200):
    values = cleaned.typed if cleaned else {}
    if interview is not None and cleaned is None:
        values = {"starts_at": schedule.local_input_value(interview.starts_at, interview.timezone),
                  "timezone": interview.timezone, "length_minutes": interview.length_minutes,
                  "place": interview.place, "video_link": interview.video_link,
                  "goal": interview.goal, "homework": interview.homework,
                  "path_id": str(interview.path_id or "")}
    return render_template("interviews/form.html", interview=interview, contact=contact,
                           values=values, errors=cleaned.errors if cleaned else {},
                           paths=service.paths(current_user.id), contacts=_contacts(),
                           default_length=schedule.DEFAULT_LENGTH), status


@bp.route("/interviews/new", methods=["GET", "POST"])
def new_interview():
    """Plan an interview with a contact (picked here, or arriving from the contact)."""
    raw_contact = request.values.get("contact_id", "")
    contact = _live_contact_or_404(int(raw_contact)) if raw_contact.isdigit() else None
    if request.method == "GET":
        return _form_page(None, contact)
    cleaned = schedule.clean(request.form, now=now_utc(), path_ids=_path_ids())
    if contact is None:
        cleaned.errors["contact_id"] = "Pick who you'll talk to."
    if cleaned.errors:
        return _form_page(None, contact, cleaned, 422)
    interview = Interview(owner_id=current_user.id, contact_id=contact.id, **cleaned.values)
    db.session.add(interview)
    db.session.flush()
    service.tie_contact(current_user.id, interview.path_id, contact.id)
    db.session.commit()
    flash(f"Interview with {contact.name} planned. Now pick your questions.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id))


@bp.route("/interviews/<int:interview_id>/edit", methods=["GET", "POST"])
def edit_interview(interview_id: int):
    interview = _interview_or_404(interview_id)
    contact = _live_contact_or_404(interview.contact_id)
    if request.method == "GET":
        return _form_page(interview, contact)
    cleaned = schedule.clean(request.form, now=now_utc(), path_ids=_path_ids(),
                             check_past=interview.held_at is None)
    if (interview.held_at is None and "starts_at" in cleaned.errors
            and request.form.get("starts_at") == schedule.local_input_value(
                interview.starts_at, interview.timezone)):
        # The time wasn't changed: saving the goal of a slightly late interview is fine.
        cleaned.errors.pop("starts_at")
        cleaned.values["starts_at"] = interview.starts_at
    if cleaned.errors:
        return _form_page(interview, contact, cleaned, 422)
    for name, value in cleaned.values.items():
        setattr(interview, name, value)
    service.tie_contact(current_user.id, interview.path_id, contact.id)
    db.session.commit()
    flash("Interview saved.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id))


def _interview_context(interview: Interview, **extra):
    contact = _live_contact_or_404(interview.contact_id)
    chosen = service.picked(interview)
    chosen_ids = {row.question_id for row in chosen}
    path = db.session.get(CareerPath, interview.path_id) if interview.path_id else None
    context = {
        "interview": interview, "contact": contact, "picked": chosen, "path": path,
        "bank": [s for s in bank.sections(current_user.id, INTERVIEW_CATEGORIES)],
        "chosen_ids": chosen_ids, "local": schedule.local_input_value(
            interview.starts_at, interview.timezone).replace("T", " "),
        "thank_you": service.thank_you_text(interview, contact.name,
                                            current_user.display_name),
        "referred": service.referrals(interview), "today": now_utc().date(),
        "reflections": REFLECTIONS, "referral_names": None, "referral_error": None,
        "reflection_error": None,
    }
    context.update(extra)
    return context


@bp.get("/interviews/<int:interview_id>")
def interview_page(interview_id: int):
    interview = _interview_or_404(interview_id)
    return render_template("interviews/show.html", **_interview_context(interview))


@bp.post("/interviews/<int:interview_id>/questions")
def pick_questions(interview_id: int):
    """Add the ticked bank questions (and an own question typed here) to the prep list."""
    interview = _interview_or_404(interview_id)
    ids = [int(raw) for raw in request.form.getlist("question_id") if raw.isdigit()]
    added = service.pick_questions(interview, ids)
    own = request.form.get("own", "")
    if own.strip():
        text, error = bank.clean_text(own)
        if error:
            db.session.rollback()
            return render_template("interviews/show.html", **_interview_context(
                interview, own_error=error, own_text=text)), 422
        service.add_own_question(interview, text)
        added += 1
    db.session.commit()
    flash(f"{added} question{'s' if added != 1 else ''} added to your prep list."
          if added else "Tick the questions you want to ask.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id,
                            _anchor="prep"))


@bp.post("/interviews/<int:interview_id>/questions/<int:row_id>/remove")
def unpick_question(interview_id: int, row_id: int):
    interview = _interview_or_404(interview_id)
    row = owned_or_404(InterviewQuestion, row_id)
    if row.interview_id != interview.id:
        abort(404)
    if row.notes.strip():
        # Notes already taken under it are kept, not deleted with the question.
        interview.notes = (interview.notes + f"\n\n{row.text}\n{row.notes}").strip()
    db.session.delete(row)
    db.session.commit()
    return redirect(url_for("interviews.interview_page", interview_id=interview.id,
                            _anchor="prep"))


@bp.get("/interviews/<int:interview_id>.ics")
def interview_ics(interview_id: int):
    interview = _interview_or_404(interview_id)
    contact = _live_contact_or_404(interview.contact_id)
    body = ics.interview_ics(interview, contact.name, url_for(
        "interviews.interview_page", interview_id=interview.id, _external=True))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="interview-{interview.id}.ics"')
    return response


@bp.get("/interviews/<int:interview_id>/run")
def run_interview(interview_id: int):
    """Interview mode on the phone: a question per screen (or the list), a notes box under
    each, a timer against the agreed length. Notes are kept on the phone and synced."""
    interview = _interview_or_404(interview_id)
    contact = _live_contact_or_404(interview.contact_id)
    return render_template("interviews/run.html", interview=interview, contact=contact,
                           picked=service.picked(interview))


@bp.post("/interviews/<int:interview_id>/finish")
def finish_interview(interview_id: int):
    """Without JavaScript: the notes boxes posted as a form, then finished."""
    interview = _interview_or_404(interview_id)
    contact = _live_contact_or_404(interview.contact_id)
    boxes = {"general": {"text": request.form.get("notes-general", "")}}
    for row in service.picked(interview):
        boxes[str(row.id)] = {"text": request.form.get(f"notes-{row.id}", "")}
    try:
        service.apply_notes(interview, boxes)
    except service.NotesError as error:
        return error_response(error.status, error.message, error.field)
    service.finish(interview, contact)
    db.session.commit()
    flash("Interview done. Your notes are on the timeline; send a thank-you within a day.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id,
                            _anchor="after"))


def _json_error(status: int, message: str, field: str):
    """Interview mode's outbox reads JSON whatever went wrong."""
    return jsonify(error=message, field=field), status


@bp.post("/interviews/<uuid>/notes")
def sync_notes(uuid: str):
    """Interview mode's outbox: {"boxes": {...}, "finish": bool}. Replays are harmless."""
    interview = db.session.scalar(select(Interview).where(
        Interview.owner_id == current_user.id, Interview.uuid == uuid.lower()))
    if interview is None:
        # The app's 404 (a page, or JSON to interview mode, which asks for JSON).
        return error_response(404, field="interview")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _json_error(400, "Send JSON like {\"boxes\": {...}}.", "boxes")
    try:
        service.apply_notes(interview, payload.get("boxes", {}))
    except service.NotesError as error:
        db.session.rollback()
        return _json_error(error.status, error.message, error.field)
    if interview.deleted_at is not None:
        # Deleted on another device: the notes are kept with it, and it can come back.
        db.session.commit()
        return jsonify(error="This interview was deleted on another device. Your notes are "
                             "saved with it: restore it to keep working on them.",
                       field="interview", deleted=True,
                       restore_url=url_for("interviews.restore_interview",
                                           interview_id=interview.id)), 409
    finished = False
    if payload.get("finish") is True:
        contact = db.session.get(Contact, interview.contact_id)
        finished = service.finish(interview, contact)
    db.session.commit()
    return jsonify(status="ok", finished=finished or interview.held_at is not None,
                   page=url_for("interviews.interview_page", interview_id=interview.id))


@bp.post("/interviews/<int:interview_id>/reflection")
def reflect(interview_id: int):
    interview = _interview_or_404(interview_id)
    choice = request.form.get("reflection", "")
    line = " ".join((request.form.get("reflection_line") or "").split())
    error = None
    if choice not in REFLECTIONS:
        error = "Pick yes, unsure or no."
    elif len(line) > 300:
        error = "Keep the line under 300 characters."
    if error:
        return render_template("interviews/show.html", **_interview_context(
            interview, reflection_error=error, reflection_typed=line)), 422
    interview.reflection, interview.reflection_line = choice, line
    db.session.commit()
    flash("Reflection saved.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id,
                            _anchor="after"))


@bp.post("/interviews/<int:interview_id>/thanked")
def thanked(interview_id: int):
    interview = _interview_or_404(interview_id)
    contact = _live_contact_or_404(interview.contact_id)
    service.mark_thanked(interview, contact, (request.form.get("text") or "")[:5000])
    db.session.commit()
    flash(f"Thank-you to {contact.name} logged on the timeline.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id,
                            _anchor="after"))


@bp.post("/interviews/<int:interview_id>/told-back")
def told_back(interview_id: int):
    interview = _interview_or_404(interview_id)
    contact = _live_contact_or_404(interview.contact_id)
    service.mark_told_back(interview, contact, (request.form.get("text") or "")[:5000])
    db.session.commit()
    flash(f"Logged: you told {contact.name} how it went.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id,
                            _anchor="after"))


@bp.post("/interviews/<int:interview_id>/referrals")
def refer(interview_id: int):
    """Names given by this person: new contacts introduced by them; a name already in the
    contacts is offered as a link first, never silently doubled."""
    interview = _interview_or_404(interview_id)
    contact = _live_contact_or_404(interview.contact_id)
    raw = request.form.get("names", "")
    names, error = service.split_names(raw)
    if error:
        return render_template("interviews/show.html", **_interview_context(
            interview, referral_error=error, referral_typed=raw)), 422
    matched = service.match_names(current_user.id, names)
    if request.form.get("confirm") != "1" and any(m.matches for m in matched):
        return render_template("interviews/show.html", **_interview_context(
            interview, referral_names=matched, referral_typed=raw))
    choices = []
    for index, item in enumerate(matched):
        pick = request.form.get(f"choice-{index}", "new")
        existing = int(pick) if pick.isdigit() and any(
            c.id == int(pick) for c in item.matches) else None
        choices.append((item.name, existing))
    referred = service.add_referrals(interview, contact, choices)
    db.session.commit()
    flash(f"{len(referred)} introduced by {contact.name}: "
          + ", ".join(c.name for c in referred) + ".")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id,
                            _anchor="referrals"))


@bp.post("/interviews/<int:interview_id>/delete")
def delete_interview(interview_id: int):
    interview = _interview_or_404(interview_id)
    interview.deleted_at = now_utc()
    db.session.commit()
    flash("Interview deleted.")
    return redirect(url_for("interviews.interview_list"))


@bp.post("/interviews/<int:interview_id>/restore")
def restore_interview(interview_id: int):
    interview = owned_or_404(Interview, interview_id)
    interview.deleted_at = None
    db.session.commit()
    flash("Interview restored, with its notes.")
    return redirect(url_for("interviews.interview_page", interview_id=interview.id))


# ---- paths ----

@bp.route("/paths", methods=["GET", "POST"])
def path_list():
    """The career paths I'm exploring, each with how many people I've spoken with."""
    error, typed, status = None, "", 200
    if request.method == "POST":
        typed, error = service.clean_path_name(request.form.get("name"))
        if error is None and any(p.name.casefold() == typed.casefold()
                                 for p in service.paths(current_user.id)):
            error = f"“{typed}” is already one of your paths."
        if error is None:
            db.session.add(CareerPath(owner_id=current_user.id, name=typed))
            db.session.commit()
            flash(f"Path added: {typed}.")
            return redirect(url_for("interviews.path_list"))
        status = 422
    return render_template("interviews/paths.html", summaries=service.path_summaries(
        current_user.id), error=error, typed=typed, contacts=_contacts()), status


@bp.post("/paths/<int:path_id>/delete")
def delete_path(path_id: int):
    path = owned_or_404(CareerPath, path_id)
    db.session.delete(path)
    db.session.commit()
    flash(f"Path removed: {path.name}. Its interviews and contacts stay.")
    return redirect(url_for("interviews.path_list"))


@bp.post("/paths/<int:path_id>/contacts")
def tie_path_contact(path_id: int):
    path = owned_or_404(CareerPath, path_id)
    raw = request.form.get("contact_id", "")
    if not raw.isdigit():
        flash("Pick a contact to tie to this path.")
        return redirect(url_for("interviews.path_list"))
    contact = _live_contact_or_404(int(raw))
    service.tie_contact(current_user.id, path.id, contact.id)
    db.session.commit()
    flash(f"{contact.name} tied to {path.name}.")
    return redirect(url_for("interviews.path_list"))
