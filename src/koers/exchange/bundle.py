"""Opening a bundle: a folder or a ``.zip`` of one, its CSV files decoded and split into records."""

import csv
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

BOM = b"\xef\xbb\xbf"


class BundleError(Exception):
    """The source is not a bundle at all (not a folder or zip, or an unreadable zip)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``file:line: column: message`` (column ``-`` for the whole line)."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


def read_bundle(source: str | Path | BinaryIO) -> dict[str, bytes]:
    """The CSV files of a folder or zip, by file name; other files are not part of a bundle."""
    if hasattr(source, "read"):
        return _read_zip(source, "upload")
    path = Path(source)
    if path.is_dir():
        return {
            child.name: child.read_bytes()
            for child in sorted(path.iterdir())
            if child.is_file() and child.suffix == ".csv"
        }
    if path.is_file() and zipfile.is_zipfile(path):
        with path.open("rb") as stream:
            return _read_zip(stream, str(path))
    raise BundleError(f"{path}: not a folder or a .zip file")


def _read_zip(stream: BinaryIO, label: str) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.endswith(".csv")
                and not info.filename.startswith("__MACOSX/")
            ]
            folders = {posixpath.dirname(info.filename) for info in members}
            if len(folders) > 1:
                raise BundleError(f"{label}: CSV files in more than one folder of the zip")
            return {posixpath.basename(info.filename): archive.read(info) for info in members}
    except (zipfile.BadZipFile, OSError) as error:
        raise BundleError(f"{label}: not a readable .zip file ({error})") from None


def decode(name: str, data: bytes) -> str:
    """The file's text; a ValueError naming the line when it is not UTF-8."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            Problem(name, line, "-", f"not UTF-8 text (byte 0x{data[error.start]:02x})")
        ) from None


def records(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every non-blank record, header included.

    Raises ValueError(Problem) where the CSV quoting is broken.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if cells:
                yield start, cells
    except csv.Error as error:
        raise ValueError(
            Problem(name, previous + 1, "-", f"broken CSV quoting ({error})")
        ) from None
