"""Issue 16's whole table from one run: every row, both databases where it applies, each
server figure beside the bare hello of the same gunicorn in the same run.

`python -m bench issue16` (about 8 minutes on a quiet machine). It runs `bench scale` on a fresh
SQLite file and on PostgreSQL (BENCH_PG_URL, default the `netpwa_bench` database on
127.0.0.1:5432, created when missing; netpwa's tables in it are dropped and recreated), then
`bench startup` (Slow 4G, 4x CPU) and the precache figure of `bench pageweight`.
"""

import os
import statistics
from contextlib import contextmanager

from bench import bench_pageweight, bench_scale, bench_startup, common

PG_URL = os.environ.get("BENCH_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/netpwa_bench")


def _postgres_ready(url: str) -> str | None:
    """None when the database answers (created if it was missing), else why not."""
    import psycopg
    from sqlalchemy.engine import make_url
    parts = make_url(url)
    if parts.database == "test":
        return "refusing the database 'test' (CI uses it)"
    server = dict(host=parts.host or "127.0.0.1", port=parts.port or 5432,
                  user=parts.username or "postgres", password=parts.password)
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5,
                             **server) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                        (parts.database,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{parts.database}"')
    except psycopg.Error as error:
        return f"not reachable ({error.__class__.__name__})"
    return None


@contextmanager
def _database(url: str | None):
    before = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["BENCH_DATABASE_URL"] = url
    else:
        os.environ.pop("BENCH_DATABASE_URL", None)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("BENCH_DATABASE_URL", None)
        else:
            os.environ["BENCH_DATABASE_URL"] = before


def _row(what: str, sqlite: str, postgres: str, goal: str) -> str:
    return f"| {what} | {sqlite} | {postgres} | {goal} |"


def _by_size(runs: list[dict]) -> dict[int, dict]:
    return {run["count"]: run for run in runs}


def _middle(runs):
    return _by_size(runs).get(10_000, runs[len(runs) // 2])


def _server_rows(sqlite: list[dict], postgres: list[dict] | None) -> list[str]:
    both = [sqlite, postgres]

    def each(cell):
        return [cell(runs) if runs else "–" for runs in both]

    def cpu(key):
        def cell(runs):
            values = [run[key].server_cpu_p50 for run in runs]
            return (" / ".join(f"{v:.1f}" for v in values)
                    + f" ms ({values[-1] / values[0]:.2f}x)")
        return cell

    sizes = " / ".join(f"{run['count'] // 1000:,}k" for run in sqlite)
    middle = f"{_middle(sqlite)['count']:,}"
    largest = sqlite[-1]["count"]
    return [
        _row(f"capture throughput ÷ hello ({middle})",
             *each(lambda r: bench_scale.ratio(_middle(r)["capture"])), "≥ 0.5x"),
        _row(f"capture via /api/sync throughput ÷ hello ({middle})",
             *each(lambda r: bench_scale.ratio(_middle(r)["synced"])), "≥ 0.5x"),
        _row(f"contact list throughput ÷ hello ({middle})",
             *each(lambda r: bench_scale.ratio(_middle(r)["page"])), "≥ 0.3x"),
        _row(f"capture p99 (p50), {bench_scale.CONCURRENT} connections ({middle})",
             *each(lambda r: f"{_middle(r)['p99_4']:.1f} ms ({_middle(r)['p50_4']:.1f})"),
             "< 20 ms"),
        _row(f"the same via /api/sync ({middle})",
             *each(lambda r: f"{_middle(r)['sync_p99_4']:.1f} ms ({_middle(r)['sync_p50_4']:.1f})"),
             "< 20 ms"),
        _row(f"capture server CPU at {sizes}", *each(cpu("capture")), "flat: ≤ 1.2x"),
        _row(f"the same via /api/sync at {sizes}", *each(cpu("synced")), "flat: ≤ 1.2x"),
        _row(f"list page 1 server CPU at {sizes}", *each(cpu("page")), "flat"),
        _row(f"search at {largest:,}, server wall (?q={bench_scale.SEARCH_TERM})",
             *each(lambda r: f"{r[-1]['search'].server_p50:.1f} ms"), "≤ 15 ms / ≤ 30 ms"),
        _row(f"the same, a rare word (?q={bench_scale.RARE_TERM})",
             *each(lambda r: f"{r[-1]['rare'].server_p50:.1f} ms"), ""),
        _row(f"{largest:,} contacts seeded in bulk",
             *each(lambda r: f"{r[-1]['seed']:.1f} s"), "< 60 s"),
    ]


def main() -> None:
    with _database(None):
        sqlite = bench_scale.measure()
    why_not = _postgres_ready(PG_URL)
    postgres = None
    if why_not is None:
        with _database(PG_URL):
            postgres = bench_scale.measure()
    with _database(None):
        startup = bench_startup.measure()
        weight = bench_pageweight.measure()["runs"][0]["precache"]
    lines = ["### Issue 16's table", "",
             "| what | SQLite | PostgreSQL | goal |", "| --- | --- | --- | --- |",
             *_server_rows(sqlite, postgres),
             _row("first load of the capture screen, on the wire",
                  f"{statistics.median(startup['first_bytes']) / 1024:.0f} KB", "", "≤ 60 KB"),
             _row("service-worker precache on first visit, on the wire",
                  f"{(weight['wire'] or 0) / 1024:.0f} KB ({weight['bytes'] / 1024:.0f} KB "
                  f"stored)", "", "≤ 200 KB"),
             _row("Name usable, Slow 4G + 4x CPU, cold",
                  f"{statistics.median(startup['cold']):.0f} ms "
                  f"({min(startup['cold']):.0f}-{max(startup['cold']):.0f})", "", "≤ 1,500 ms"),
             _row("offline reopen to usable Name, 4x CPU",
                  f"{statistics.median(startup['offline']):.0f} ms "
                  f"({min(startup['offline']):.0f}-{max(startup['offline']):.0f})", "",
                  "≤ 500 ms")]
    if why_not:
        lines.append(f"\nPostgreSQL: {why_not}.")
    print("\n".join(lines) + "\n")
    print(f"Medians of {bench_startup.RUNS} browser runs (min-max). "
          f"Machine: {common.machine_note()}\n")
