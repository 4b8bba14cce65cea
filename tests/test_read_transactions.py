"""begin_read / end_read (netpwa/extensions.py): the reads a POST does before writing stay
out of its write transaction."""


def test_after_end_read_a_post_reads_what_it_loaded_without_taking_the_write_lock(app, make_user):
    """A POST loads the user in a read transaction and ends it (end_read); reading the user's
    fields afterwards must not start a transaction, or on SQLite it would take the write lock
    long before the view writes anything."""
    from sqlalchemy import event

    from netpwa.auth.models import User
    from netpwa.extensions import begin_read, db, end_read
    user_id = make_user()
    begun = []
    with app.test_request_context("/capture", method="POST"):
        engine = db.engine
        listener = lambda connection: begun.append(connection)  # noqa: E731
        event.listen(engine, "begin", listener)
        try:
            begin_read()
            user = db.session.get(User, user_id)
            end_read()
            assert len(begun) == 1
            assert user.email == "ana@example.com" and user.display_name == "Ana"
            assert len(begun) == 1  # nothing reloaded, nothing begun
        finally:
            event.remove(engine, "begin", listener)


def test_an_import_plans_its_rows_with_no_transaction_open(app, make_user, monkeypatch):
    """Planning a big file is slow: it must run between transactions (on SQLite a write
    transaction would hold every other writer back for that long)."""
    from imports_helpers import import_bytes

    from netpwa.extensions import db
    from netpwa.imports import service, writing
    user_id = make_user()
    open_during_planning = []
    plan_rows = service.plan_rows

    def watched(batch):
        plans = plan_rows(batch)
        open_during_planning.append(db.session().in_transaction())
        return plans

    monkeypatch.setattr(writing.service, "plan_rows", watched)
    import_bytes(app, user_id, "people.csv", b"Name,Email\r\nAna Reis,ana@example.com\r\n")
    assert open_during_planning == [False]
