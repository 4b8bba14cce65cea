"""The OpenAPI description of /api/* is served, and schemathesis holds the API to it: every
operation called with generated input (logged in) never answers 5xx, and every answer matches
the description (status codes, content type, body schema)."""

import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings
from helpers import log_in_as


@pytest.fixture
def api_app(app, make_user):
    """The app, a logged-in session cookie for every generated request."""
    user_id = make_user()
    client = app.test_client()
    log_in_as(app, client, user_id)
    app.config["SCHEMATHESIS_COOKIE"] = client.get_cookie("session").value
    return app


def test_api_never_5xx_and_matches_its_description(api_app):
    """Every operation, with generated input (schemathesis' Hypothesis strategies)."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", api_app)
    cookie = api_app.config["SCHEMATHESIS_COOKIE"]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 2

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            # The WSGI transport hands back the body as sent; a browser would undo the
            # compression that answers over 500 bytes get (flask-compress), so ask for none.
            case.call_and_validate(cookies={"session": cookie},
                                  headers={"Accept-Encoding": "identity"},
                                  excluded_checks=[positive_data_acceptance])

        run()


def test_the_description_is_served_and_lists_every_api_route(app, client):
    served = client.get("/api/openapi.json").get_json()
    assert served["openapi"].startswith("3.")
    api_rules = {rule.rule for rule in app.url_map.iter_rules()
                 if rule.rule.startswith("/api/") and rule.endpoint != "sync.openapi"}
    assert api_rules == set(served["paths"]), "describe every /api route in sync/openapi.py"
