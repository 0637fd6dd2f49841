"""Decide whether a file is an image the site may publish: decoded whole, of a known type.
What is published is made from it after this gate (site/photos.py: sizes, formats, no
metadata)."""

from __future__ import annotations

import io
import posixpath
import warnings

from PIL import Image

# a file name's suffix -> the Pillow formats it may hold (MPO: a camera JPEG with a preview)
FORMATS = {".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",),
           ".webp": ("WEBP",), ".gif": ("GIF",)}
NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
KINDS = "JPEG, PNG, WebP or GIF"
# only these decoders ever see a content file (Pillow would otherwise try every format it
# knows, some of which hand the bytes to other programs); JPEG's also opens MPO files
DECODERS = ("JPEG", "PNG", "WEBP", "GIF")
# what Pillow raises for bytes it cannot decode (the list its own fuzzing tests accept)
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, MemoryError, NotImplementedError)


class ImageRefused(Exception):
    """A file the site will not publish as an image: why (after its name), and what to do."""

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.problem, self.hint = problem, hint


def check_name(name: str) -> None:
    """Refuse a file whose name is not that of a supported image (before reading it)."""
    suffix = posixpath.splitext(name)[1].lower()
    if suffix not in FORMATS:
        raise ImageRefused(f"is not of a type the site publishes ('{suffix or name}'): "
                           f"images must be {KINDS}",
                           "export the picture as .jpg (photos) or .png (drawings)")


def decode(data: bytes) -> str:
    """The image's Pillow format, after checking its structure and decoding every pixel."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=DECODERS) as probe:
            kind = str(probe.format)
            probe.verify()  # the file's structure (checksums, chunk lengths)
        with Image.open(io.BytesIO(data), formats=DECODERS) as image:
            image.load()  # verify() reads no pixels: a truncated photo fails only here
    return kind


def publishable_image(name: str, data: bytes) -> bytes:
    """The checked bytes of the image file `name`; ImageRefused if it is not one.

    The file's own bytes, once they decode whole as the type its name says; the site
    publishes versions re-encoded from them (site/photos.py), never these bytes.
    """
    check_name(name)
    expected = FORMATS[posixpath.splitext(name)[1].lower()]
    try:
        kind = decode(data)
    except Image.UnidentifiedImageError:
        raise ImageRefused(f"is not an image: its contents are not {KINDS}",
                           "export the photo again as .jpg or .png") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(f"is too large to decode safely (over {Image.MAX_IMAGE_PIXELS:,} "
                           "pixels)", "scale the photo down to a few thousand pixels wide"
                           ) from None
    except DECODE_ERRORS as exc:
        raise ImageRefused(f"is a damaged image: {str(exc)[:80] or type(exc).__name__}",
                           "export or download the photo again: it does not decode to "
                           "the end") from None
    if kind not in expected:
        stem = posixpath.splitext(name)[0]
        better = next(s for s, formats in FORMATS.items() if kind in formats)
        raise ImageRefused(f"is a {NAMES[kind]} image, but its name says "
                           f"{NAMES[expected[0]]}", f"rename it to '{stem}{better}' "
                           "(and change the figure's path)")
    return data


ORIENTATION = 0x0112  # the EXIF tag; 5-8 turn the picture a quarter


def displayed_size(data: bytes) -> tuple[int, int]:
    """A checked image's width and height as shown: a photo stored on its side with an
    EXIF orientation flag counts upright (its header only is read)."""
    with Image.open(io.BytesIO(data), formats=DECODERS) as image:
        width, height = image.size
        turned = image.getexif().get(ORIENTATION) in (5, 6, 7, 8)
    return (height, width) if turned else (width, height)
