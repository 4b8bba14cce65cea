"""Every URL the app serves, filled in with ids, for the cross-cutting checks in test_security."""

import uuid
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, PathConverter, Rule, UUIDConverter

from netpwa.extensions import db

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
UNKNOWN_ID = 987_654


@dataclass(frozen=True)
class Route:
    rule: Rule

    @property
    def methods(self) -> set[str]:
        return set(self.rule.methods or ()) - {"HEAD", "OPTIONS"}

    @property
    def id_arguments(self) -> set[str]:
        return {name for name, converter in self.rule._converters.items()
                if isinstance(converter, IntegerConverter)}

    @property
    def other_arguments(self) -> set[str]:
        return set(self.rule.arguments) - self.id_arguments

    def url(self, ids: dict[str, int] | None = None, unknown: int = UNKNOWN_ID) -> str:
        """The path with int arguments taken from ids (or unknown), others made up."""
        values = {}
        for name, converter in self.rule._converters.items():
            if isinstance(converter, IntegerConverter):
                values[name] = (ids or {}).get(name, unknown)
            elif isinstance(converter, UUIDConverter):
                values[name] = uuid.UUID(int=UNKNOWN_ID)
            else:
                values[name] = "no-such-thing"
        return url_for(self.rule.endpoint, **values)

    def __str__(self) -> str:
        return f"{sorted(self.methods)} {self.rule.rule}"


def routes(app) -> list[Route]:
    """The app's routes, static files excluded."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or any(
                isinstance(c, PathConverter) for c in rule._converters.values()):
            continue
        found.append(Route(rule))
    return sorted(found, key=lambda route: route.rule.rule)


# Bookkeeping every request may touch, refused or not: rate-limit counts.
NOT_STORED_DATA = {"rate_limit_counters"}


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused request stored nothing."""
    with app.app_context():
        return {table.name: sorted(map(tuple, db.session.execute(select(table)).all()), key=repr)
                for table in db.metadata.sorted_tables if table.name not in NOT_STORED_DATA}
