"""Referrals: "introduced by" on a contact, the Referrals view, "tell them how it went"."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.htmx import is_htmx, respond
from netpwa.outreach import intros, people
from netpwa.outreach import referrals as referral_rules
from netpwa.outreach.views import bp, live_contact_or_404


# The page lists this many "tell them how it went"; the rest wait on the Follow-ups page too.
HOW_IT_WENT_SHOWN = 50


@bp.app_template_global("outreach_panel")
def outreach_panel(contact: Contact) -> dict:
    """What the contact page shows about referrals and intros (read-only)."""
    return {"introduced_by": referral_rules.referrer_of(contact),
            "introduced_to": referral_rules.introduced_to(contact),
            "how_it_went": referral_rules.how_it_went_due(contact.owner_id, referrer_id=contact.id),
            "intros": intros.involving(contact)}


def _panel(contact: Contact, picked=None, status=200):
    body = render_template("outreach/_referrals.html", contact=contact, picked=picked,
                           panel=outreach_panel(contact))
    return respond(body, status)


@bp.post("/outreach/contacts/<int:contact_id>/introduced-by")
@login_required
def set_introduced_by(contact_id: int):
    """Who introduced me to this person (an empty name clears it)."""
    contact = live_contact_or_404(contact_id)
    picked = people.pick(current_user.id, request.form, "referrer", required=False)
    error = picked.error
    if error is None:
        error = referral_rules.set_referrer(contact, picked.contact)
        picked.error = error
    if error:
        db.session.rollback()
        if is_htmx():
            return _panel(contact, picked, 422)
        return render_template("outreach/referrer_form.html", contact=contact,
                               picked=picked), 422
    db.session.commit()
    if is_htmx():
        return _panel(contact)
    flash(f"{contact.name} was introduced by {picked.contact.name}."
          if picked.contact else f"Cleared who introduced {contact.name}.")
    return redirect(url_for("contacts.show", contact_id=contact.id, _anchor="referrals"))


@bp.post("/outreach/contacts/<int:contact_id>/told-referrer")
@login_required
def told_referrer(contact_id: int):
    """I told whoever referred me to this person how it went."""
    contact = live_contact_or_404(contact_id)
    referrer = referral_rules.mark_told(current_user.id, contact, now_utc().date())
    if referrer is not None:
        db.session.commit()
        flash(f"Noted: you told {referrer.name} how it went with {contact.name}.")
    back = request.form.get("back") == "referrer" and referrer is not None
    target = referrer.id if back else contact.id
    return redirect(url_for("contacts.show", contact_id=target, _anchor="referrals"))


@bp.get("/referrals")
@login_required
def referrals():
    nobody, nobody_total = referral_rules.introduced_nobody(current_user.id)
    pending = referral_rules.how_it_went_pending(current_user.id)
    return render_template("outreach/referrals.html", chains=referral_rules.chains(current_user.id),
                           nobody=nobody, nobody_total=nobody_total,
                           how_it_went=referral_rules.with_people(
                               current_user.id, pending[:HOW_IT_WENT_SHOWN]),
                           how_it_went_total=len(pending))


@bp.get("/outreach/names")
@login_required
def name_suggestions():
    """Names for an input's datalist as it is typed (htmx)."""
    text = next((v for k, v in request.args.items() if k in ("referrer", "a", "b")), "")
    return respond(render_template("outreach/_name_options.html",
                                   names=people.suggestions(current_user.id, text)))
