"""Pluggable senders that push an export to the provincial platform; the default writes the file to a directory."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol


class ExchangeSender(Protocol):
    """Delivers one export document (given as text chunks) and returns a reference to what was delivered."""

    name: str

    def send(self, *, filename: str, chunks: Iterable[str]) -> str: ...


class FileSender:
    """Writes the document into a directory that a transfer job or the platform's gateway collects from.

    The file appears under its final name only when complete (written to a temporary name, then renamed), so a
    collector never picks up half a file.
    """

    name = "file"

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def send(self, *, filename: str, chunks: Iterable[str]) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / Path(filename).name
        partial = target.with_name(f".{target.name}.part")
        with partial.open("w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(partial, target)
        return str(target)
