"""Faults of the machine, not of the content: one Chinese sentence that names the file and says what to do.

A full disk, a read-only or forbidden folder, a damaged disk: these stop a build whatever
the content says. ``describe`` turns the operating system's error into the sentence staff
read instead of a Python traceback; the build has not replaced the published site.
"""

from __future__ import annotations

import errno
import os

_NO_PERMISSION = ("没有权限", "请检查这个文件或目录的权限，或换一个可以写入的目录")
_WHAT_TO_DO = {
    errno.ENOSPC: ("磁盘已满", "请清理磁盘空间（也可以删除项目中的 .cache/ 缓存目录，它会自动重建）后再试"),
    errno.EDQUOT: ("磁盘配额已用完", "请清理空间或请管理员增加配额后再试"),
    errno.EFBIG: ("文件超过了系统允许的大小", "请清理空间或请管理员放宽限制后再试"),
    errno.EROFS: ("所在的磁盘是只读的", "请换一个可以写入的输出目录（--site-dir）或缓存目录（CAMPAIGN_CACHE）"),
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
    errno.ENOENT: ("不存在", "请检查路径是否写对，文件是否被删除或移动"),
    errno.EIO: ("读写出错（磁盘可能有故障）", "请检查磁盘后再试"),
    errno.ENAMETOOLONG: ("路径太长", "请换一个短一些的目录"),
    errno.ELOOP: ("的符号链接绕成了圈", "请删除这个符号链接"),
    errno.EISDIR: ("是一个目录，不是文件", "请检查路径"),
    errno.ENOTDIR: ("路径中有一段不是目录", "请检查路径"),
}


#: Errors of a disk that has no room: whatever file the system names, the disk being written is the one that is full.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def blame_writing(err: OSError, written: list) -> OSError:
    """Return ``err`` naming the first of ``written`` (folders being written) if the disk is full and it names
    a file outside them (a copy names its source); otherwise ``err`` itself."""
    path = err.filename
    if err.errno not in DISK_FULL or not written:
        return err
    if path is not None and any(os.fsdecode(path).startswith(str(folder)) for folder in written):
        return err
    return OSError(err.errno, err.strerror, str(written[0]))


#: What a failed site build leaves, said after every fault.
SITE_UNCHANGED = "网站没有更新，原来的网站保持不变。"


def describe(err: OSError, shown=None, outcome: str = SITE_UNCHANGED) -> str:
    """Return one Chinese sentence for ``err``: the file it concerns, what happened and what to do.

    ``shown(path) -> str`` may rewrite the path for display (e.g. the staging folder as the output);
    ``outcome`` says what the failed command leaves behind.
    """
    path = err.filename if err.filename is not None else err.filename2
    where = (shown(os.fsdecode(path)) if shown else os.fsdecode(path)) if path is not None else "（未知文件）"
    what, todo = _WHAT_TO_DO.get(err.errno, (f"无法读写（{err.strerror or err}）", "请检查磁盘和目录权限后再试"))
    joiner = "" if what.startswith("的") else "："
    return f"{where}{joiner}{what}，{todo}。{outcome}"
