"""Auto-fit: the largest font size at which text fits a box, measured with the real fonts.

A name first tries one line, then a break between given and family name; only when neither fits
at a readable size does it wrap further, and only past the smallest size is it shortened with an
ellipsis. Nothing is ever clipped or allowed to overflow the box.
"""

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from netpwa.nametags import fonts
from netpwa.nametags.names import split_name

ELLIPSIS = "…"
# Balanced wrapping tries every split: beyond this many words it would be slow, and unreadable.
MAX_BALANCED_WORDS = 24


@dataclass(frozen=True)
class Fit:
    """Lines set at one size; each line's ascent and descent (mm) at that size."""

    lines: tuple[str, ...]
    size: float  # points
    ascents: tuple[float, ...]
    descents: tuple[float, ...]
    widths: tuple[float, ...]
    truncated: bool = False

    @property
    def height(self) -> float:
        return sum(self.ascents) + sum(self.descents)

    @property
    def width(self) -> float:
        return max(self.widths, default=0.0)

    def baselines(self, top: float) -> list[float]:
        """Each line's baseline when the block's top edge is at `top`."""
        result, y = [], top
        for ascent, descent in zip(self.ascents, self.descents, strict=True):
            result.append(y + ascent)
            y += ascent + descent
        return result


def _set(lines: tuple[str, ...], size: float, bold: bool, truncated: bool = False) -> Fit:
    measures = [fonts.measure(line, bold) for line in lines]
    return Fit(lines=lines, size=size, ascents=tuple(m.ascent * size for m in measures),
               descents=tuple(m.descent * size for m in measures),
               widths=tuple(m.width * size for m in measures), truncated=truncated)


def _largest_size(lines: tuple[str, ...], width: float, height: float, bold: bool) -> float:
    """Text scales linearly with its size, so the largest size is one division per axis."""
    measures = [fonts.measure(line, bold) for line in lines]
    widest = max(m.width for m in measures)
    tallest = sum(m.ascent + m.descent for m in measures)
    by_width = width / widest if widest > 0 else math.inf
    by_height = height / tallest if tallest > 0 else math.inf
    return min(by_width, by_height)


def _floor(size: float, step: float = 0.5) -> float:
    return math.floor(size / step + 1e-9) * step


def _best(candidates, width, height, bold, max_size):
    best = None
    for lines in candidates:
        size = min(max_size, _floor(_largest_size(lines, width, height, bold)))
        # Fewer lines win a tie: candidates come in order of line count.
        if best is None or size > best[0]:
            best = (size, lines)
    return best


@lru_cache(maxsize=4096)
def _balanced(words: tuple[str, ...], count: int, bold: bool) -> tuple[str, ...]:
    """Words cut into `count` lines so that the widest line is as narrow as it can be."""
    n = len(words)

    def line_width(i, j):
        return fonts.measure(" ".join(words[i:j]), bold).width

    # cost[k][j]: the narrowest widest-line setting words[:j] on k lines.
    cost = [[math.inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(k, n - (count - k) + 1):
            for i in range(k - 1, j):
                value = max(cost[k - 1][i], line_width(i, j))
                if value < cost[k][j]:
                    cost[k][j], cut[k][j] = value, i
    lines, j = [], n
    for k in range(count, 0, -1):
        i = cut[k][j]
        lines.append(" ".join(words[i:j]))
        j = i
    return tuple(reversed(lines))


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks, so a hard break never strands an accent."""
    clusters: list[str] = []
    for char in text:
        if clusters and (unicodedata.combining(char) or char in "\u200c\u200d"):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _fits(text: str, width: float, size: float, bold: bool) -> bool:
    return fonts.measure(text, bold).width * size <= width


def _hard_break(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces, current = [], ""
    for cluster in _clusters(word):
        if current and not _fits(current + cluster, width, size, bold):
            pieces.append(current)
            current = cluster
        else:
            current += cluster
    if current:
        pieces.append(current)
    return pieces


def _wrap_at(text: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy wrap at one size, breaking inside words that are wider than the box."""
    lines: list[str] = []
    for word in text.split():
        pieces = [word] if _fits(word, width, size, bold) else _hard_break(word, width, size,
                                                                             bold)
        for piece in pieces:
            candidate = f"{lines[-1]} {piece}" if lines else piece
            if lines and _fits(candidate, width, size, bold) and piece is pieces[0]:
                lines[-1] = candidate
            else:
                lines.append(piece)
    return lines


def _ellipsize(line: str, width: float, size: float, bold: bool) -> str:
    clusters = _clusters(line)
    while clusters and not _fits("".join(clusters).rstrip() + ELLIPSIS, width, size, bold):
        clusters.pop()
    return "".join(clusters).rstrip() + ELLIPSIS


def _shortened(text: str, width: float, height: float, size: float, bold: bool) -> Fit:
    lines = _wrap_at(text, width, size, bold)
    kept: list[str] = []
    for line in lines:
        if _set(tuple(kept + [line]), size, bold).height > height:
            break
        kept.append(line)
    if len(kept) == len(lines):
        return _set(tuple(kept), size, bold)
    if not kept:
        kept = [lines[0]]
    kept[-1] = _ellipsize(kept[-1], width, size, bold)
    return _set(tuple(kept), size, bold, truncated=True)


def fit_text(text: str, width: float, height: float, *, bold: bool = True,
             max_size: float = 96.0, min_size: float = 7.0, name: bool = False,
             max_lines: int | None = None) -> Fit:
    """The largest size (in 0.5 pt steps) at which `text` fits `width` x `height` mm.

    With name=True, one line is tried, then given / family name on two lines, before any other
    wrapping; otherwise the words are wrapped into as many balanced lines as give the largest
    size. Below min_size the text wraps at min_size and ends with an ellipsis if it still
    doesn't fit.
    """
    text = " ".join(text.split())
    if not text or width <= 0 or height <= 0:
        return Fit(lines=(), size=min_size, ascents=(), descents=(), widths=())
    words = tuple(text.split(" "))
    candidates: list[tuple[str, ...]] = [(text,)]
    if name:
        given, family = split_name(text)
        if given and family and max_lines != 1:
            candidates.append((given, family))
        best = _best(candidates, width, height, bold, max_size)
        if best[0] >= min_size:
            return _set(best[1], best[0], bold)
    limit = max_lines or len(words)
    if len(words) <= MAX_BALANCED_WORDS:
        candidates += [_balanced(words, count, bold)
                       for count in range(2, min(limit, len(words)) + 1)]
    best = _best(candidates, width, height, bold, max_size)
    if best[0] >= min_size:
        return _set(best[1], best[0], bold)
    return _shortened(text, width, height, min_size, bold)
