"""QR codes, made one way everywhere: the `qrcode` package, error correction M, never a Micro
QR, the smallest version that fits, a quiet zone of 4 modules, black on white.

Text that isn't ASCII goes in byte mode as UTF-8, the encoding phone cameras assume; a QR
library left to itself may pick Kanji mode (Shift JIS) for Chinese or Cyrillic, which they
decode as the wrong characters. `qrcode` picks only numeric, alphanumeric or byte mode, and we
hand it the UTF-8 bytes in byte mode ourselves so the rule doesn't rest on that.

The SVG is written here from the module matrix: one stroked path of runs, a viewBox and no
fixed size (so it scales to its container), an optional <title> and no XML declaration, so it
can sit inside a page; qrcode's SVG factories give fixed millimetre sizes and no title.
"""

import base64
import io
from html import escape

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import MODE_8BIT_BYTE, QRData

QUIET_ZONE = 4


def _code(text: str, border: int, box_size: int = 1) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border, box_size=box_size)
    if text.isascii():
        code.add_data(text, optimize=0)
    else:
        code.add_data(QRData(text.encode("utf-8"), mode=MODE_8BIT_BYTE))
    code.make(fit=True)
    return code


def qr_modules(text: str) -> list[list[bool]]:
    """The symbol's dark (True) and light modules, row by row, without a quiet zone."""
    return [list(row) for row in _code(text, 0).get_matrix()]


def qr_svg(text: str, *, title: str | None = None, border: int = QUIET_ZONE) -> bytes:
    """An SVG that scales to its container (viewBox, no fixed size), 1 unit per module."""
    rows = _code(text, border).get_matrix()
    size = len(rows)
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}.5h{x - start}")
            x += 1
    heading = f"<title>{escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr">'
            f'{heading}<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(runs)}"/></svg>').encode()


def qr_data_uri(text: str, *, border: int = QUIET_ZONE) -> str:
    """The SVG as a data: URI, for an <img> (a print view's name tags)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text, border=border)).decode()


def qr_png(text: str, *, scale: int = 10) -> bytes:
    """A PNG, `scale` pixels per module."""
    image = _code(text, QUIET_ZONE, scale).make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
