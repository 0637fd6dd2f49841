"""Encode the photos' versions the site stage planned, cached by content in the build cache."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tianxin_report.model import Report
from tianxin_report.site.photos import SUFFIXES, Photo, Variant, encode

_SOURCES: dict[str, bytes] = {}  # the images' checked bytes, shared with forked workers


def cached(variant: Variant, cache: Path) -> Path:
    return cache / "photos" / f"{variant.key}.{SUFFIXES[variant.format]}"


def _encode(job: tuple[Variant, Path]) -> None:
    variant, target = job
    partial = target.with_suffix(".part")
    partial.write_bytes(encode(_SOURCES[variant.source], variant))
    partial.replace(target)


def encode_photos(report: Report, photos: dict[str, Photo], cache: Path) -> dict[str, bytes]:
    """Every version's bytes, by its name: from the cache, or encoded now in (up to) two
    worker processes, largest first (AVIF is the slow part)."""
    variants = [v for photo in photos.values() for v in photo.variants]
    missing = sorted({(v, cached(v, cache)) for v in variants if not cached(v, cache).is_file()},
                     key=lambda job: -job[0].width * job[0].height)
    if missing:
        (cache / "photos").mkdir(parents=True, exist_ok=True)
        _SOURCES.update({s: report.assets[s].data or b"" for s in photos})
        try:
            if len(missing) == 1:
                _encode(missing[0])
            else:
                context = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
                    list(pool.map(_encode, missing))
        finally:
            _SOURCES.clear()
    return {v.name: cached(v, cache).read_bytes() for v in variants}
