"""Photos as readers get them, planned in memory: each image a figure shows becomes web
versions in several widths (a modern format and a JPEG or PNG fallback) and one print
version, all re-encoded from the pixels alone (no EXIF, XMP or IPTC: camera, GPS, owner),
upright and in sRGB. output/photos.py encodes them (cached by content); here also the
figures' markup: <picture> on the web, the print version in the PDFs."""

from __future__ import annotations

import hashlib
import html
import io
import math
import posixpath
import re
from dataclasses import dataclass, replace

import PIL
from PIL import Image, ImageCms, ImageOps, features

from tianxin_report import config
from tianxin_report.model import Edition, Report
from tianxin_report.source.images import DECODERS, displayed_size

WEB_WIDTHS = (480, 800, 1200, 1600)  # px: phones at 1-3x, the 38rem column at 2x
DEFAULT_WIDTH = 800  # the <img src> for browsers without srcset
MODERN = "AVIF" if features.check("avif") else "WEBP"
SUFFIXES = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
MEDIA_TYPES = {"AVIF": "image/avif", "WEBP": "image/webp"}
# Encoder settings, part of each file's fingerprint. One thread per AVIF encode: the build
# already runs two encodes at once.
SETTINGS: dict[str, dict[str, object]] = {
    "AVIF": {"quality": 55, "speed": 6, "max_threads": 1},
    "WEBP": {"quality": 78, "method": 5},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}
PRINT_SETTINGS: dict[str, dict[str, object]] = {"JPEG": {"quality": 90, "optimize": True},
                                                 "PNG": {"optimize": True}}
CODECS = "|".join(f"{name}:{features.version(name)}" for name in ("jpg", "webp", "avif", "zlib"))
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Variant:
    """One file made from a content image: its name, size, format and encoder settings."""

    name: str  # in the site for web versions ("images/port-800.1a2b3c4d5e.avif")
    source: str  # the content image it is made from ("images/port.jpg")
    width: int
    height: int
    format: str  # Pillow's name: AVIF, WEBP, JPEG or PNG
    settings: tuple[tuple[str, object], ...]
    key: str  # the content's fingerprint: the source's bytes, size, format, settings, codecs


@dataclass(frozen=True)
class Photo:
    """Everything published for one content image."""

    source: str
    width: int  # as shown (EXIF orientation applied)
    height: int
    modern: tuple[Variant, ...]  # ascending widths
    fallback: tuple[Variant, ...]
    print: Variant

    @property
    def variants(self) -> tuple[Variant, ...]:
        return (*self.modern, *self.fallback, self.print)


def web_widths(width: int) -> list[int]:
    """The widths to publish: the standard ones below the photo's own, and its own width
    when it is narrower than the largest (a photo is never enlarged)."""
    widths = [w for w in WEB_WIDTHS if w < width]
    return widths if width > WEB_WIDTHS[-1] else [*widths, width]


def make_variant(source: str, digest: str, size: tuple[int, int], width: int, kind: str,
                 label: str, settings: dict[str, object]) -> Variant:
    height = max(1, round(width * size[1] / size[0]))
    options = tuple(sorted(settings.items()))
    recipe = f"{digest}|{width}x{height}|{kind}|{options}|Pillow {PIL.__version__}|{CODECS}"
    key = hashlib.sha256(recipe.encode()).hexdigest()[:20]
    stem = posixpath.splitext(source)[0]
    return Variant(f"{stem}-{label}.{key[:10]}.{SUFFIXES[kind]}", source, width, height, kind,
                   options, key)


def plan_photo(source: str, data: bytes, paper: str) -> Photo:
    """The versions of one checked image: web widths in two formats, one for print."""
    size = displayed_size(data)
    digest = hashlib.sha256(data).hexdigest()
    fallback = "JPEG" if data[:3] == b"\xff\xd8\xff" else "PNG"  # photos; drawings keep PNG
    web = web_widths(size[0])
    printed = math.ceil(config.print_figure_width_mm(paper) / 25.4 * config.PRINT_DPI)
    return Photo(
        source, *size,
        modern=tuple(make_variant(source, digest, size, w, MODERN, str(w), SETTINGS[MODERN])
                     for w in web),
        fallback=tuple(make_variant(source, digest, size, w, fallback, str(w),
                                    SETTINGS[fallback]) for w in web),
        print=make_variant(source, digest, size, min(size[0], printed), fallback, "print",
                           PRINT_SETTINGS[fallback]))


