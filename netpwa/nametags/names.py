"""Given and family names, for breaking a name onto two lines and sorting a batch by family name."""

import unicodedata

# Lower-case words that belong with the family name that follows them ("Ludwig van Beethoven").
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das",
                       "du", "la", "le", "ter", "ten", "zu", "bin", "ibn", "al", "el", "y"})
# Words after the family name that stay with it ("Martin Luther King Jr.").
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md"})


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xAC00 <= code <= 0xD7A3
            or 0x3040 <= code <= 0x30FF)


def split_name(name: str) -> tuple[str, str]:
    """(given, family): "Núñez, José" and "José Núñez" both give ("José", "Núñez"); a Chinese,
    Japanese or Korean name written without spaces puts the family name first."""
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    words = name.split(" ")
    if len(words) == 1:
        if len(name) >= 2 and all(_is_cjk(char) for char in name):
            return name[1:], name[0]
        return "", name
    start = len(words) - 1
    while start > 1 and words[start].casefold().rstrip(",") in SUFFIXES:
        start -= 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def family_sort_key(name: str) -> tuple[str, str, str]:
    """Sort by family name, then given name, ignoring case, accents and particles ("van")."""
    given, family = split_name(name)
    core = " ".join(word for word in family.split(" ") if word not in PARTICLES) or family
    return _fold(core), _fold(given), name


def written_family_first(name: str) -> bool:
    """A Chinese, Japanese or Korean name written in its script: family name first, no space
    (so "山田" + "太郎" joins as "山田太郎")."""
    name = "".join(name.split())
    return bool(name) and all(_is_cjk(char) for char in name)
