"""Where a log comes from: a path, bytes, or an uploaded file; zips; size limits; text."""
from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from ._table import FORMATS_HELP, MAX_BYTES, LogFormatError

ZIP_MAGIC = b"PK\x03\x04"
# Folders that never hold logs: macOS zip metadata, MLflow's bin, version control.
SKIPPED_DIRS = frozenset({"__MACOSX", ".trash", ".git"})


def human_size(n: float) -> str:
    """``"512 bytes"``, ``"3.2 MB"``."""
    if n < 1000:
        return f"{int(n)} bytes"
    for unit in ("kB", "MB", "GB"):
        n /= 1000
        if n < 1000 or unit == "GB":
            return f"{n:.1f} {unit}"
    return f"{n:.1f} GB"  # pragma: no cover


def too_big(name: str, size: int, max_bytes: int) -> LogFormatError:
    return LogFormatError(
        f"'{name}' is {human_size(size)}, more than the {human_size(max_bytes)} limit; "
        "read a smaller part of the log (fewer runs or metrics), or pass a larger max_bytes.")


@dataclass(frozen=True)
class Source:
    """A log to read: a file or folder on disk (``path``) or bytes in memory (``data``).

    ``name`` is what messages call it (a file name, never a temporary path).
    """

    name: str
    path: Path | None = None
    data: bytes | None = None

    @property
    def is_dir(self) -> bool:
        return self.path is not None and self.path.is_dir()

    @property
    def is_zip(self) -> bool:
        return not self.is_dir and self.head(4) == ZIP_MAGIC

    @property
    def stem(self) -> str:
        """The name without folders and without its last extension (``run1`` for ``run1.csv``)."""
        base = PurePosixPath(self.name.replace("\\", "/")).name or self.name
        stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
        return stem or base

    def head(self, n: int) -> bytes:
        if self.data is not None:
            return self.data[:n]
        if self.path is None or self.path.is_dir():
            return b""
        with open(self.path, "rb") as f:
            return f.read(n)

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.path is None or self.path.is_dir():
            raise LogFormatError(f"'{self.name}' is a folder; choose a file inside it.")
        try:
            return self.path.read_bytes()
        except OSError as err:
            raise LogFormatError(f"'{self.name}' could not be opened ({err.strerror}); "
                                 "check that the file exists and is readable.") from err


def open_source(source, name: str | None = None, max_bytes: int = MAX_BYTES) -> Source:
    """Normalize ``source`` (path, bytes, or an object with ``getvalue()``/``read()``).

    Parameters
    ----------
    source : str, os.PathLike, bytes, file-like or Source
        A path to a file or folder; raw bytes; or an uploaded file such as Streamlit's
        ``UploadedFile`` (its ``.name`` is used when ``name`` is not given).
    name : str, optional
        Name to use in messages and as the run name of single-run files.
    max_bytes : int
        Largest accepted input, in bytes.

    Raises
    ------
    LogFormatError
        If the path does not exist or the input is larger than ``max_bytes``.
    """
    if isinstance(source, Source):
        return source
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            return Source(name or path.resolve().name or str(path), path=path)
        if not path.is_file():
            raise LogFormatError(f"No file or folder '{path}' was found; check the path.")
        size = path.stat().st_size
        if size > max_bytes:
            raise too_big(name or path.name, size, max_bytes)
        return Source(name or path.name, path=path)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "getvalue"):
        data = source.getvalue()
    elif hasattr(source, "read"):
        data = source.read(max_bytes + 1)
    else:
        raise TypeError("A log source is a path, bytes, or a file-like object "
                        f"(with getvalue() or read()), not {type(source).__name__}.")
    if isinstance(data, str):
        data = data.encode("utf-8")
    label = str(name or getattr(source, "name", None) or "uploaded log")
    if len(data) > max_bytes:
        raise too_big(label, len(data), max_bytes)
    return Source(label, data=bytes(data))


def _safe_parts(member: str) -> tuple[str, ...] | None:
    """The path parts of a zip member, or None when it could escape the target folder."""
    path = member.replace("\\", "/")
    parts = tuple(p for p in PurePosixPath(path).parts if p not in ("", "."))
    if path.startswith("/") or any(p == ".." or ":" in p for p in parts) or not parts:
        return None
    if SKIPPED_DIRS.intersection(parts[:-1]):
        return None
    return parts


