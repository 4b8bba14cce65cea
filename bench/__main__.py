"""Run the benchmarks: `python -m bench` runs them all, `python -m bench foundation cards` some.

The contract for a benchmark is one module `bench/bench_<name>.py` with a `main()` that takes
no arguments, starts what it needs (see bench/common.py: `serve`, `seed_*`, `Client`,
`measure`, `report`), prints its figures as Markdown and returns. An exception fails the run
(exit status 1) after the other benchmarks have had their turn. A name on the command line
selects `bench/bench_<name>.py` (`foundation`, `sync`, `cards`, `nametags`, `load`, `scale`, ...); a
word that is only part of a name selects every module whose name contains it.

Set BENCH_DATABASE_URL to a PostgreSQL database of your own to benchmark PostgreSQL (the
benchmarks drop and recreate netpwa's tables in it); without it each run gets a fresh SQLite file.
"""

import importlib
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def available() -> list[str]:
    """Benchmark names, from the bench_<name>.py files next to this one."""
    return sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))


def select(requested: list[str]) -> list[str]:
    """The names to run: all of them, or those matching the arguments."""
    names = available()
    if not requested:
        return names
    chosen = []
    for wanted in requested:
        wanted = wanted.removeprefix("bench_").removesuffix(".py")
        matches = [wanted] if wanted in names else [n for n in names if wanted in n]
        if not matches:
            sys.exit(f"bench: no benchmark called {wanted!r}; there are: {', '.join(names)}")
        chosen.extend(name for name in matches if name not in chosen)
    return chosen


def main(argv: list[str]) -> int:
    failed = []
    for name in select(argv):
        print(f"## bench_{name}\n", flush=True)
        started = time.perf_counter()
        try:
            importlib.import_module(f"bench.bench_{name}").main()
        except Exception:  # noqa: BLE001 (one broken benchmark must not hide the others)
            traceback.print_exc()
            failed.append(name)
        print(f"(bench_{name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
