"""Auto-fit: the largest size at which text fits an area, measured with the real fonts.

Text may break into lines at spaces and after hyphens. Every way of breaking it is tried (a
dynamic programme stands in when there are too many), and each is set as large as the area
allows; the largest wins, with fewer lines preferred when the sizes are nearly equal. The area
is a rectangle, optionally clipped to an ellipse (round, oval and CD labels): there each line
is checked against the ellipse's width at its own height. Only when nothing fits at the
smallest legible size is the text wrapped inside words and shortened with an ellipsis. Nothing
is ever clipped or allowed to overflow the area.

Names are fitted by their ink (`ink=True`): a line takes the height its letters really cover,
so "Li" fills the area rather than the font's empty ascender room, with a fixed gap between
lines. Secondary lines and the HTML view, where the browser sets the text in its own line
boxes, are fitted by the font's box.
"""

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from netpwa.nametags import fonts

ELLIPSIS = "…"
# Past this many break points, trying every way of breaking is too slow (2^n), so a dynamic
# programme finds, for each line count, the breaking with the narrowest widest line.
EXHAUSTIVE_BREAKS = 12
MAX_DP_LINES = 8
# Past this many pieces (a paragraph, not a name), a greedy wrap at each size tried stands in.
MAX_DP_PIECES = 40
# Clear space between one line's ink and the next's, in em.
LINE_GAP = 0.2
# A setting with fewer lines wins when it is at least this close to the largest size.
FEWER_LINES_TOLERANCE = 0.985
SIZE_STEP = 0.1  # points: sizes are rounded down to this
# A line may end after a hyphen (or U+2010) that joins two parts of a word.
_HYPHEN_BREAK = re.compile(r"(?<=[^\s\-\u2010][\-\u2010])(?=[^\-\u2010])")


@dataclass(frozen=True)
class Shape:
    """An ellipse text must stay inside, in its box's coordinates (mm): centre and radii.
    Its centre is on the box's vertical midline, where lines are centred."""

    cx: float
    cy: float
    rx: float
    ry: float


@dataclass(frozen=True)
class Fit:
    """Lines set at one size; each line's ascent and descent (mm) at that size."""

    lines: tuple[str, ...]
    size: float  # points
    ascents: tuple[float, ...]
    descents: tuple[float, ...]
    widths: tuple[float, ...]
    truncated: bool = False
    gap: float = 0.0  # mm between one line's box and the next
    top: float | None = None  # the block's top in its box when a shape decides it

    @property
    def height(self) -> float:
        return sum(self.ascents) + sum(self.descents) + self.gap * max(0, len(self.lines) - 1)

    @property
    def width(self) -> float:
        return max(self.widths, default=0.0)

    def baselines(self, top: float) -> list[float]:
        """Each line's baseline when the block's top edge is at `top`."""
        result, y = [], top
        for ascent, descent in zip(self.ascents, self.descents, strict=True):
            result.append(y + ascent)
            y += ascent + descent + self.gap
        return result


