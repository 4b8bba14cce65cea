"""SQLite writers take turns through a lock file (netpwa/write_queue.py): the turn is held
for exactly one write transaction, is handed on the moment it ends, and never makes a writer
wait for itself or past the busy timeout."""

import fcntl
import multiprocessing
import os
import sqlite3
import threading
import time

import pytest

from netpwa.write_queue import QueuedConnection

pytestmark = pytest.mark.sqlite_only


def _begin_write(connection: QueuedConnection, wait_s: float) -> None:
    """What netpwa.extensions does at the start of a write transaction (short of shortening
    SQLite's own wait after a turn that didn't come)."""
    connection.wait_for_turn(wait_s)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except BaseException:
        connection.end_turn()
        raise


def _connect(path) -> QueuedConnection:
    connection = sqlite3.connect(path, factory=QueuedConnection, isolation_level=None,
                                 check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
    return connection


def _turn_is_free(path) -> bool:
    fd = os.open(f"{path}.writers", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_the_turn_is_held_for_one_write_transaction(tmp_path, end):
    path = tmp_path / "q.sqlite3"
    connection = _connect(path)
    _begin_write(connection, 1.0)
    connection.execute("INSERT INTO t VALUES (1)")
    assert not _turn_is_free(path)
    getattr(connection, end)()
    assert _turn_is_free(path)


def test_a_failed_begin_gives_the_turn_back(tmp_path):
    path = tmp_path / "q.sqlite3"
    _connect(path).close()
    holder = sqlite3.connect(path, isolation_level=None)  # a writer outside the queue
    holder.execute("BEGIN IMMEDIATE")
    waiting = _connect(path)
    waiting.execute("PRAGMA busy_timeout=50")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _begin_write(waiting, 1.0)
    assert _turn_is_free(path)
    holder.execute("ROLLBACK")


def _hold_turn(path, seconds, ready):
    connection = _connect(path)
    _begin_write(connection, 5.0)
    connection.execute("INSERT INTO t VALUES (2)")
    ready.set()
    time.sleep(seconds)
    connection.commit()


def test_a_writer_in_another_process_goes_as_soon_as_the_turn_is_free(tmp_path):
    path = tmp_path / "q.sqlite3"
    _connect(path).close()
    ready = multiprocessing.get_context("fork").Event()
    other = multiprocessing.get_context("fork").Process(target=_hold_turn,
                                                        args=(path, 0.3, ready))
    other.start()
    assert ready.wait(10)
    connection = _connect(path)
    started = time.monotonic()
    _begin_write(connection, 5.0)
    waited = time.monotonic() - started
    connection.execute("INSERT INTO t VALUES (3)")
    connection.commit()
    other.join(10)
    # It waited for the other's transaction, and not much past its end.
    assert 0.2 <= waited < 1.0
    assert [row[0] for row in connection.execute("SELECT n FROM t ORDER BY n")] == [2, 3]


def test_threads_of_one_process_take_turns_and_every_write_lands(tmp_path):
    path = tmp_path / "q.sqlite3"
    _connect(path).close()
    errors = []

    def writer(number):
        connection = _connect(path)
        try:
            for _ in range(20):
                _begin_write(connection, 5.0)
                (count,) = connection.execute("SELECT count(*) FROM t").fetchone()
                connection.execute("INSERT INTO t VALUES (?)", (count,))
                connection.commit()
        except Exception as error:  # noqa: BLE001 (asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    values = [row[0] for row in _connect(path).execute("SELECT n FROM t ORDER BY n")]
    assert values == list(range(80))  # one at a time: each saw every earlier write


def test_a_second_connection_of_the_same_thread_does_not_wait_for_its_own_turn(tmp_path):
    """Like the rate-limit counter's own connection inside a request that writes: it goes
    straight to SQLite (which answers "locked" after its busy timeout, as before)."""
    path = tmp_path / "q.sqlite3"
    first, second = _connect(path), _connect(path)
    second.execute("PRAGMA busy_timeout=50")
    _begin_write(first, 5.0)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _begin_write(second, 5.0)
    assert time.monotonic() - started < 1.0
    first.rollback()
    _begin_write(second, 5.0)
    second.commit()


def test_a_wait_past_the_limit_goes_ahead_to_sqlite(tmp_path):
    path = tmp_path / "q.sqlite3"
    _connect(path).close()
    fd = os.open(f"{path}.writers", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a stuck queue member that holds no SQLite lock
    try:
        connection = _connect(path)
        started = time.monotonic()
        _begin_write(connection, 0.2)
        connection.execute("INSERT INTO t VALUES (4)")
        connection.commit()
        assert 0.2 <= time.monotonic() - started < 2.0
    finally:
        os.close(fd)



def test_a_turn_that_never_comes_costs_one_busy_timeout_not_two(app, monkeypatch):
    """A stuck queue member and a writer outside the queue both hold on: the app's write
    gives up after the busy timeout (and a moment), so a request can answer 503 in time."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from netpwa import extensions
    from netpwa.extensions import db
    monkeypatch.setattr(extensions, "SQLITE_BUSY_TIMEOUT_MS", 1000)
    with app.app_context():
        db.engine.dispose()  # new connections get the patched timeout
        path = db.engine.url.database
        stuck = os.open(f"{path}.writers", os.O_RDWR | os.O_CREAT)
        fcntl.flock(stuck, fcntl.LOCK_EX)
        outsider = sqlite3.connect(path, isolation_level=None)
        outsider.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            with pytest.raises(OperationalError, match="locked"):
                db.session.execute(text("DELETE FROM contacts WHERE id = -1"))
            waited = time.monotonic() - started
            db.session.rollback()
        finally:
            outsider.execute("ROLLBACK")
            outsider.close()
            os.close(stuck)
        assert 1.0 <= waited < 1.6, waited
