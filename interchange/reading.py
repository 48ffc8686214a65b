"""Opening a data set (a folder or a .zip of one) safely, and streaming its CSV records.

Nothing is extracted to disk: the files are read as streams, one record at a time.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO

from .format import FILES

NESTED_ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar")
MAX_ARCHIVE_MEMBERS = 1000

# Messages (French, documented in docs/interchange.md).
MSG_UNKNOWN_FILE = "fichier inconnu"
MSG_BAD_ZIP = "archive zip illisible"
MSG_UNSAFE_PATH = "chemin hors du dossier refusé"
MSG_NESTED_ARCHIVE = "archive imbriquée refusée"
MSG_TOO_BIG = "archive trop volumineuse une fois décompressée"
MSG_TOO_MANY = "archive contenant trop de fichiers"
MSG_BAD_UTF8 = "encodage invalide, UTF-8 attendu"
MSG_BAD_CSV = "CSV illisible"
MSG_NOT_A_DATASET = "ni un dossier ni une archive .zip"


def format_error(file: str, line: int | str, column: str, message: str, value: str | None = None) -> str:
    text = f"{file}:{line}: {column}: {message}"
    if value is not None:
        text += f" ({value})"
    return text


@dataclass
class DataSet:
    """The known files of a data set (name → opener of a binary stream) and the errors found opening it."""

    openers: dict[str, Callable[[], IO[bytes]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    fatal: bool = False  # an unreadable or unsafe archive: nothing is read


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} Mo".replace(".", ",")


def _file_opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = name.replace("\\", "/").split("/")
    return any(part == ".." for part in parts)


@contextmanager
def open_dataset(path: Path, *, max_uncompressed_bytes: int) -> Iterator[DataSet]:
    dataset = DataSet()
    with ExitStack() as stack:
        if path.is_dir():
            for entry in sorted(path.rglob("*")):
                relative = entry.relative_to(path).as_posix()
                if not entry.is_file() or not entry.name.lower().endswith(".csv") or relative.startswith("__MACOSX/"):
                    continue  # READMEs, notes: ignored
                if relative in FILES:
                    dataset.openers[relative] = _file_opener(entry)
                else:
                    dataset.errors.append(format_error(relative, 1, "-", MSG_UNKNOWN_FILE))
        elif path.is_file() and path.suffix.lower() == ".zip":
            _open_zip(path, dataset, stack, max_uncompressed_bytes)
        else:
            dataset.errors.append(format_error(path.name, 1, "-", MSG_NOT_A_DATASET))
            dataset.fatal = True
        yield dataset


def _open_zip(path: Path, dataset: DataSet, stack: ExitStack, max_uncompressed_bytes: int) -> None:
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        dataset.errors.append(format_error(path.name, 1, "-", MSG_BAD_ZIP))
        dataset.fatal = True
        return
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        dataset.errors.append(format_error(path.name, 1, "-", MSG_TOO_MANY, f"{len(infos)} > {MAX_ARCHIVE_MEMBERS}"))
        dataset.fatal = True
        return
    unsafe = False
    total = 0
    for info in infos:
        if _unsafe(info.filename):
            dataset.errors.append(format_error(path.name, 1, "-", MSG_UNSAFE_PATH, info.filename))
            unsafe = True
        elif not info.is_dir() and info.filename.lower().endswith(NESTED_ARCHIVE_SUFFIXES):
            dataset.errors.append(format_error(path.name, 1, "-", MSG_NESTED_ARCHIVE, info.filename))
            unsafe = True
        total += info.file_size
    if total > max_uncompressed_bytes:
        dataset.errors.append(
            format_error(path.name, 1, "-", MSG_TOO_BIG, f"{_mb(total)} > {_mb(max_uncompressed_bytes)}")
        )
        unsafe = True
    if unsafe:
        dataset.fatal = True
        return
    files = [i for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    # A zip "of a folder": strip the folder when every file is inside the same one.
    tops = {PurePosixPath(i.filename).parts[0] for i in files if len(PurePosixPath(i.filename).parts) > 1}
    strip = len(tops) == 1 and all(len(PurePosixPath(i.filename).parts) > 1 for i in files)
    for info in files:
        parts = PurePosixPath(info.filename).parts
        relative = "/".join(parts[1:] if strip else parts)
        if not relative.lower().endswith(".csv"):
            continue
        if relative in FILES:
            dataset.openers[relative] = partial(archive.open, info)
        else:
            dataset.errors.append(format_error(relative, 1, "-", MSG_UNKNOWN_FILE))


def _decoded_lines(stream: IO[bytes]) -> Iterator[str]:
    """The lines of a binary stream as text (a BOM at the start is dropped). A byte that is not UTF-8 becomes a
    lone surrogate (U+DC80–U+DCFF, "surrogateescape"), which no valid UTF-8 text holds: the record and the cell
    it falls in are found after the CSV parsing, even when a quoted cell spans several lines."""
    first = True
    for raw in stream:
        if first:
            first = False
            if raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
        yield raw.decode("utf-8", errors="surrogateescape")


_BAD_BYTE = re.compile("[\udc80-\udcff]")


@dataclass
class Record:
    line: int  # record number, the header being 1
    cells: list[str]
    bad_encoding: str | None = None  # the first byte that is not UTF-8 ("octet 0xe9")
    bad_cell: int | None = None  # the index of the cell it falls in


def _checked(number: int, cells: list[str]) -> Record:
    """A record, with its first byte that is not UTF-8 and its cell; such bytes are shown as U+FFFD."""
    for index, cell in enumerate(cells):
        if found := _BAD_BYTE.search(cell):
            shown = [_BAD_BYTE.sub("\ufffd", c) for c in cells]
            return Record(number, shown, f"octet 0x{ord(found.group()) - 0xDC00:02x}", index)
    return Record(number, cells)


def read_records(stream: IO[bytes], *, on_csv_error: Callable[[int, str], None]) -> Iterator[Record]:
    """Yield the CSV records of a stream, numbered from 1 (the header). A record holding bytes that are not
    UTF-8 is yielded with `bad_encoding` and `bad_cell` set. A CSV syntax error is reported and ends the file."""
    reader = csv.reader(_decoded_lines(stream), strict=True)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            on_csv_error(number + 1, str(exc))
            return
        number += 1
        yield _checked(number, cells)