def pieces(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The text cut at every place a line may break, and what joins each piece to the next
    (a space, or nothing after a hyphen)."""
    parts: list[str] = []
    joins: list[str] = []
    for word in text.split():
        chunks = _HYPHEN_BREAK.split(word)
        if parts:
            joins.append(" ")
        parts.append(chunks[0])
        for chunk in chunks[1:]:
            joins.append("")
            parts.append(chunk)
    return tuple(parts), tuple(joins)


def join(parts: tuple[str, ...], joins: tuple[str, ...], start: int, end: int) -> str:
    """pieces[start:end] as one line."""
    out = parts[start]
    for index in range(start + 1, end):
        out += joins[index - 1] + parts[index]
    return out


def line_metrics(line: str, bold: bool, ink: bool) -> tuple[float, float, float]:
    """(width, ascent, descent) of a line at 1 pt, in mm."""
    measure = fonts.measure(line, bold)
    if ink:
        return measure.width, measure.ink_top, measure.ink_bottom
    return measure.width, measure.ascent, measure.descent


def _rows(metrics: list[tuple[float, float, float]], gap: float):
    """Per line at 1 pt: half its width, and its top and bottom measured from the block's top."""
    rows, y = [], 0.0
    for width, ascent, descent in metrics:
        rows.append((width / 2, y, y + ascent + descent))
        y += ascent + descent + gap
    return rows


def placement(rows, size: float, width: float, height: float,
              shape: Shape | None) -> tuple[float, float] | None:
    """The range of tops at which the block, at `size`, sits wholly inside the area, or None.

    Each line is a rectangle centred across the box; inside an ellipse a rectangle fits when
    its top and bottom edges lie within the ellipse's chord of its width. Every constraint is
    an interval of tops, so the answer is their intersection."""
    low, high = 0.0, height - rows[-1][2] * size
    for half, top, bottom in rows:
        if half * size > width / 2 + 1e-9:
            return None
        if shape is not None:
            ratio = half * size / shape.rx
            if ratio >= 1:
                return None
            reach = shape.ry * math.sqrt(1 - ratio * ratio)
            low = max(low, shape.cy - reach - top * size)
            high = min(high, shape.cy + reach - bottom * size)
    return (low, high) if low <= high + 1e-9 else None


def largest_size(metrics: list[tuple[float, float, float]], width: float, height: float,
                 shape: Shape | None = None, gap: float = LINE_GAP) -> float:
    """The largest size (points, unrounded) at which these lines fit the area, `gap` em
    apart."""
    widest = max(m[0] for m in metrics)
    tallest = sum(m[1] + m[2] for m in metrics) + gap * fonts.PT_TO_MM * (len(metrics) - 1)
    by_width = width / widest if widest > 0 else math.inf
    by_height = height / tallest if tallest > 0 else math.inf
    size = min(by_width, by_height)
    if shape is None or not math.isfinite(size):
        return size
    # Shrinking a block that fits a convex area keeps it inside, so fitting is monotone in
    # size and bisection finds the largest.
    rows = _rows(metrics, gap * fonts.PT_TO_MM)
    low, high = 0.0, size
    for _ in range(40):
        middle = (low + high) / 2
        if placement(rows, middle, width, height, shape) is None:
            high = middle
        else:
            low = middle
    return low


def _floor(size: float) -> float:
    return math.floor(size / SIZE_STEP + 1e-9) * SIZE_STEP


def _breakings(count: int, max_lines: int):
    """Every way of cutting `count` pieces into at most max_lines lines, as cut positions."""
    gaps = range(1, count)
    for lines in range(1, min(max_lines, count) + 1):
        yield from itertools.combinations(gaps, lines - 1)


def _narrowest(widths, count: int, lines: int) -> tuple[int, ...]:
    """The cut positions that set `count` pieces on `lines` lines with the narrowest widest
    line (widths[i][j]: pieces i..j-1 as one line)."""
    cost = [[math.inf] * (count + 1) for _ in range(lines + 1)]
    cut = [[0] * (count + 1) for _ in range(lines + 1)]
    cost[0][0] = 0.0
    for k in range(1, lines + 1):
        for j in range(k, count - (lines - k) + 1):
            for i in range(k - 1, j):
                value = max(cost[k - 1][i], widths(i, j))
                if value < cost[k][j]:
                    cost[k][j], cut[k][j] = value, i
    cuts, j = [], count
    for k in range(lines, 0, -1):
        j = cut[k][j]
        cuts.append(j)
    return tuple(sorted(cuts)[1:])


def candidates(text: str, max_lines: int, bold: bool = True):
    """Every breaking worth trying, as tuples of lines."""
    parts, joins = pieces(text)
    count = len(parts)
    if count > MAX_DP_PIECES:
        return
    if count - 1 <= EXHAUSTIVE_BREAKS:
        cut_sets = _breakings(count, max_lines)
    else:
        def width(i, j):
            return fonts.measure(join(parts, joins, i, j), bold).width
        cut_sets = [_narrowest(width, count, lines)
                    for lines in range(1, min(max_lines, count, MAX_DP_LINES) + 1)]
    for cuts in cut_sets:
        bounds = (0, *cuts, count)
        yield tuple(join(parts, joins, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1))


def _set(lines: tuple[str, ...], size: float, bold: bool, ink: bool, width: float,
         height: float, shape: Shape | None, truncated: bool = False) -> Fit:
    metrics = [line_metrics(line, bold, ink) for line in lines]
    gap = LINE_GAP * fonts.PT_TO_MM * size if ink else 0.0
    top = None
    if shape is not None and lines:
        rows = _rows(metrics, gap / size if size else 0.0)
        span = placement(rows, size, width, height, shape)
        if span is not None:
            top = (span[0] + span[1]) / 2
    return Fit(lines=lines, size=size, ascents=tuple(m[1] * size for m in metrics),
               descents=tuple(m[2] * size for m in metrics),
               widths=tuple(m[0] * size for m in metrics), truncated=truncated, gap=gap,
               top=top)


@lru_cache(maxsize=8192)
def _best(text: str, width: float, height: float, bold: bool, max_size: float,
          max_lines: int, ink: bool, shape: Shape | None) -> tuple[float, tuple[str, ...]]:
    scored = []
    top = 0.0
    gap = LINE_GAP if ink else 0.0
    many = len(pieces(text)[0]) > MAX_DP_PIECES
    for lines in (_greedy(text, width, height, bold, ink, max_lines) if many
                  else candidates(text, max_lines, bold)):
        metrics = [line_metrics(line, bold, ink) for line in lines]
        size = min(max_size, largest_size(metrics, width, height, gap=gap))
        if shape is not None:
            # The rectangle's size bounds the shape's: bisect only a breaking that can win.
            if size < top * FEWER_LINES_TOLERANCE:
                continue
            size = min(size, largest_size(metrics, width, height, shape, gap))
        top = max(top, size)
        scored.append((size, lines))
    # Candidates come in order of line count, so the first near the top has the fewest lines.
    size, lines = max((entry for entry in scored if entry[0] >= top * FEWER_LINES_TOLERANCE),
                      key=lambda entry: (-len(entry[1]), entry[0]))
    return _floor(size), lines


def _greedy(text: str, width: float, height: float, bold: bool, ink: bool, max_lines: int):
    """Long text: greedy wrapping at the largest size (bisected) where it fits, as candidates."""
    low, high = 0.0, largest_size([line_metrics(text, bold, ink)], width, height)
    found = (text,)
    for _ in range(16):
        middle = (low + high) / 2
        lines = _wrap_words(text, width / middle if middle else math.inf, bold)
        metrics = [line_metrics(line, bold, ink) for line in lines]
        gap = LINE_GAP if ink else 0.0
        if len(lines) <= max_lines and largest_size(metrics, width, height, gap=gap) >= middle:
            low, found = middle, tuple(lines)
        else:
            high = middle
    yield found


def _wrap_words(text: str, width: float, bold: bool) -> list[str]:
    """Greedy wrap at spaces (width in mm at 1 pt); a word wider than that gets its own line."""
    lines: list[str] = []
    for word in text.split():
        if lines and fonts.measure(f"{lines[-1]} {word}", bold).width <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks, so a hard break never strands an accent."""
    clusters: list[str] = []
    for char in text:
        if clusters and (unicodedata.combining(char) or char in "\u200c\u200d\ufe0f"):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _fits(text: str, width: float, size: float, bold: bool) -> bool:
    return fonts.measure(text, bold).width * size <= width


def _hard_break(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces_: list[str] = []
    current = ""
    for cluster in _clusters(word):
        if current and not _fits(current + cluster, width, size, bold):
            pieces_.append(current)
            current = cluster
        else:
            current += cluster
    if current:
        pieces_.append(current)
    return pieces_


def _wrap_at(text: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy wrap at one size, breaking inside words that are wider than the box."""
    lines: list[str] = []
    for word in text.split():
        pieces_ = [word] if _fits(word, width, size, bold) else _hard_break(word, width, size,
                                                                              bold)
        for piece in pieces_:
            candidate = f"{lines[-1]} {piece}" if lines else piece
            if lines and _fits(candidate, width, size, bold) and piece is pieces_[0]:
                lines[-1] = candidate
            else:
                lines.append(piece)
    return lines


def _ellipsize(line: str, width: float, size: float, bold: bool) -> str:
    clusters = _clusters(line)
    while clusters and not _fits("".join(clusters).rstrip() + ELLIPSIS, width, size, bold):
        clusters.pop()
    return "".join(clusters).rstrip() + ELLIPSIS


def _shortened(text: str, width: float, height: float, size: float, bold: bool, ink: bool,
               shape: Shape | None, max_lines: int) -> Fit:
    if shape is not None:
        # Keep to the largest rectangle inside the ellipse, centred on it.
        inner_w = min(width, shape.rx * math.sqrt(2))
        inner_h = min(height, shape.ry * math.sqrt(2))
        fit = _shortened(text, inner_w, inner_h, size, bold, ink, None, max_lines)
        top = max(0.0, min(height - fit.height, shape.cy - fit.height / 2))
        return Fit(fit.lines, fit.size, fit.ascents, fit.descents, fit.widths, fit.truncated,
                   fit.gap, top)
    lines = _wrap_at(text, width, size, bold)
    kept: list[str] = []
    for line in lines:
        if len(kept) >= max_lines or _set(tuple(kept + [line]), size, bold, ink, width, height,
                                          None).height > height:
            break
        kept.append(line)
    if len(kept) == len(lines):
        return _set(tuple(kept), size, bold, ink, width, height, None)
    if not kept:
        kept = [lines[0]]
    kept[-1] = _ellipsize(kept[-1], width, size, bold)
    return _set(tuple(kept), size, bold, ink, width, height, None, truncated=True)


def fit_text(text: str, width: float, height: float, *, bold: bool = True,
             max_size: float = 96.0, min_size: float = 7.0, max_lines: int | None = None,
             ink: bool = False, shape: Shape | None = None) -> Fit:
    """The largest size (in 0.1 pt steps) at which `text` fits `width` x `height` mm (and
    `shape`, when given). Below min_size the text wraps at min_size and ends with an ellipsis
    if it still doesn't fit."""
    text = " ".join(text.split())
    if not text or width <= 0 or height <= 0:
        return Fit(lines=(), size=min_size, ascents=(), descents=(), widths=())
    limit = max_lines or len(text)
    size, lines = _best(text, round(width, 4), round(height, 4), bold, max_size, limit, ink,
                        shape)
    if size >= min_size:
        return _set(lines, size, bold, ink, width, height, shape)
    return _shortened(text, width, height, min_size, bold, ink, shape, limit)
