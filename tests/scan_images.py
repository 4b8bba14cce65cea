"""Photos for the scan tests and the bench: QR codes in big frames, bombs, junk."""

import io
import struct
import zlib

from PIL import Image

from netpwa.formats.qr import qr_png


def photo_with_qr(text: str, size=(4000, 3000), module_px: int = 12, fmt: str = "JPEG") -> bytes:
    """A photo-sized light-grey frame with the QR somewhere off-centre."""
    frame = Image.new("L", size, 210)
    code = Image.open(io.BytesIO(qr_png(text, scale=module_px))).convert("L")
    frame.paste(code, (size[0] // 3, size[1] // 4))
    out = io.BytesIO()
    frame.save(out, fmt, quality=88) if fmt == "JPEG" else frame.save(out, fmt)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + (width + 7) // 8) * 8, 9)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)
            + _chunk(b"IEND", b""))
