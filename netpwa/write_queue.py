"""SQLite writers queue in the kernel, not in SQLite's busy handler.

SQLite lets one connection write at a time. A writer that finds the lock taken sleeps in
SQLite's busy handler on a fixed schedule (1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms…)
and looks again only when it wakes, so a lock freed 1 ms later is noticed tens of ms late:
with four connections capturing at once, p99 was about 200 ms for a 15 ms median. Here a
writer first takes an exclusive `flock` on a file beside the database, which wakes the next
writer the moment the last one commits; only then does it send `BEGIN IMMEDIATE`. Threads of
one process queue on a lock of their own first, as a `flock` belongs to an open file, not a
thread.

The queue only orders writers: SQLite's own lock still guards the data. A writer that waits
longer than the busy timeout goes ahead without its turn and SQLite decides (as before), and
a thread that already holds the turn (a second connection in the same request, like the
rate-limit counter's) never waits for itself.
"""

import fcntl
import os
import sqlite3
import threading
import time


class _Queue:
    """The turn to write one database file, for every thread of every process."""

    def __init__(self, lock_path: str):
        self.lock_path = lock_path
        self.threads = threading.Lock()
        self.holder: int | None = None
        # Open only while the turn is held: a process that has touched many databases (the
        # test suite makes one per test) keeps no descriptor for each, and a fork inherits none.
        self._fd: int | None = None

    def acquire(self, wait_s: float) -> str:
        """Wait up to `wait_s` for the turn: "taken", "own" (this thread holds it already) or
        "ran out"."""
        if self.holder == threading.get_ident():
            return "own"
        deadline = time.monotonic() + wait_s
        if not self.threads.acquire(timeout=wait_s):
            return "ran out"
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            self.threads.release()
            return "ran out"
        if self._take_file(fd, deadline):
            self._fd, self.holder = fd, threading.get_ident()
            return "taken"
        os.close(fd)
        self.threads.release()
        return "ran out"

    @staticmethod
    def _take_file(fd: int, deadline: float) -> bool:
        # flock can't time out, so another process's turn is watched at a fine grain (at most
        # 2 ms late, against SQLite's 25-100 ms) rather than waited for without end.
        pause = 0.0002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 0.002)
            except InterruptedError:
                continue

    def release(self) -> None:
        fd, self._fd, self.holder = self._fd, None, None
        try:
            if fd is not None:
                os.close(fd)  # closing the descriptor drops its flock
        finally:
            self.threads.release()


_queues: dict[str, _Queue] = {}
_queues_lock = threading.Lock()


def _forget_queues_in_child() -> None:
    """A forked child starts with no queues: a lock some other thread of the parent held at
    the fork would otherwise stay held in the child for ever."""
    global _queues_lock
    _queues_lock = threading.Lock()
    _queues.clear()


os.register_at_fork(after_in_child=_forget_queues_in_child)


def _queue_for(database: str) -> _Queue | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = os.path.abspath(database)
    with _queues_lock:
        if path not in _queues:
            _queues[path] = _Queue(path + ".writers")
        return _queues[path]


class QueuedConnection(sqlite3.Connection):
    """A sqlite3 connection that holds its database's write turn from `wait_for_turn` until
    its transaction ends (commit, rollback or close)."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self.queue = _queue_for(database if isinstance(database, str) else os.fsdecode(database))
        self.turn = False

    def wait_for_turn(self, wait_s: float) -> bool:
        """Take the turn to write, waiting up to `wait_s`. False when the wait ran out: the
        caller goes ahead without it, letting SQLite decide at once (not after a second wait
        of the busy timeout). The caller sends BEGIN IMMEDIATE next, and calls end_turn() if
        that fails."""
        if self.queue is None or self.turn:
            return True
        outcome = self.queue.acquire(wait_s)
        self.turn = outcome == "taken"
        return outcome != "ran out"

    def end_turn(self) -> None:
        if self.turn:
            self.turn = False
            self.queue.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()


def use_for(cparams: dict) -> None:
    """Make sqlite3.connect (with these parameters) return a QueuedConnection."""
    cparams.setdefault("factory", QueuedConnection)
