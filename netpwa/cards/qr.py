"""QR codes as SVG or PNG bytes: error correction M, a quiet zone of 4 modules."""

import io

import segno

QUIET_ZONE = 4


def make_qr(data: str) -> segno.QRCode:
    """A QR symbol for the text, never a Micro QR, at error level M exactly.

    Non-ASCII text goes in byte mode as UTF-8: left to itself segno puts Cyrillic or Chinese
    into Kanji mode (Shift JIS), which many phone cameras decode as the wrong characters.
    """
    options = {} if data.isascii() else {"encoding": "utf-8"}
    return segno.make(data, error="m", boost_error=False, micro=False, **options)


def qr_svg(data: str, *, title: str | None = None, scale: int = 1) -> bytes:
    """An SVG that scales to its container (viewBox, no fixed size), black on white."""
    buffer = io.BytesIO()
    make_qr(data).save(buffer, kind="svg", scale=scale, border=QUIET_ZONE, dark="#000",
                       light="#fff", xmldecl=False, omitsize=True, title=title,
                       svgclass="qr", lineclass=None, nl=False)
    return buffer.getvalue()


def qr_png(data: str, *, scale: int = 10) -> bytes:
    """A PNG, `scale` pixels per module, black on white."""
    buffer = io.BytesIO()
    make_qr(data).save(buffer, kind="png", scale=scale, border=QUIET_ZONE, dark="#000",
                       light="#fff")
    return buffer.getvalue()
