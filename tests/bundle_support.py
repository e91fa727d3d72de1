"""A test's bundle on disk: CSV texts by file name, written into a folder as `salesbot import`
reads it (CONTRACT.md "Bundle"), and imported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo
from pathlib import Path

from sqlalchemy import Engine

from storage.bundle import import_bundle


def write_files(folder: Path, files: Mapping[str, str], skip: Iterable[str] = ()) -> Path:
    """Each text of `files` (but those named in `skip`) as `folder/name`, UTF-8; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    left_out = set(skip)
    for name, text in files.items():
        if name not in left_out:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def import_files(engine: Engine, folder: Path, files: Mapping[str, str], tz: tzinfo) -> None:
    """`files` written into `folder` and imported into `engine`."""
    import_bundle(engine, write_files(folder, files), tz)
