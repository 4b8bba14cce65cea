"""netpwa: meet people at events, and follow up."""

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, security headers."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    from netpwa.settings import load_settings
    app.config.update(load_settings(app.instance_path, config or {}))

    from netpwa import errors, extensions, models, security  # noqa: F401 (models: all tables)
    extensions.init_app(app)
    from netpwa.formats.dates import format_mss
    app.add_template_filter(format_mss, "mss")  # chat lengths as m:ss, as the server writes them
    security.init_app(app)
    errors.init_app(app)

    from netpwa.health import bp as health_bp
    from netpwa.auth import bp as auth_bp
    from netpwa.events import bp as events_bp
    from netpwa.contacts import bp as contacts_bp
    from netpwa.meet import bp as meet_bp
    from netpwa.cards import bp as cards_bp
    from netpwa.scan import bp as scan_bp
    from netpwa.nametags import bp as nametags_bp
    from netpwa.notebook.views import bp as notebook_bp
    from netpwa.sync import bp as sync_bp
    from netpwa.recall import bp as recall_bp
    from netpwa.pwa import bp as pwa_bp
    from netpwa.outreach import bp as outreach_bp
    from netpwa.interviews import bp as interviews_bp
    from netpwa.plan import bp as plan_bp
    from netpwa.known import bp as known_bp
    from netpwa.friends import bp as friends_bp
    from netpwa.imports import bp as imports_bp
    for blueprint in (health_bp, auth_bp, events_bp, contacts_bp, meet_bp, cards_bp, scan_bp,
                      nametags_bp, notebook_bp, sync_bp, recall_bp, pwa_bp, outreach_bp, interviews_bp, plan_bp,
                      known_bp, friends_bp, imports_bp):
        app.register_blueprint(blueprint)

    # contacts sits below events (docs/ARCHITECTURE.md, Layering): it is told here how to list
    # the events a contact can be met at, instead of importing the events package.
    from netpwa.contacts import event_choices, revision
    from netpwa.events.current import owner_events
    event_choices.register(app, owner_events)
    # ...and, for the export's "Introduced by", who introduced whom (outreach's referrals).
    from netpwa.contacts.export import register_referrers
    from netpwa.outreach.referrals import referrer_names
    register_referrers(app, referrer_names)
    # Every contact write takes the owner's next sync revision (contacts/revision.py).
    revision.register(app)
    # A new account starts with its card, in the same transaction (a page never writes it).
    from netpwa.auth.signals import registered
    from netpwa.cards.profile import start_card_of_new_user
    registered.connect(start_card_of_new_user)
    return app
