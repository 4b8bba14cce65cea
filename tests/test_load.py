"""A bounded load test in the suite: 50 phones register and capture 10 people each, in
parallel, against gunicorn with 4 workers, on SQLite and on PostgreSQL. Every phone also
replays one capture (a retry after a lost answer). Nothing is lost, nothing duplicated, and
no request answers 5xx. (Timings are bench/'s job; this only counts.)"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers import HTMX
from live_server import Browser, fresh_database, gunicorn_server
from sqlalchemy import create_engine, text

PHONES = 50
CAPTURES = 10
# Phones sending at the same moment (more would only queue in gunicorn's backlog: 4 x 2).
AT_ONCE = 16
PASSWORD = "load test horse battery"


def _phone(url: str, number: int, statuses: list, lock) -> None:
    browser = Browser(url, forwarded_for=f"10.1.{number // 200}.{number % 200}")

    def record(result):
        with lock:
            statuses.append(result[0])
        return result

    record(browser.get("/register"))
    record(browser.post("/register", data={
        "email": f"phone{number}@example.com", "password": PASSWORD, "confirm": PASSWORD,
        "display_name": f"Phone {number}", "csrf_token": browser.csrf_token}))
    record(browser.get("/"))
    ids = [str(uuid.uuid4()) for _ in range(CAPTURES)]
    for index, capture_id in enumerate(ids):
        record(browser.post("/capture", headers=HTMX, data={
            "name": f"Person {number}-{index}", "uuid": capture_id}))
    # The answer to the last capture was "lost": the phone sends it again.
    record(browser.post("/capture", headers=HTMX, data={
        "name": f"Person {number}-{CAPTURES - 1}", "uuid": ids[-1]}))


@pytest.mark.parametrize("postgres", [False, True], ids=["sqlite", "postgresql"])
def test_fifty_phones_capturing_at_once_lose_and_duplicate_nothing(tmp_path, postgres):
    statuses: list[int] = []
    lock = threading.Lock()
    with fresh_database(tmp_path, postgres=postgres) as database_url:
        with gunicorn_server(database_url, tmp_path, workers=4, threads=2,
                             REGISTER_RATE_LIMIT="1000 per hour") as url:
            with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
                for future in [pool.submit(_phone, url, n, statuses, lock)
                               for n in range(PHONES)]:
                    future.result()
        engine = create_engine(database_url)
        with engine.connect() as connection:
            users = connection.execute(text("SELECT count(*) FROM users")).scalar_one()
            rows = connection.execute(text(
                "SELECT u.email, c.name FROM contacts c JOIN users u ON u.id = c.owner_id")
            ).all()
        engine.dispose()
    server_errors = [status for status in statuses if status >= 500]
    assert not server_errors, f"{len(server_errors)} answers 5xx: {sorted(set(server_errors))}"
    assert set(statuses) <= {200, 302}, sorted(set(statuses))
    assert users == PHONES
    expected = {(f"phone{n}@example.com", f"Person {n}-{i}")
                for n in range(PHONES) for i in range(CAPTURES)}
    assert len(rows) == len(expected), "duplicated" if len(rows) > len(expected) else "lost"
    assert set(map(tuple, rows)) == expected
