"""images: only whole images of a supported type, named for what they are, are published."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tianxin_report.source.images import ImageRefused, publishable_image

from .conftest import FIXTURES

PHOTO = (FIXTURES / "bilingual" / "images" / "willows.jpg").read_bytes()


def encoded(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "kind"), [("a.png", "PNG"), ("a.webp", "WEBP"),
                                            ("a.gif", "GIF"), ("a.JPEG", "JPEG")])
def test_supported_images_are_published_as_they_are(name: str, kind: str) -> None:
    data = encoded(kind)
    assert publishable_image(f"images/{name}", data) == data
    assert publishable_image("images/photo.jpg", PHOTO) == PHOTO


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ImageRefused) as info:
        publishable_image(name, data)
    return info.value.problem


def test_text_named_jpg_is_refused() -> None:
    assert refusal("images/a.jpg", b"root:x:0:0:root:/root:/bin/bash\n") == (
        "is not an image: its contents are not JPEG, PNG, WebP or GIF")


def test_truncated_and_garbled_photos_are_refused() -> None:
    assert refusal("images/a.jpg", PHOTO[:len(PHOTO) // 2]).startswith(
        "is a damaged image: image file is truncated")
    png = encoded("PNG")
    garbled = png[:-30] + bytes(b ^ 0xFF for b in png[-30:-20]) + png[-20:]  # in IDAT
    assert refusal("images/a.png", garbled).startswith("is a damaged image")


def test_an_image_must_be_the_type_its_name_says() -> None:
    with pytest.raises(ImageRefused) as info:
        publishable_image("images/a.jpg", encoded("PNG"))
    assert info.value.problem == "is a PNG image, but its name says JPEG"
    assert info.value.hint == "rename it to 'images/a.png' (and change the figure's path)"


@pytest.mark.parametrize("name", ["images/a.svg", "images/a.tiff", "page.html", "notes"])
def test_other_types_are_refused_by_name(name: str) -> None:
    assert "is not of a type the site publishes" in refusal(name, encoded("PNG"))


def test_other_formats_never_reach_a_decoder() -> None:
    assert refusal("images/a.png", encoded("BMP")).startswith("is not an image")


def test_decompression_bombs_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500)  # the photo below: 1,200 pixels
    assert refusal("images/a.png", encoded("PNG")).startswith("is too large to decode")
