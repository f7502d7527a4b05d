"""Small helpers every loader needs, kept in one place so each loader does only its own format.

Whitespace, years and names are cleaned the same way whatever the source, and read errors
(missing file, broken gzip, wrong encoding) become one-line `UnreadableFile` errors.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

from core.errors import UnreadableFile
from documents.records import Span
from documents.text import squash

# A plausible publication or creation year: no digit right before it ("D:2014..." and
# "1998 Dec-1999 Jan" both give their first year).
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)")


def parse_year(value: object) -> int | None:
    """The first plausible four-digit year in an int or a date string, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None


def humanise_stem(path: Path) -> str:
    """A readable title from a file name: 'ketamine_notes-2024.txt' -> 'Ketamine notes 2024'."""
    base = path.name[: len(path.name) - len(compound_suffix(path))]
    words = squash(re.sub(r"[_\-]+", " ", base))
    if not words:
        return path.name
    return words[0].upper() + words[1:]


def compound_suffix(path: Path) -> str:
    """The lower-case suffix that names a file's kind, keeping '.gz' with the one before it."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing it when its name ends in '.gz'."""
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def open_text(path: Path) -> IO[str]:
    """Open a UTF-8 file (a leading BOM is dropped) as text, decompressing '.gz' files."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig")
    return path.open(encoding="utf-8-sig")


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn the ways reading a file fails (I/O, gzip, encoding) into `UnreadableFile`."""
    try:
        yield
    except UnicodeDecodeError:
        raise UnreadableFile(str(path), "not UTF-8 text") from None
    except (EOFError, zlib.error, gzip.BadGzipFile):
        raise UnreadableFile(str(path), "broken or truncated gzip data") from None
    except OSError as error:
        reason = f"cannot read the file ({error.strerror or error})"
        raise UnreadableFile(str(path), reason) from None


def join_spans(
    parts: Sequence[tuple[str, str]], separator: str = "\n\n"
) -> tuple[str, tuple[Span, ...]]:
    """Join labelled texts into one text, returning the spans where each part lies in it."""
    spans: list[Span] = []
    pieces: list[str] = []
    offset = 0
    for label, text in parts:
        if pieces:
            pieces.append(separator)
            offset += len(separator)
        pieces.append(text)
        spans.append(Span(label, offset, offset + len(text)))
        offset += len(text)
    return "".join(pieces), tuple(spans)
