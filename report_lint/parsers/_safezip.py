"""Reading office packages (ZIP) without trusting them: sizes declared and inflated are
capped, so a zip bomb is refused instead of filling the memory.

DOCX and ODT files are ZIP archives of XML parts and media. A report is a few megabytes;
the limits below are far above any real report and far below what would hurt the machine.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from report_lint.findings import UnreadableInput

MAX_FILE = 200 * 1024 * 1024       # the archive itself
MAX_MEMBERS = 10_000
MAX_MEMBER = 100 * 1024 * 1024     # one inflated part
MAX_TOTAL = 400 * 1024 * 1024      # all inflated parts together
MAX_RATIO = 150                    # inflated / compressed, for parts above 1 MiB
CHUNK = 1024 * 1024


class SafeZip:
    """A ZIP archive read from memory whose members are checked before they are inflated."""

    def __init__(self, data: bytes) -> None:
        if len(data) > MAX_FILE:
            raise UnreadableInput("too_large", size=len(data) // (1024 * 1024))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise UnreadableInput("corrupt_package", f"{type(exc).__name__}: {exc}") from None
        if len(infos) > MAX_MEMBERS:
            raise UnreadableInput("zip_bomb", f"{len(infos)} members")
        total = 0
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnreadableInput("encrypted_office")
            if info.file_size > MAX_MEMBER or (
                    info.file_size > CHUNK and
                    info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise UnreadableInput("zip_bomb", f"{info.filename}: {info.file_size} bytes")
            total += info.file_size
            self.infos.setdefault(info.filename, info)
        if total > MAX_TOTAL:
            raise UnreadableInput("zip_bomb", f"{total} bytes in all")
        self.inflated = 0

    def names(self) -> list[str]:
        return list(self.infos)

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str, limit: int = MAX_MEMBER) -> bytes:
        """The member's bytes; never more than its declared size (nor ``limit``)."""
        info = self.infos.get(name)
        if info is None:
            raise KeyError(name)
        cap = min(info.file_size, limit)
        out = bytearray()
        try:
            with self.zip.open(info) as handle:
                while True:
                    chunk = handle.read(CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > cap:
                        raise UnreadableInput("zip_bomb", f"{name} inflates beyond its size")
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
                zlib.error) as exc:  # CRC error, truncated or damaged data, unknown compression
            raise UnreadableInput("corrupt_package", f"{name}: {exc}") from None
        self.inflated += len(out)
        if self.inflated > MAX_TOTAL:
            raise UnreadableInput("zip_bomb", "too many bytes inflated")
        return bytes(out)

    def repack(self, skip_media: bool = False) -> bytes:
        """A new archive (stored, not compressed) of the checked members, for libraries that
        read the package themselves: they then read exactly what was checked here."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
            for name in self.infos:
                if name.endswith("/"):
                    continue
                data = b"" if skip_media and _is_media(name) else self.read(name)
                out.writestr(name, data)
        return buffer.getvalue()


def _is_media(name: str) -> bool:
    lower = name.lower()
    return lower.startswith(("word/media/", "pictures/", "media/")) or lower.endswith(
        (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg"))


def read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise UnreadableInput("too_large", size=size // (1024 * 1024))
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableInput("unreadable", exc.strerror or str(exc)) from None