def plan_photos(report: Report, sources: list[str]) -> dict[str, Photo]:
    """Every published image's versions, by the image's path in the content folder."""
    return {source: plan_photo(source, report.assets[source].data or b"", report.site.paper)
            for source in sources}


# --- encoding ---------------------------------------------------------------------------


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def to_srgb(image: Image.Image, alpha: bool) -> Image.Image:
    """The pixels in sRGB (through the image's own colour profile, if it has one), as RGB,
    or RGBA when the image has transparency and the format can keep it."""
    mode = "RGBA" if alpha and has_alpha(image) else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            converted = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), SRGB,
                outputMode="RGBA" if image.mode == "RGBA" else "RGB")
            if converted is not None:
                return converted.convert(mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a profile lcms cannot read: the pixels as they are
    return image.convert(mode)


def encode(data: bytes, variant: Variant) -> bytes:
    """One version of a checked image: upright (EXIF orientation applied first), in sRGB,
    resized, and saved from its pixels alone, so no metadata of the original survives."""
    with Image.open(io.BytesIO(data), formats=DECODERS) as original:
        turned = original.getexif().get(0x0112) in (5, 6, 7, 8)
        stored = (variant.height, variant.width) if turned else (variant.width, variant.height)
        original.draft("RGB", stored)  # JPEG: decode at 1/2, 1/4… when that is still enough
        upright = ImageOps.exif_transpose(original)
    pixels = to_srgb(upright, alpha=variant.format != "JPEG")
    if pixels.size != (variant.width, variant.height):
        pixels = pixels.resize((variant.width, variant.height), Image.Resampling.LANCZOS,
                               reducing_gap=3.0)
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())  # no info, no EXIF
    out = io.BytesIO()
    clean.save(out, variant.format, **dict(variant.settings))
    return out.getvalue()


# --- markup -----------------------------------------------------------------------------

# what text/markup/directives.py writes for a figure's image (attributes escaped)
PHOTO_IMG = re.compile(r'<img src="[^"]*" alt="(?P<alt>[^"]*)" width="\d+" height="\d+" '
                       r'data-photo="(?P<src>[^"]+)">')
PHOTO_PREFIX = "../"  # from the pages (zh/, en/, bilingual/) and the PDFs (content/zh/)
# how wide the figure is shown (site.css): the 38rem column, or half the parallel page
EDITION_SIZES = "(min-width: 40.2rem) 38rem, calc(100vw - 2.2rem)"
PARALLEL_SIZES = ("(min-width: 78rem) 36.7rem, (min-width: 56rem) calc(50vw - 2.4rem), "
                  "calc(100vw - 2.2rem)")


def srcset(variants: tuple[Variant, ...], prefix: str) -> str:
    return ", ".join(f"{prefix}{v.name} {v.width}w" for v in variants)


def picture(photo: Photo, alt: str, prefix: str, sizes: str, eager: bool) -> str:
    """A figure's photo on the web: the modern format, the fallback, and their widths for
    the browser to choose from; width and height so the page does not shift as it loads."""
    default = max((v for v in photo.fallback if v.width <= DEFAULT_WIDTH),
                  key=lambda v: v.width, default=photo.fallback[0])
    return (f'<picture><source type="{MEDIA_TYPES[MODERN]}" '
            f'srcset="{srcset(photo.modern, prefix)}" sizes="{sizes}">'
            f'<img src="{prefix}{default.name}" srcset="{srcset(photo.fallback, prefix)}" '
            f'sizes="{sizes}" alt="{alt}" width="{default.width}" height="{default.height}" '
            f'loading="{"eager" if eager else "lazy"}" decoding="async"></picture>')


def with_photos(edition: Edition, photos: dict[str, Photo], prefix: str,
                sizes: str | None) -> Edition:
    """The edition with its figures' images as published: a <picture> for the web (the
    first one loaded at once, the others when scrolled near), the print version for the
    PDFs (sizes=None)."""
    shown = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal shown
        photo = photos.get(html.unescape(match["src"]))
        if photo is None:
            return match[0]
        shown += 1
        if sizes is not None:
            return picture(photo, match["alt"], prefix, sizes, eager=shown == 1)
        version = photo.print
        return (f'<img src="{prefix}{version.name}" alt="{match["alt"]}" '
                f'width="{version.width}" height="{version.height}">')

    sections = tuple(replace(section, blocks=tuple(
        replace(block, html=PHOTO_IMG.sub(swap, block.html)) if "data-photo" in block.html
        else block for block in section.blocks)) for section in edition.sections)
    return replace(edition, sections=sections)
