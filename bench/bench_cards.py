"""QR cards and scanning: render a card's QR (SVG, PNG) and decode an uploaded 12 MP photo.

    .venv/bin/python -m bench cards

First the request-free functions on their own (netpwa.cards.qr, netpwa.scan.decode), then the
same work through gunicorn: GET /c/<slug>/qr.svg and .png (both payloads), and a logged-in
POST /scan/photo of a 4000 x 3000 JPEG made here with a card QR in it. Prints medians.
"""

import io
import statistics
import time

from PIL import Image

from bench import common

QR_ROUNDS = 200
DECODE_ROUNDS = 15
UPLOAD_ROUNDS = 10
CARD_URL = "https://netpwa.example/c/AbCdEfGhIjKlMnOpQrStUv"


def twelve_megapixel_photo(text: str) -> bytes:
    """A 4000 x 3000 JPEG, light and slightly textured like a real photo, the QR in a corner."""
    from netpwa.cards.qr import qr_png
    frame = Image.effect_noise((4000, 3000), 24).point(lambda v: 150 + v // 3)
    code = Image.open(io.BytesIO(qr_png(text, scale=14))).convert("L")
    frame.paste(code, (2400, 600))
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=90)
    return out.getvalue()


def median_ms(work, rounds: int) -> float:
    work()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def functions(photo: bytes, vcard: str) -> list[tuple[str, float]]:
    from netpwa.cards.qr import qr_png, qr_svg
    from netpwa.scan.decode import decode_photo
    assert decode_photo(photo) == CARD_URL
    return [
        ("qr_svg(card URL)", median_ms(lambda: qr_svg(CARD_URL), QR_ROUNDS)),
        ("qr_png(card URL)", median_ms(lambda: qr_png(CARD_URL), QR_ROUNDS)),
        ("qr_svg(offline vCard)", median_ms(lambda: qr_svg(vcard), QR_ROUNDS)),
        ("qr_png(offline vCard)", median_ms(lambda: qr_png(vcard), QR_ROUNDS)),
        ("decode_photo(12 MP JPEG)", median_ms(lambda: decode_photo(photo), DECODE_ROUNDS)),
    ]


def seed_card(app, owner_id: int) -> str:
    from netpwa.cards.models import CardProfile
    from netpwa.extensions import db
    with app.app_context():
        card = CardProfile(owner_id=owner_id, name="Zoë Ñúñez", headline="Data lead",
                           company="Acme", website="https://zoe.example",
                           linkedin="https://linkedin.com/in/zoe-nunez",
                           ask_me_about="sourdough", pitch="I help teams ship data. " * 4)
        db.session.add(card)
        db.session.commit()
        return card.slug


def upload_ms(client: common.Client, photo: bytes, rounds: int) -> float:
    """Median time of a multipart POST /scan/photo (the decode, the parse and the page)."""
    boundary = "netpwa-bench-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; "
            f"filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").encode() + photo \
        + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}",
               "X-CSRFToken": client.csrf_token, "Accept": "text/html",
               "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}
    times = []
    client = client.clone()
    for index in range(rounds + 1):
        started = time.perf_counter()
        response = client._send("POST", "/scan/photo", body, headers)
        page = response.read()
        if response.will_close:
            client.close()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200 or b"Add this person" not in page:
            raise RuntimeError(f"/scan/photo answered {response.status}")
        if index:
            times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    from netpwa.contacts.vcard import VCardEntry, write_vcard
    vcard = write_vcard(VCardEntry(name="Zoë Ñúñez", title="Data lead", org="Acme",
                                   note="Ask me about: sourdough"))
    photo = twelve_megapixel_photo(CARD_URL)
    lines = ["### Cards: QR rendering and photo decoding (in process)", "",
             f"12 MP JPEG: {len(photo) / 1e6:.1f} MB.", "", "| work | median ms |",
             "| --- | ---: |"]
    lines += [f"| {label} | {ms:.2f} |" for label, ms in functions(photo, vcard)]
    print("\n".join(lines) + "\n", flush=True)

    with common.serve() as server:
        user_id = common.seed_user(server.app)
        slug = seed_card(server.app, user_id)
        client = common.Client(server.url)
        client.login()
        hello = common.measure("hello", lambda c: c.get("/bench/hello"), client)
        results = [hello]
        for kind in ("svg", "png"):
            for payload in ("url", "vcard"):
                path = f"/c/{slug}/qr.{kind}?payload={payload}"
                results.append(common.measure(f"GET qr.{kind} ({payload})",
                                              lambda c, p=path: c.get(p), client, count=200))
        common.report("Cards: QR images over HTTP", results, baseline=hello)
        print(f"POST /scan/photo (the 12 MP JPEG, decoded, its payload shown as a form): "
              f"median {upload_ms(client, photo, UPLOAD_ROUNDS):.1f} ms\n", flush=True)


if __name__ == "__main__":
    main()
