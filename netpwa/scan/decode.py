"""Read a QR code from an uploaded photo, on the server (zxing-cpp + Pillow).

Photos are untrusted: size and pixel count are checked before any pixel is decoded, only
common photo formats are opened, and big photos are shrunk before zxing looks at them.
"""

import io
import warnings

import zxingcpp
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A 50-megapixel phone photo is fine; a 20,000 x 20,000 "bomb" that is a few KB on disk is not.
MAX_PIXELS = 64_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Only photo formats: Pillow would otherwise also parse PostScript, PDF, ICO and others.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")
Image.init()
# Long-side sizes tried in turn: small first (fast, and enough for a code that fills the
# frame), then larger for a small code in a big photo.
DECODE_SIZES = (1600, 3200)


class DecodeError(ValueError):
    """A photo we could not read a QR code from; the message is for the person uploading."""


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Past MAX_PIXELS Pillow only warns; past twice that it raises. Refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DecodeError("That image has too many pixels to be a photo "
                          f"(over {MAX_PIXELS // 1_000_000} megapixels).") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise DecodeError("We couldn't read that file as a photo. "
                          "Upload a JPEG or PNG picture of the QR code.") from error
    width, height = image.size
    if width * height > MAX_PIXELS or width <= 0 or height <= 0:
        raise DecodeError("That image has too many pixels to be a photo "
                          f"(over {MAX_PIXELS // 1_000_000} megapixels).")
    return image


def _grey_at(data: bytes, long_side: int) -> Image.Image:
    """The photo in greyscale, no longer than long_side; JPEGs shrink while decoding (draft)."""
    image = _open(data)
    try:
        scale = long_side / max(image.size)
        if scale < 1 and image.format == "JPEG":
            image.draft("L", (int(image.size[0] * scale), int(image.size[1] * scale)))
        image = image.convert("L")
        if max(image.size) > long_side:
            image.thumbnail((long_side, long_side), Image.Resampling.BILINEAR)
        return image
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise DecodeError("That photo is damaged or cut short, so we couldn't read it. "
                          "Try taking it again.") from error


def decode_photo(data: bytes) -> str:
    """The text of the first QR code in the photo; DecodeError with a clear message otherwise."""
    if not data:
        raise DecodeError("Choose a photo of a QR code first.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise DecodeError(f"That photo is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. "
                          "Take a smaller one, or crop it to the QR code.")
    largest = None
    for size in DECODE_SIZES:
        image = _grey_at(data, size)
        if largest is not None and max(image.size) <= largest:
            break
        largest = max(image.size)
        results = zxingcpp.read_barcodes(
            image, formats=(zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode))
        for result in results:
            if result.valid:
                if result.content_type == zxingcpp.ContentType.Binary:
                    raise DecodeError("That QR code holds binary data, not contact details.")
                return result.text
    raise DecodeError("We couldn't find a QR code in that photo. Hold the phone steady, "
                      "fill most of the frame with the code, and try again.")
