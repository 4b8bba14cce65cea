"""Contact photos: any picture in, a small JPEG out (Pillow), stored one per contact.

Downscaling is slow work (tens of milliseconds for a phone photo), so callers do it before their
write transaction (`downscale`), and store the result with `set_photo` inside it.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from netpwa.contacts.models import ContactPhoto
from netpwa.extensions import db

# Big enough for a sharp face on a retina phone's contact page, small enough (about 30-60 KB)
# that thousands of contacts with photos stay a small database and a quick backup.
MAX_SIDE = 512
QUALITY = 85
# A picture claiming more pixels than this is refused before it is decoded (a decompression
# bomb would take gigabytes); a 50-megapixel phone photo is well inside.
MAX_PIXELS = 80_000_000


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    width: int
    height: int


def downscale(data: bytes | None) -> Photo | None:
    """The picture as a JPEG of at most MAX_SIDE pixels a side, upright (EXIF rotation applied),
    or None when it isn't a picture Pillow can read."""
    if not data:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                return None
            if (image.format == "JPEG" and max(image.size) <= MAX_SIDE
                    and image.mode in ("RGB", "L") and image.getexif().get(0x0112, 1) == 1):
                # Already a small upright JPEG (our own export, say): kept byte for byte, so a
                # round trip loses nothing to re-encoding.
                image.load()
                return Photo(data, image.width, image.height)
            # A JPEG can decode at 1/2, 1/4 or 1/8 size directly: much faster for big photos.
            image.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, "white")
                background.paste(image, mask=image.getchannel("A"))
                image = background
            elif image.mode != "RGB":
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=QUALITY, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    return Photo(out.getvalue(), image.width, image.height)


def photo_of(owner_id: int, contact_id: int) -> ContactPhoto | None:
    return db.session.scalar(select(ContactPhoto).where(
        ContactPhoto.owner_id == owner_id, ContactPhoto.contact_id == contact_id))


def set_photo(owner_id: int, contact_id: int, photo: Photo) -> ContactPhoto:
    """Store (or replace) a contact's photo. No commit. The contact must be the owner's."""
    row = photo_of(owner_id, contact_id)
    if row is None:
        row = ContactPhoto(owner_id=owner_id, contact_id=contact_id)
        db.session.add(row)
    row.jpeg, row.width, row.height = photo.jpeg, photo.width, photo.height
    return row


def contact_ids_with_photos(owner_id: int, contact_ids) -> set[int]:
    """Which of these contacts have a photo (for the list: one query, no bytes read)."""
    ids = list(contact_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(ContactPhoto.contact_id).where(
        ContactPhoto.owner_id == owner_id, ContactPhoto.contact_id.in_(ids))))
