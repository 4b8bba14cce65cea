"""Reading a QR from an uploaded photo (scan/decode.py): big photos work, bad files get a
clear message and never crash the server."""

import io
import os

import pytest
import segno
from PIL import Image
from scan_images import photo_with_qr, png_claiming

from netpwa.formats.qr import qr_png
from netpwa.scan.decode import MAX_UPLOAD_BYTES, DecodeError, decode_photo

CARD_URL = "https://netpwa.example/c/AbCdEfGhIjKlMnOpQrStUv"


def test_a_plain_qr_png_decodes():
    """The simplest case: our own PNG."""
    assert decode_photo(qr_png("Zoë Ñúñez")) == "Zoë Ñúñez"


def test_a_12_megapixel_photo_decodes():
    """A phone photo (4000 x 3000 JPEG) with the code in a corner of the frame."""
    assert decode_photo(photo_with_qr(CARD_URL)) == CARD_URL


def test_a_small_code_in_a_big_photo_still_decodes():
    """Shrinking first must not lose a code that is small in the frame (4 px modules)."""
    assert decode_photo(photo_with_qr(CARD_URL, module_px=4)) == CARD_URL


def test_a_40_megapixel_photo_is_shrunk_and_decoded():
    """7300 x 5480 pixels: under the pixel limit, shrunk before decoding, read fine."""
    data = photo_with_qr(CARD_URL, size=(7300, 5480), module_px=24)
    assert len(data) < MAX_UPLOAD_BYTES
    assert decode_photo(data) == CARD_URL


@pytest.mark.parametrize("width, height", [(30_000, 30_000), (9_000, 9_000)])
def test_a_decompression_bomb_is_refused_before_decoding(width, height):
    """A few hundred bytes claiming 900 (or 81) megapixels: refused by its header."""
    data = png_claiming(width, height)
    assert len(data) < 10_000
    with pytest.raises(DecodeError, match="too many pixels"):
        decode_photo(data)


def test_an_image_over_10_mb_is_refused_by_size():
    """Over 10 MB is refused before Pillow sees a byte."""
    with pytest.raises(DecodeError, match="over 10 MB"):
        decode_photo(b"\xff\xd8\xff" + b"\x00" * MAX_UPLOAD_BYTES)


@pytest.mark.parametrize("data", [
    b"not an image at all", os.urandom(2048), b"\x89PNG\r\n\x1a\n" + os.urandom(100),
    b"%PDF-1.4 fake", b"%!PS-Adobe-3.0 EPSF-3.0\n"])
def test_corrupt_or_foreign_files_are_refused(data):
    """Random bytes, a broken PNG, PDF or PostScript: "couldn't read that file as a photo"."""
    with pytest.raises(DecodeError, match="couldn't read that file"):
        decode_photo(data)


def test_a_truncated_photo_is_refused():
    """A JPEG cut off halfway (an interrupted upload) gets its own message."""
    data = photo_with_qr(CARD_URL, size=(1600, 1200))
    with pytest.raises(DecodeError, match="damaged or cut short"):
        decode_photo(data[: len(data) // 2])


def test_a_photo_without_a_qr_code():
    """A photo with no code says so, with a hint."""
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (120, 160, 200)).save(out, "JPEG")
    with pytest.raises(DecodeError, match="couldn't find a QR code"):
        decode_photo(out.getvalue())


def test_a_qr_holding_binary_junk_is_refused():
    """A QR code of random bytes is not contact details."""
    out = io.BytesIO()
    segno.make(os.urandom(60), error="m", micro=False).save(out, kind="png", scale=8)
    with pytest.raises(DecodeError, match="binary data"):
        decode_photo(out.getvalue())


def test_an_empty_upload():
    """No bytes: ask for a photo."""
    with pytest.raises(DecodeError, match="Choose a photo"):
        decode_photo(b"")
