"""Publishing a build without ever losing a file: which folders may receive it, one build at a time, atomic swap.

- ``refuse_unsafe_output`` refuses any output folder that holds or is part of the
  project's sources, the home folder, ``/``, a file, a symlink, or a non-empty folder
  that no earlier build of this project produced (builds leave a ``STAMP`` file).
- ``BuildLock`` lets one build at a time write beside an output folder; a lock left by a
  killed build is released by the operating system with its process.
- A build is written into a staging folder beside the output (``staging_dir``) and
  swapped in by ``publish``: on Linux and macOS the two folders are exchanged in one
  atomic system call, so at every instant the output folder is either the old complete
  site or the new one. Elsewhere two renames are used, and a kill between them is
  repaired by the next build (``recover``).

The output stays a real folder (not a symlink to a versioned folder) because people copy
it with ``tar``, ``rsync -a`` and upload actions, which would copy a symlink as a symlink.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger("campaign.site.output")

#: Written at the top of every published site; an output folder without it is not ours to replace.
STAMP = ".campaign-site"
STAMP_TEXT = "本目录由活动网站生成器（site_build.py）生成，每次生成网站时整体替换，请不要在这里存放其他文件。\n"
#: Folders of a project that hold sources, never output.
SOURCE_FOLDERS = ("content", "theme", "hooks", "tests", "tools", ".git", ".github", ".ci")


class OutputRefused(Exception):
    """The output folder cannot be used; the message (Chinese) names it and says why."""


def refuse_unsafe_output(site_dir: Path, project_root: Path, sources: list[Path] = (), stamp: str = STAMP,
                         what: str = "网站") -> None:
    """Raise ``OutputRefused`` unless ``site_dir`` may be replaced by a build of the project at ``project_root``.

    ``sources`` adds folders the configuration reads (docs and theme folders) to the
    project's own source folders. A non-empty folder must carry ``stamp`` (left by an
    earlier run of the same kind; ``what`` names that kind in the message). Nothing is touched.
    """
    shown = str(site_dir)
    if site_dir.is_symlink():
        raise OutputRefused(f"输出目录 {shown} 是一个符号链接：请直接写真实的目录，生成时它会被整体替换")
    target = site_dir.resolve()
    root = project_root.resolve()
    home = Path.home().resolve()
    if target == Path(target.anchor):
        raise OutputRefused(f"输出目录不能是根目录 {shown}")
    if target == home:
        raise OutputRefused(f"输出目录不能是用户主目录 {shown}")
    if target == root or root.is_relative_to(target):
        raise OutputRefused(f"输出目录 {shown} 包含整个项目：生成时它会被整体替换，项目文件会丢失；请用 site/ 或项目外的空目录")
    for folder in [root / name for name in SOURCE_FOLDERS] + [Path(s).resolve() for s in sources]:
        if target == folder or target.is_relative_to(folder) or folder.is_relative_to(target):
            raise OutputRefused(f"输出目录 {shown} 与源文件目录 {folder.name}/ 重叠：生成时它会被整体替换，源文件会丢失")
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"输出目录 {shown} 是一个文件，不是目录")
    if target.is_dir() and not (target / stamp).is_file() and any(target.iterdir()):
        raise OutputRefused(f"输出目录 {shown} 已有其他文件，且不是本项目生成的{what}：为免覆盖，请换一个空目录或不存在的目录")


class BuildLock:
    """One build at a time beside ``target``: a lock file locked with ``flock``, holding the owner's process id.

    A second build waits (saying once whose build it waits for). When a build is killed,
    the operating system releases its lock; the stale file is simply reused. ``path``
    puts the lock file elsewhere than beside ``target`` (the offices' posters keep it inside
    their output folder, which is all they may write).
    """

    def __init__(self, target: Path, path: Path | None = None):
        self.path = path if path is not None else target.parent / f".{target.name}.lock"
        self._handle = None

    def acquire(self, wait_message=None) -> None:
        """Take the lock, waiting for another build to finish; ``wait_message(pid)`` is called once if we wait."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "r+" if self.path.exists() else "w+", encoding="ascii")  # noqa: SIM115
        told = False
        while not _try_lock(handle):
            if not told and wait_message is not None:
                handle.seek(0)
                wait_message(handle.read().strip() or "?")
                told = True
            time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Let the next build in (the file stays, unlocked and empty: the same after every run)."""
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.close()  # closing releases the flock
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


def _try_lock(handle) -> bool:
    """Lock ``handle``'s file for this process without waiting; return whether it worked."""
    if os.name == "nt":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}-new-", f".{target.name}-old-"


def staging_dir(target: Path) -> Path:
    """Return a new, empty folder beside ``target`` to build into (call with the lock held, after ``recover``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_prefixes(target)[0], dir=target.parent))


def recover(target: Path) -> None:
    """Repair what an interrupted build left beside ``target`` (call with the lock held).

    If the target is missing but an old copy waits beside it (a kill between the two
    renames where no atomic exchange exists), the old copy is put back. Leftover staging
    and old folders are then removed.
    """
    if not target.parent.is_dir():
        return
    new_prefix, old_prefix = _prefixes(target)
    leftovers = sorted(e for e in target.parent.iterdir() if e.is_dir() and e.name.startswith((new_prefix, old_prefix)))
    if not target.exists():
        for entry in leftovers:
            kept = entry / target.name
            if entry.name.startswith(old_prefix) and kept.is_dir():
                log.info("恢复上一次中断的发布：%s", target)
                os.replace(kept, target)
                break
    for entry in leftovers:
        log.info("清理上一次中断的生成留下的目录：%s", entry.name)
        shutil.rmtree(entry, ignore_errors=True)


def finish(staging: Path) -> None:
    """Stamp a complete build and give it ordinary modes (folders 0755, files 0644) before it is published."""
    (staging / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
    for folder, _subfolders, files in os.walk(staging):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def publish(staging: Path, target: Path) -> None:
    """Put the finished build ``staging`` at ``target``; at no instant is ``target`` missing or half-written.

    With no ``target`` yet, one rename. Otherwise the two folders are exchanged
    atomically and the old site (now at the staging path) is removed.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        _step("exchanged")
    else:  # no atomic exchange on this system: two renames, repaired by recover() if cut between them
        old = Path(tempfile.mkdtemp(prefix=_prefixes(target)[1], dir=target.parent))
        os.rename(target, old / target.name)
        _step("moved-old")
        os.rename(staging, target)
        staging = old
    shutil.rmtree(staging, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove an unfinished build."""
    shutil.rmtree(staging, ignore_errors=True)


def _step(name: str) -> None:
    """A named point inside ``publish``; tests replace this to interrupt publishing there."""


_RENAME_EXCHANGE = 2  # Linux renameat2 flag
_RENAME_SWAP = 2  # macOS renamex_np flag
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic system call; return ``False`` where the system offers none."""
    libc = _libc()
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        result = libc.renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        result = libc.renamex_np(os.fsencode(first), os.fsencode(second), _RENAME_SWAP)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # e.g. a file system without exchange support
    raise OSError(code, os.strerror(code), str(second))


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    except OSError:
        return None