def zip_members(source: Source) -> list[str]:
    """The file names inside a zip ``source``, without opening any of them."""
    with _open_zip(source) as archive:
        return [i.filename for i in archive.infolist()
                if not i.is_dir() and _safe_parts(i.filename) is not None]


@contextmanager
def _open_zip(source: Source) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.read_bytes()))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as err:
        raise LogFormatError(f"'{source.name}' is not a readable .zip archive ({err}); "
                             "create the archive again and upload it.") from err
    with archive:
        yield archive


def _extract(source: Source, target: Path, max_bytes: int) -> None:
    """Extract the safe members of a zip into ``target``, stopping at ``max_bytes``."""
    with _open_zip(source) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if sum(i.file_size for i in infos) > max_bytes:
            raise too_big(f"{source.name} (unzipped)", sum(i.file_size for i in infos),
                          max_bytes)
        written = 0
        for info in infos:
            parts = _safe_parts(info.filename)
            if parts is None:
                continue
            out = target.joinpath(*parts)
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as src, open(out, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > max_bytes:
                            raise too_big(f"{source.name} (unzipped)", written, max_bytes)
                        dst.write(chunk)
            except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError,
                    EOFError, OSError, ValueError) as err:
                raise LogFormatError(
                    f"'{info.filename}' inside '{source.name}' could not be extracted ({err}); "
                    "create the archive again without encryption.") from err


@contextmanager
def as_directory(source: Source, max_bytes: int = MAX_BYTES) -> Iterator[tuple[Path, str]]:
    """A folder holding ``source`` (itself, or a zip extracted to a temporary folder).

    Yields ``(folder, name)``; ``name`` is the folder's or the zip's name without ``.zip``.
    """
    if source.is_dir:
        assert source.path is not None
        yield source.path, source.name
    elif source.is_zip:
        with tempfile.TemporaryDirectory(prefix="laws-logs-") as tmp:
            _extract(source, Path(tmp), max_bytes)
            yield Path(tmp), source.stem
    else:
        raise LogFormatError(f"'{source.name}' is neither a folder nor a .zip archive; "
                             f"this format needs one. Expected {FORMATS_HELP}.")


@contextmanager
def as_file(source: Source, must_contain: str = "") -> Iterator[Path]:
    """A path on disk holding ``source``'s bytes, whose name contains ``must_contain``."""
    if source.path is not None and must_contain in source.path.name:
        yield source.path
        return
    data = source.read_bytes()
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", PurePosixPath(source.name).name)[:100] or "log"
    if must_contain not in safe:
        safe = f"{must_contain}.{safe}"
    with tempfile.TemporaryDirectory(prefix="laws-logs-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        yield path


def list_files(root: Path) -> list[Path]:
    """Every file under ``root`` (sorted), skipping `SKIPPED_DIRS` and symbolic links."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if not path.is_symlink():
                out.append(path)
    return out


def check_total_size(name: str, files: list[Path], max_bytes: int) -> None:
    """Raise when ``files`` together are larger than ``max_bytes``."""
    total = sum(f.stat().st_size for f in files)
    if total > max_bytes:
        raise too_big(name, total, max_bytes)


def looks_binary(data: bytes) -> bool:
    """True when ``data`` has a NUL byte or more than 1% control characters."""
    sample = data[:4096]
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in sample)
    return b"\x00" in sample or controls > len(sample) // 100


def read_text(source: Source) -> str:
    """The text of ``source``, decoded from UTF-8 (or UTF-16 with a byte-order mark).

    Raises
    ------
    LogFormatError
        If the file is empty, binary, or not UTF-8.
    """
    data = source.read_bytes()
    empty = LogFormatError(f"'{source.name}' is empty; choose a file that contains logged values.")
    if not data.strip():
        raise empty
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        elif looks_binary(data):
            raise LogFormatError(
                f"'{source.name}' looks like a binary file, not a text log; expected "
                f"{FORMATS_HELP}. Check that you chose the right file.")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LogFormatError(
            f"'{source.name}' is not UTF-8 text (byte {err.start} cannot be decoded). If it "
            f"is a text log, save it again as UTF-8; otherwise expected {FORMATS_HELP}.") from err
    if not text.strip():
        raise empty
    return text
