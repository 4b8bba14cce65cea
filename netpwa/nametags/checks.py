"""What a person should hear about before printing: characters no font can draw, names that
would print blank, names too long for the label at a legible size. Request-free; the preview
pages show these messages, and blank names are left out of every PDF and sheet."""

from collections.abc import Iterable, Iterator

from netpwa.nametags import fonts
from netpwa.nametags.attendees import describe_characters
from netpwa.nametags.layout import NAME, TagData, TagLayout


def printable_tags(tags: Iterable[tuple[str, TagData]]) -> Iterator[tuple[str, TagData]]:
    """The tags, less those whose name would print blank."""
    for kind, data in tags:
        if fonts.prints_something(fonts.printable(data.name)):
            yield kind, data


def _who(data: TagData) -> str:
    """The person a message is about: their row in the uploaded list, when there is one."""
    name = f"“{data.name[:40]}”"
    return f"Row {data.row} ({name})" if data.row else name


def notes(tags: Iterable[tuple[str, TagData]], layouts: list[TagLayout]) -> list[str]:
    """A message per tag that needs one, naming the person (the row) and the character."""
    messages: list[str] = []
    seen: set[str] = set()
    for kind, data in tags:
        if kind != NAME or data.name in seen:
            continue
        seen.add(data.name)
        who = _who(data)
        missing = fonts.undrawable(data.name)
        if not fonts.prints_something(fonts.printable(data.name)):
            detail = f" ({describe_characters(missing)})" if missing else ""
            messages.append(f"{who}: nothing in this name can be printed{detail}; left out.")
        elif missing:
            messages.append(f"{who}: {describe_characters(missing)} can't be printed with the "
                            "tag fonts; left out of the tag.")
    for tag in layouts:
        block = tag.block(NAME)
        if block is not None and block.fit.truncated:
            messages.append(
                f"{_who(tag.data)}: too long for this label at a legible size "
                f"({block.fit.size:g} pt); it prints shortened as "
                f"“{' '.join(block.fit.lines)}”. A larger label stock prints it whole.")
    return messages

