"""Encode the photos' versions the site stage planned, cached by content in the build cache."""

from __future__ import annotations

import os
from pathlib import Path

from tianxin_report.model import Report
from tianxin_report.output.workers import Workers
from tianxin_report.site.photos import SUFFIXES, Photo, Variant, encode


def cached(variant: Variant, cache: Path) -> Path:
    return cache / "photos" / f"{variant.key}.{SUFFIXES[variant.format]}"


def encode_to(variant: Variant, source: bytes, target: Path) -> None:
    """Encode one version and save it atomically (run by a worker)."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(encode(source, variant))
    partial.replace(target)


def encode_photos(report: Report, photos: dict[str, Photo], cache: Path, workers: Workers,
                  fresh: bool = False) -> dict[str, bytes]:
    """Every version's bytes, by its name: from the cache, or encoded now by the workers,
    largest first (AVIF is the slow part). `fresh` encodes them all again (--no-cache)."""
    variants = [v for photo in photos.values() for v in photo.variants]
    missing = sorted({v for v in variants if fresh or not cached(v, cache).is_file()},
                     key=lambda v: (-v.width * v.height, v.name))
    if missing:
        (cache / "photos").mkdir(parents=True, exist_ok=True)
        jobs = [workers.submit(f"photo {v.name}", encode_to, v,
                               report.assets[v.source].data or b"", cached(v, cache))
                for v in missing]
        for job in jobs:
            job.result()
    return {v.name: cached(v, cache).read_bytes() for v in variants}
