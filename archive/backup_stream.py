"""Reading a backup's members as streams: bytes counted against a cap as they are read, and a top-level JSON
array decoded one record at a time (archive/backup.py restores through them; nothing is held whole in memory).
Every refusal is a RestoreError whose message is one line."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

CHUNK = 1024 * 1024


class RestoreError(Exception):
    """A backup that cannot be restored; nothing was changed. The message is one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.safety_backup: Path | None = None


def one_line(text: object, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def too_big(name: str, limit: int) -> str:
    return f"{name} is larger than {limit:,} bytes uncompressed" + (
        " (raise ARCHIVE_MAX_RESTORE_BYTES to restore a backup this large)" if name == "data.json" else ""
    )


class Capped:
    """A member's bytes, counted as they are read: past `limit` is a refusal, whatever the tar header said."""

    def __init__(self, stream: IO[bytes], name: str, limit: int | None) -> None:
        self.stream, self.name, self.limit, self.total = stream, name, limit, 0

    def read(self, size: int) -> bytes:
        data = self.stream.read(size)
        self.total += len(data)
        if self.limit is not None and self.total > self.limit:
            raise RestoreError(too_big(self.name, self.limit))
        return data


_SPACE = re.compile(r"[ \t\n\r]*")


class JsonArray:
    """The items of a top-level JSON array, decoded one at a time from a stream of UTF-8 bytes.

    Memory holds one item and one chunk, never the whole array. An item that does not fit the buffer
    yet is retried with twice as much more read each time, so a long item costs linear time.
    """

    def __init__(self, stream: Capped) -> None:
        self.stream = stream
        self.utf8 = codecs.getincrementaldecoder("utf-8")()  # strict: bytes that are not UTF-8 refuse
        self.decoder = json.JSONDecoder()
        self.buffer, self.at, self.eof = "", 0, False

    def _more(self, size: int) -> None:
        data = self.stream.read(size)
        try:
            text = self.utf8.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise RestoreError(f"{self.stream.name} is not UTF-8 text: {error.reason}") from error
        self.eof = not data
        self.buffer, self.at = self.buffer[self.at :] + text, 0

    def _peek(self) -> str:
        """The next character that is not white space, not consumed ('' at the end)."""
        while True:
            self.at = _SPACE.match(self.buffer, self.at).end()
            if self.at < len(self.buffer) or self.eof:
                return self.buffer[self.at : self.at + 1]
            self._more(CHUNK)

    def _item(self) -> object:
        self._peek()  # raw_decode does not skip leading white space
        size = CHUNK
        while True:
            try:
                item, end = self.decoder.raw_decode(self.buffer, self.at)
                # A number may go on past what the buffer holds ("0" of "0.5"); anything else ends at its end.
                number = type(item) in (int, float)
                if self.eof or (end < len(self.buffer) and not (number and self.buffer[end] in "0123456789.eE+-")):
                    self.at = end
                    return item
            except json.JSONDecodeError as error:
                # An item cut off by the end of the buffer fails near that end, or in a string left open.
                cut = error.msg.startswith("Unterminated string") or error.pos >= len(self.buffer) - 16
                if self.eof or not cut:
                    raise RestoreError(f"{self.stream.name} is not valid JSON: {error}") from error
            except RecursionError as error:
                raise RestoreError(f"{self.stream.name} is nested too deeply") from error
            self._more(size)
            size *= 2

    def __iter__(self) -> Iterator[object]:
        name = self.stream.name
        if self._peek() != "[":
            raise RestoreError(f"{name} is not a JSON array of records")
        self.at += 1
        if self._peek() == "]":
            self.at += 1
        else:
            while True:
                yield self._item()
                separator = self._peek()
                self.at += 1
                if separator == "]":
                    break
                if separator != ",":
                    raise RestoreError(f"{name} is not valid JSON: a record is followed by {separator or 'its end'!r}")
        if self._peek():
            raise RestoreError(f"{name} is not valid JSON: there is more after its array")
