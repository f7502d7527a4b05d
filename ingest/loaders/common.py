"""Small helpers every loader needs, kept in one place so each loader does only its own format.

Whitespace, years and names are cleaned the same way whatever the source, read errors
(missing file, broken gzip, wrong encoding) become one-line `UnreadableFile` errors, and every
read is capped (`IngestLimits`) while it streams, so no input can take unbounded memory.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from core.errors import TooLarge, UnreadableFile
from documents.records import Span
from documents.text import squash
from ingest.config import IngestLimits

MB = 1024 * 1024
DEFAULT_LIMITS = IngestLimits()
_PIECE = 1 << 16  # characters read at a time

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


class CappedReader(io.RawIOBase):
    """A byte stream that raises `TooLarge` once more than `cap` bytes come out of it: the
    count is taken after decompression, so a small .gz of zeros stops at the cap, not at 2 GB."""

    def __init__(self, raw: IO[bytes], cap: int, item: str, cap_name: str) -> None:
        super().__init__()
        self._raw, self._cap, self._item, self._cap_name = raw, cap, item, cap_name
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self.count += size or 0
        if self.count > self._cap:
            raise TooLarge(self._item, f"more than {self._cap / MB:g} MB after decompression "
                           f"(the cap per file, {self._cap_name})")
        return int(size or 0)

    def close(self) -> None:
        self._raw.close()
        super().close()


def check_file_size(path: Path, limits: IngestLimits) -> None:
    """Refuse a file over `max_file_mb` on disk before opening it."""
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise TooLarge(str(path), f"{size / MB:.1f} MB on disk, over the cap of "
                       f"{limits.max_file_mb:g} MB (KLS_MAX_FILE_MB)")


def open_binary(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> IO[bytes]:
    """Open a file for reading bytes, decompressing '.gz'; past `max_uncompressed_mb` bytes
    reading raises `TooLarge`."""
    # closed with the reader returned: a `with` block here would close it too soon
    raw = cast(IO[bytes], gzip.open(path, "rb")) if _gzipped(path) else path.open("rb")  # noqa: SIM115
    cap = int(limits.max_uncompressed_mb * MB)
    return io.BufferedReader(CappedReader(raw, cap, str(path), "KLS_MAX_UNCOMPRESSED_MB"))


def open_text(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> IO[str]:
    """Open a UTF-8 file (a leading BOM is dropped) as text, like `open_binary`."""
    return io.TextIOWrapper(open_binary(path, limits), encoding="utf-8-sig")


def capped_lines(handle: IO[str], cap: int) -> Iterator[str | None]:
    """The lines of `handle` (split at "\n" only, as JSON Lines are); a line longer than `cap`
    characters is read past in pieces, never held whole, and given as None, so one runaway line
    costs neither memory nor the rest of the file. Read in large pieces: a megabyte of empty
    lines is split by `str.split`, not by a million `readline` calls."""
    parts: list[str] = []  # the start of a line that has not ended yet
    held = 0  # its length so far, counted on even when it is no longer kept
    while chunk := handle.read(_PIECE):
        pieces = chunk.split("\n")
        for piece in pieces[:-1]:
            held += len(piece)
            yield None if held > cap else "".join(parts) + piece + "\n"
            parts.clear()
            held = 0
        held += len(pieces[-1])
        if held <= cap:
            parts.append(pieces[-1])
        else:
            parts.clear()
    if held:
        yield None if held > cap else "".join(parts)


def _gzipped(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn the ways reading a file fails (I/O, gzip, encoding) into `UnreadableFile`."""
    try:
        yield
    except UnicodeDecodeError:
        raise UnreadableFile(str(path), "not UTF-8 text") from None
    except RecursionError:
        raise UnreadableFile(str(path), "nested too deeply") from None
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
