"""The one place that writes files: atomic writes, and a content-addressed store of build products.

Every product that is expensive to make (posters and their thumbnails, ZIP bundles, the
contact sheet, share cards, the web font, font metrics, passed checks) is kept in a
``Store`` under the key of everything that went into it. An entry is a record (JSON, with
a checksum of itself) naming its files and their SHA-256; every read hashes the bytes
again, so a damaged, truncated or edited entry is made anew and reported once, never
published.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("campaign.store")

#: Mode of every file the project writes (published files must be readable by a web server).
FILE_MODE = 0o644
#: Bump when the record layout changes; older records are then simply not found.
RECORD_VERSION = 1
_CHUNK = 1 << 20


def canonical_json(value: object) -> str:
    """Return ``value`` as canonical JSON (sorted keys, no spaces, UTF-8 text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(material: object) -> str:
    """Return the SHA-256 hex key of ``material`` (anything JSON can hold), as canonical JSON."""
    return hashlib.sha256(canonical_json(material).encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    """Return the SHA-256 hex digest of the file at ``path``, read in chunks."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            sha.update(chunk)
    return sha.hexdigest()


def write_atomic(path: Path, data: bytes | Callable[[Path], None]) -> None:
    """Write ``path`` so that it holds either its old content or all of the new one, never a part.

    ``data`` is the bytes, or a function that writes the file it is given (for products
    too large to hold in memory). The file is written beside ``path`` and renamed over it;
    it gets mode 0644. On any error the temporary file is removed and the error raised (an
    ``OSError`` naming ``path``).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from err
    try:
        if callable(data):
            os.close(handle)
            data(Path(temporary))
        else:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except OSError as err:  # name the file being written, not its temporary neighbour
        Path(temporary).unlink(missing_ok=True)
        raise OSError(err.errno, err.strerror, str(path)) from err
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def place(source: Path, dest: Path) -> None:
    """Put a copy of ``source`` at ``dest``: a hard link when possible (store files never change in place)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        write_atomic(dest, lambda temporary: shutil.copyfile(source, temporary))


@dataclass(frozen=True)
class StoredFile:
    """One file of an entry: where it is, how many bytes and their SHA-256 (verified when read)."""

    path: Path
    bytes: int
    sha256: str

    def read(self) -> bytes:
        """Return the file's bytes."""
        return self.path.read_bytes()


@dataclass(frozen=True)
class Entry:
    """A product in the store: its key, its files by name and the facts recorded with them."""

    key: str
    files: dict[str, StoredFile] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)


class Store:
    """Products under ``root``, each found by the key of its inputs and verified on every read.

    ``root/objects/ab/<key>.<name>`` holds the files, ``root/records/ab/<key>.json`` the
    record that names them. The record is written last, so an entry exists only once all
    its files do. Safe for several processes at once: every write is atomic and two
    writers of one key write the same bytes.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self._reported: set[str] = set()

    def object_path(self, key: str, name: str) -> Path:
        """Return where file ``name`` of entry ``key`` is kept."""
        return self.root / "objects" / key[:2] / f"{key}.{name}"

    def _record_path(self, key: str) -> Path:
        return self.root / "records" / key[:2] / f"{key}.json"

    def get(self, key: str) -> Entry | None:
        """Return the entry ``key`` if it is present and every byte checks out, else ``None``.

        A damaged entry (unreadable record, a file missing, or bytes whose SHA-256 differs
        from the record) is removed and reported once; the caller makes it anew.
        """
        try:
            text = self._record_path(key).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as err:
            return self._damaged(key, f"记录无法读取（{err}）")
        try:
            record = json.loads(text)
            body = record["body"]
            if record["sha256"] != digest(body) or body["version"] != RECORD_VERSION or body["key"] != key:
                return self._damaged(key, "记录的校验值不符")
            files = {}
            for name, info in body["files"].items():
                path = self.object_path(key, name)
                if not path.is_file():
                    return self._damaged(key, f"缺少文件 {path.name}")
                if file_sha256(path) != info["sha256"]:
                    return self._damaged(key, f"文件 {path.name} 的内容与记录的 SHA-256 不符")
                files[name] = StoredFile(path, int(info["bytes"]), info["sha256"])
            return Entry(key, files, body["facts"])
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            return self._damaged(key, f"记录格式不对（{err!r}）")

    def put(self, key: str, files: dict[str, bytes | Callable[[Path], None]], facts: dict | None = None) -> Entry:
        """Store ``files`` (bytes, or functions that write a given path) and ``facts`` under ``key``; return the entry."""
        stored = {}
        for name, data in files.items():
            path = self.object_path(key, name)
            write_atomic(path, data)
            size, sha = (len(data), hashlib.sha256(data).hexdigest()) if isinstance(data, bytes) else (
                path.stat().st_size, file_sha256(path))
            stored[name] = StoredFile(path, size, sha)
        body = {
            "version": RECORD_VERSION,
            "key": key,
            "files": {name: {"bytes": f.bytes, "sha256": f.sha256} for name, f in sorted(stored.items())},
            "facts": facts or {},
        }
        record = {"sha256": digest(body), "body": body}
        write_atomic(self._record_path(key), (canonical_json(record) + "\n").encode("utf-8"))
        return Entry(key, stored, body["facts"])

    def get_or_make(self, key: str, make: Callable[[], tuple[dict, dict]]) -> Entry:
        """Return entry ``key``, first making it with ``make() -> (files, facts)`` if it is absent or damaged."""
        entry = self.get(key)
        if entry is None:
            files, facts = make()
            entry = self.put(key, files, facts)
        return entry

    def _damaged(self, key: str, why: str) -> None:
        if key not in self._reported:
            self._reported.add(key)
            log.warning("缓存条目 %s 已损坏（%s），将重新生成", key[:12], why)
        self._record_path(key).unlink(missing_ok=True)
        return None
