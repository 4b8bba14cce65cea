"""Draw the app icons with Pillow into static/icons/ (run again after changing the design).

    .venv/bin/python scripts/make_icons.py

Two people meeting, white on the app's accent blue. "any" icons have rounded corners;
maskable ones fill the square and keep the drawing inside the central 80 % safe zone, which is
what Android crops to; the apple-touch-icon is opaque because iOS paints transparency black.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
ACCENT = (37, 70, 216, 255)
WHITE = (255, 255, 255, 255)
SOFT = (190, 204, 255, 255)
SUPERSAMPLE = 1024


def _person(draw: ImageDraw.ImageDraw, cx: float, cy: float, size: float, fill) -> None:
    """A head and shoulders centred on (cx, cy), size = the figure's height."""
    head = size * 0.2
    draw.ellipse((cx - head, cy - size * 0.5, cx + head, cy - size * 0.5 + 2 * head), fill=fill)
    body_top = cy - size * 0.5 + 2 * head + size * 0.06
    draw.pieslice((cx - size * 0.36, body_top, cx + size * 0.36, body_top + size * 0.7),
                  180, 360, fill=fill)


def _people(draw: ImageDraw.ImageDraw, centre: float, scale: float) -> None:
    """Two figures side by side, the nearer one overlapping: people meeting."""
    size = SUPERSAMPLE * 0.5 * scale
    _person(draw, centre - size * 0.28, centre + size * 0.02, size * 0.9, SOFT)
    outline = size * 0.06
    _person(draw, centre + size * 0.24, centre + size * 0.08, size + outline, ACCENT)
    _person(draw, centre + size * 0.24, centre + size * 0.1, size, WHITE)


def draw_icon(*, maskable: bool, rounded: bool) -> Image.Image:
    """One icon at the supersampled size."""
    image = Image.new("RGBA", (SUPERSAMPLE, SUPERSAMPLE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, SUPERSAMPLE - 1, SUPERSAMPLE - 1),
                               radius=SUPERSAMPLE * 0.22, fill=ACCENT)
    else:
        draw.rectangle((0, 0, SUPERSAMPLE, SUPERSAMPLE), fill=ACCENT)
    # The maskable safe zone is a circle of 40 % radius: shrink the drawing to fit it.
    _people(draw, SUPERSAMPLE / 2, 0.8 if maskable else 1.0)
    return image


def draw_shortcut(kind: str) -> Image.Image:
    """Shortcut icons: a person with a plus (Capture) and a QR-like square (My QR)."""
    image = Image.new("RGBA", (SUPERSAMPLE, SUPERSAMPLE), ACCENT)
    draw = ImageDraw.Draw(image)
    unit = SUPERSAMPLE / 12
    if kind == "capture":
        _person(draw, unit * 5, unit * 6.4, unit * 6.5, WHITE)
        draw.rectangle((unit * 8.2, unit * 2.2, unit * 9.2, unit * 6.2), fill=WHITE)
        draw.rectangle((unit * 6.7, unit * 3.7, unit * 10.7, unit * 4.7), fill=WHITE)
    else:
        for x, y in ((2, 2), (7, 2), (2, 7)):
            draw.rectangle((unit * x, unit * y, unit * (x + 3), unit * (y + 3)), fill=WHITE)
            draw.rectangle((unit * (x + 0.7), unit * (y + 0.7), unit * (x + 2.3), unit * (y + 2.3)),
                           fill=ACCENT)
            draw.rectangle((unit * (x + 1.2), unit * (y + 1.2), unit * (x + 1.8), unit * (y + 1.8)),
                           fill=WHITE)
        for x, y in ((7, 7), (9, 7), (8, 8), (7, 9), (9, 9)):
            draw.rectangle((unit * x, unit * y, unit * (x + 1), unit * (y + 1)), fill=WHITE)
    return image


def save(image: Image.Image, name: str, size: int, *, opaque: bool = False) -> None:
    resized = image.resize((size, size), Image.Resampling.LANCZOS)
    if opaque:
        resized = resized.convert("RGB")
    resized.save(ICONS / name, optimize=True)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    regular = draw_icon(maskable=False, rounded=True)
    maskable = draw_icon(maskable=True, rounded=False)
    for size in (192, 512):
        save(regular, f"icon-{size}.png", size)
        save(maskable, f"maskable-{size}.png", size, opaque=True)
    save(regular, "favicon-32.png", 32)
    save(draw_icon(maskable=False, rounded=False), "apple-touch-icon.png", 180, opaque=True)
    save(draw_shortcut("capture"), "shortcut-capture-96.png", 96, opaque=True)
    save(draw_shortcut("qr"), "shortcut-qr-96.png", 96, opaque=True)
    print(f"icons written to {ICONS}")


if __name__ == "__main__":
    main()
