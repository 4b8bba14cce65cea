"""Make the small WOFF2 fonts the /tags page previews with (static/fonts/tags/).

The PDF renderer embeds the vendored TrueType fonts; a browser showing the preview needs only
the scripts a tag shows, compressed: Noto Sans cut to Latin, Latin Extended, Greek and Cyrillic
(about 0.5 MB each as TTF), Arabic and Hebrew to their blocks. CJK and emoji stay TrueType,
loaded only when a tag on the page has such a character (unicode-range). Needs fontTools and
brotli: `.venv/bin/pip install brotli && .venv/bin/python scripts/subset_web_fonts.py`.
"""

from pathlib import Path

from fontTools import subset

STATIC = Path(__file__).resolve().parents[1] / "static"
CORE = STATIC / "vendor" / "fonts-noto-core-20201225"
OUT = STATIC / "fonts" / "tags"
LATIN = ("U+0000-024F,U+0259,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0300-036F,U+0370-03FF,"
         "U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212")
FONTS = {
    "NotoSans-Regular": LATIN, "NotoSans-Bold": LATIN,
    "NotoSansArabic-Regular": "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF",
    "NotoSansArabic-Bold": "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF",
    "NotoSansHebrew-Regular": "U+0590-05FF,U+FB1D-FB4F",
    "NotoSansHebrew-Bold": "U+0590-05FF,U+FB1D-FB4F",
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, ranges in FONTS.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]  # Arabic joining and kerning
        options.hinting = False
        font = subset.load_font(str(CORE / f"{name}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(ranges))
        subsetter.subset(font)
        subset.save_font(font, str(OUT / f"{name}.woff2"), options)
        print(name, (OUT / f"{name}.woff2").stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
