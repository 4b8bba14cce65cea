"""Name tags for a 1,000-attendee event: render time and peak memory, in process and over HTTP.

Run: `.venv/bin/python -m bench nametags`.
"""

import json
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date

from bench import common

SIZES = (100, 1000, 3000)
STOCKS = ("avery-5395", "dymo-30374")
RUNS = 5


def _people(count: int):
    from netpwa.nametags.layout import TagData
    rng = random.Random(7)
    names = [*common.FIRST, "José", "Ελένη", "Дмитрий", "王", "محمد", "שרה"]
    families = [*common.LAST, "Ñúñez", "Παπαδοπούλου", "Петров", "小明", "علي", "לוי"]
    for _ in range(count):
        yield TagData(name=f"{rng.choice(names)} {rng.choice(families)}",
                      pronouns=rng.choice(("", "she/her", "he/him", "they/them")),
                      company=rng.choice(common.COMPANIES))


def _render(stock, count: int) -> bytes:
    from netpwa.nametags.layout import name_tag
    from netpwa.nametags.pdf import render_tags
    # A generator all the way: one tag's layout exists at a time, pages go straight to fpdf2.
    return render_tags((name_tag(person, stock) for person in _people(count)), stock)


def in_process() -> str:
    """Median wall time over RUNS renders, and tracemalloc's peak in a separate run."""
    from netpwa.nametags.stock import catalogue
    lines = ["### Rendering in process (request-free `nametags.pdf`)", "",
             "| stock | attendees | pages | median s | ms per tag | peak MB (tracemalloc) "
             "| PDF KB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key in STOCKS:
        stock = catalogue()[key]
        _render(stock, 20)  # fonts and caches warm, as in a running server
        for count in SIZES:
            times = []
            for _ in range(RUNS if count <= 1000 else 2):
                started = time.perf_counter()
                pdf = _render(stock, count)
                times.append(time.perf_counter() - started)
            tracemalloc.start()
            _render(stock, count)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            median = statistics.median(times)
            pages = -(-count // stock.per_sheet)
            lines.append(f"| {stock.name} | {count:,} | {pages:,} | {median:.2f} | "
                         f"{median / count * 1000:.2f} | {peak / 1e6:.1f} | "
                         f"{len(pdf) / 1024:.0f} |")
    text = "\n".join(lines) + "\n"
    print(text, flush=True)
    return text


def _latin_people(count: int, cjk: bool):
    from netpwa.nametags.layout import TagData
    rng = random.Random(11)
    for index in range(count):
        name = f"{rng.choice(common.FIRST)} {rng.choice(common.LAST)}"
        if cjk and index == count // 2:
            name = "王小明"
        yield TagData(name=name, pronouns=rng.choice(("", "she/her", "they/them")),
                      company=rng.choice(common.COMPANIES))


def font_cost_child() -> None:
    """In a fresh process (so its peak RSS is this work's): a warm-up PDF with a CJK name, as a
    running server will have rendered, then 1,000 Latin-only tags and 1,000 tags with one CJK
    name, alternating, RUNS times each. Prints JSON."""
    from netpwa.nametags.layout import name_tag
    from netpwa.nametags.pdf import render_tags
    from netpwa.nametags.stock import catalogue
    stock = catalogue()["avery-5395"]
    imports_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    render_tags((name_tag(person, stock) for person in _latin_people(20, True)), stock)
    times = {"latin": [], "cjk": []}
    for _ in range(RUNS):
        for kind in times:
            started = time.perf_counter()
            render_tags((name_tag(person, stock) for person in _latin_people(1000, kind == "cjk")),
                        stock)
            times[kind].append(time.perf_counter() - started)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"latin": statistics.median(times["latin"]),
                      "cjk": statistics.median(times["cjk"]), "peak_mb": peak_kb / 1024,
                      "imports_mb": imports_kb / 1024}))


def font_cost() -> str:
    """The CJK font's cost per PDF once the fonts are shared: same run, same process."""
    done = subprocess.run(
        [sys.executable, "-c", "from bench.bench_nametags import font_cost_child; "
         "font_cost_child()"], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    text = "\n".join([
        "### Font cost: 1,000 tags (Avery 5395), Latin-only vs one CJK name, warm process", "",
        "| PDF | median s | ratio to Latin-only | peak RSS MB (whole run) |",
        "| --- | ---: | ---: | ---: |",
        f"| 1,000 Latin names | {result['latin']:.2f} | 1.00 | {result['peak_mb']:.0f} |",
        f"| 999 Latin names + 王小明 | {result['cjk']:.2f} | "
        f"{result['cjk'] / result['latin']:.2f} | {result['peak_mb']:.0f} |", "",
        f"Of the peak, {result['imports_mb']:.0f} MB was the process after its imports, before "
        "any PDF (the app's packages, fpdf2, fontTools, HarfBuzz)."]) + "\n"
    print(text, flush=True)
    return text


def over_http() -> None:
    """GET /tags/events/<id>.pdf for a 1,000-contact event through gunicorn."""
    from netpwa.events.models import Event
    from netpwa.extensions import db
    with common.serve() as server:
        user_id = common.seed_user(server.app)
        with server.app.app_context():
            event = Event(owner_id=user_id, name="Bench Conf", held_on=date.today())
            db.session.add(event)
            db.session.commit()
            event_id = event.id
        common.seed_contacts(server.app, user_id, 1000, event_id=event_id)
        client = common.Client(server.url)
        client.login()
        hello = common.measure("hello", lambda c: c.get("/bench/hello"), client, count=50,
                               concurrent=False)
        results = [hello]
        urls = [(f"event PDF, 1,000 tags, {key}", f"/tags/events/{event_id}.pdf?stock={key}")
                for key in STOCKS]
        urls.append(("event print view (HTML), 1,000 tags",
                     f"/tags/events/{event_id}/print?stock=avery-5395"))
        for label, url in urls:
            latencies, server_ms = common.time_requests(lambda c, url=url: c.get(url), client,
                                                        count=RUNS, warmup=1)
            results.append(common.Result(label, latencies, server_ms, None))
        common.report("A 1,000-attendee event over HTTP", results, baseline=hello)


def main() -> None:
    print(common.machine_note() + "\n", flush=True)
    font_cost()
    in_process()
    over_http()


if __name__ == "__main__":
    main()
