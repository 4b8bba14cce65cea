"""`make run`: serve with gunicorn and print the addresses a phone on the same network can open."""

import argparse
import socket
import sys

from gunicorn.app.base import BaseApplication

from netpwa.pwa.selfsigned import ensure_certificate


def lan_address() -> str | None:
    """The address other devices on this network reach us at (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing lookup only
            return probe.getsockname()[0]
        except OSError:
            return None


class Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from wsgi import app
        return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--https", action="store_true",
                        help="serve with a self-signed certificate (service workers and the "
                             "camera need HTTPS outside localhost)")
    args = parser.parse_args(argv)
    options = {"bind": f"{args.host}:{args.port}", "workers": 2, "threads": 4,
               "accesslog": "-"}
    scheme = "http"
    lan = lan_address()
    if args.https:
        options["certfile"], options["keyfile"] = ensure_certificate(lan=lan)
        scheme = "https"
    print(f"netpwa on {scheme}://{args.host}:{args.port}", file=sys.stderr)
    if lan and args.host in ("0.0.0.0", lan):
        print(f"  from a phone on this network: {scheme}://{lan}:{args.port}", file=sys.stderr)
    elif lan:
        print(f"  for phones on this network: make run HOST=0.0.0.0{' HTTPS=1' if not args.https else ''}"
              f" then open {scheme if args.https else 'https'}://{lan}:{args.port}", file=sys.stderr)
    Server(options).run()


if __name__ == "__main__":
    main()
