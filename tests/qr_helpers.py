"""Reading our QR codes back in tests: zxing-cpp on PNGs, and on SVGs rasterised here."""

import io
import re

import zxingcpp
from PIL import Image, ImageDraw


# Only QR codes: with every format on, zxing-cpp now and then reads a bit of a dense QR code as
# a short 1D barcode too (a stray "C7+A" beside the vCard, seen in CI).
QR = zxingcpp.BarcodeFormat.QRCode


def decode_png(data: bytes) -> list[str]:
    """The text of every QR code zxing-cpp finds in a PNG (or any image Pillow opens)."""
    with Image.open(io.BytesIO(data)) as image:
        return [result.text for result in zxingcpp.read_barcodes(image.convert("L"), formats=QR)]


def svg_to_image(svg: bytes, scale: int = 8) -> Image.Image:
    """Rasterise a segno SVG: one stroked path of "M x y h n m dx dy" runs, 1 unit per module."""
    text = svg.decode()
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text).groups())
    path = re.search(r'<path[^>]*stroke="#000"[^>]*d="([^"]+)"', text).group(1)
    image = Image.new("L", (int(width * scale), int(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHhVv])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        elif command in "hH":
            end = x + float(a) if command == "h" else float(a)
            top = (y - 0.5) * scale
            draw.rectangle([x * scale, top, end * scale - 1, top + scale - 1], fill=0)
            x = end
    return image


def decode_svg(svg: bytes) -> list[str]:
    """The text of every QR code in a segno SVG."""
    return [result.text for result in zxingcpp.read_barcodes(svg_to_image(svg), formats=QR)]
