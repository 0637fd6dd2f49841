"""A report with real photos, made at test time (no large binaries in the repository): the
bilingual fixture plus camera JPEGs carrying EXIF camera and GPS tags, XMP, IPTC and a
colour profile, one of them stored on its side with an EXIF orientation flag.

usage: python -m tests.photo_fixture DEST   (for benchmarks: bench/README.md)
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFilter

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CAMERA = {0x010F: "Canon", 0x0110: "Canon EOS R5", 0x013B: "Jane Photographer",
          0x8298: "(c) Jane Photographer", 0x0131: "Camera Firmware 1.8.1"}
GPS = {1: "N", 2: (28.0, 7.0, 30.5), 3: "E", 4: (112.0, 58.0, 12.25), 5: 0, 6: 52.0}
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
       b"<dc:creator>Jane Photographer</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>")
# an IPTC by-line ("Jane Photographer") in a Photoshop APP13 segment
IPTC = b"\x1c\x02\x50\x00\x11Jane Photographer"
APP13 = (b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + len(IPTC).to_bytes(4, "big") + IPTC
         + b"\x00" * (len(IPTC) % 2))


def scene(width: int, height: int, seed: int) -> Image.Image:
    """Something with a photo's texture (gradients, shapes, grain), quickly."""
    sky = Image.linear_gradient("L").resize((width, height))
    glow = Image.radial_gradient("L").resize((width, height))
    image = Image.merge("RGB", (sky, glow, sky.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 997 + seed * 131) % width, (i * 613 + seed * 71) % height
        draw.ellipse((x, y, x + width // 9, y + height // 8),
                     fill=((40 + i * 15) % 256, (90 + i * 7) % 256, (160 - i * 9) % 256))
    image = image.filter(ImageFilter.GaussianBlur(2))
    grain = Image.merge("RGB", [Image.effect_noise((width, height), 30 + seed + c)
                                for c in range(3)])
    return Image.blend(image, grain, 0.22)  # a sensor's noise: what makes photos heavy


def camera_jpeg(width: int, height: int, seed: int = 1, orientation: int = 1) -> bytes:
    """A JPEG as a camera writes it: EXIF (camera, owner, GPS, orientation), XMP, IPTC and
    an sRGB colour profile. With orientation 6 the pixels are stored on their side, and a
    red mark sits at the stored top-left corner (the shown top-right)."""
    image = scene(width, height, seed)
    ImageDraw.Draw(image).rectangle((0, 0, width // 10, height // 10), fill=(230, 0, 0))
    exif = Image.Exif()
    exif.update(CAMERA)
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif, xmp=XMP, icc_profile=profile)
    data = out.getvalue()
    app13 = b"\xff\xed" + (len(APP13) + 2).to_bytes(2, "big") + APP13
    return data[:2] + app13 + data[2:]  # right after the JPEG's start marker


FIGURES = {
    "zh": (":::{figure} images/harbour.jpg\n:name: fig-harbour\n:alt: 港口全景\n"
           "港口全景。\n:::\n\n:::{figure} images/keeper.jpg\n:name: fig-keeper\n"
           ":alt: 河长在岸边\n河长在岸边巡河。\n:::\n"),
    "en": (":::{figure} images/harbour.jpg\n:name: fig-harbour\n:alt: The harbour\n"
           "The harbour.\n:::\n\n:::{figure} images/keeper.jpg\n:name: fig-keeper\n"
           ":alt: The river chief on the bank\nThe river chief on his round.\n:::\n"),
}
SMALL = {"zh": ":::{figure} images/small.jpg\n:name: fig-small\n:alt: 小图\n小图。\n:::\n",
         "en": ":::{figure} images/small.jpg\n:name: fig-small\n:alt: A small picture\n"
               "A small picture.\n:::\n"}


def photo_report(dest: Path) -> Path:
    """The bilingual fixture with a 3000×2000 photo (GPS tags), a portrait photo stored on
    its side (orientation 6) and an 800 px one (too small to print sharply), in both
    languages; translations.lock is not updated (the new blocks are stale: warnings)."""
    content = dest / "photos"
    shutil.copytree(FIXTURES / "bilingual", content)
    (content / "images" / "harbour.jpg").write_bytes(camera_jpeg(3000, 2000))
    (content / "images" / "keeper.jpg").write_bytes(camera_jpeg(3000, 2000, 2, orientation=6))
    (content / "images" / "small.jpg").write_bytes(camera_jpeg(800, 533, 3))
    for lang in ("zh", "en"):
        with (content / lang / "01-intro.md").open("a", encoding="utf-8") as intro:
            intro.write("\n" + FIGURES[lang])
        with (content / lang / "02-banks.md").open("a", encoding="utf-8") as banks:
            banks.write("\n" + SMALL[lang])
    return content


if __name__ == "__main__":
    print(photo_report(Path(sys.argv[1])))
