"""The production app plus what only the benchmarks need: `gunicorn bench.wsgi_bench:app`.

- `GET /bench/hello`: a bare Flask view on the same app and server, the yardstick for ratios.
- A `Server-Timing: app;dur=<ms>, cpu;dur=<ms>` header on every response: the wall time spent
  inside the Flask app (session, CSRF, login, the view, its queries, the template), without
  gunicorn's HTTP parsing or the network, and the CPU time the request's thread used in it
  (which other work on a busy machine inflates far less than the wall time).
  The production app has neither.
"""

import time

from netpwa import create_app


class ServerTiming:
    """WSGI middleware: adds how long the wrapped app took before it started the response."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        cpu_started = time.thread_time()

        def timed_start_response(status, headers, exc_info=None):
            # Flask builds the whole body before it calls start_response.
            elapsed_ms = (time.perf_counter() - started) * 1000
            cpu_ms = (time.thread_time() - cpu_started) * 1000
            headers.append(("Server-Timing", f"app;dur={elapsed_ms:.3f}, cpu;dur={cpu_ms:.3f}"))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, timed_start_response)


def create_bench_app():
    """create_app() with the hello route and the timing header."""
    app = create_app()

    @app.get("/bench/hello")
    def hello():
        """The smallest Flask response this server can give."""
        return "hello"

    app.wsgi_app = ServerTiming(app.wsgi_app)
    return app


app = create_bench_app()
