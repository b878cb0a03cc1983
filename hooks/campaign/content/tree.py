"""The files of a folder the build publishes from (``content/``, the theme), read without leaving it.

MkDocs walks ``content/`` following every symlink: a link to ``/etc/passwd`` or a home
folder is published as it is, and a link to a parent folder makes the walk endless.
``read_tree`` walks the folder itself first, following a symlink only when it resolves
inside the folder (or the other folders it is told are safe), and reports every link
that leaves, dangles or loops. With ``policy`` set (for ``content/``), it also refuses
file names that break addresses and kinds of file the site must not serve.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ContentProblem

#: The one suffix of pages. MkDocs also renders ``.markdown``, ``.mdown``, ``.mkdn`` and ``.mkd``; they are refused
#: so that every page goes through the same check.
PAGE_SUFFIX = ".md"
OTHER_MARKDOWN_SUFFIXES = frozenset({".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"})
#: Files other than pages that ``content/`` may hold: pictures and documents for download.
ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".ofd", ".doc", ".docx", ".xls",
                            ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps", ".txt", ".csv", ".zip"})
#: Characters that break an address or a link when they are part of a file name.
_BAD_NAME_CHARACTERS = set('#?%"\'<>\\|*:`') | {chr(c) for c in range(0x20)} | {"\x7f"}


@dataclass(frozen=True)
class TreeFile:
    """One file of the folder: its path relative to the folder (as MkDocs will name it) and where it is."""

    rel: str  # posix, relative to the folder
    path: Path  # the path through the folder (symlinks inside it are fine)

    @property
    def hidden(self) -> bool:
        """Return whether MkDocs leaves this file out of the site (a dot file or a file in a dot folder)."""
        return any(part.startswith(".") for part in self.rel.split("/"))


@dataclass
class Tree:
    """What ``read_tree`` found: the files it may use and every problem on the way."""

    root: Path
    files: list[TreeFile] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)

    def published(self) -> list[TreeFile]:
        """Return the files MkDocs will publish (not hidden), by path."""
        return sorted((f for f in self.files if not f.hidden), key=lambda f: f.rel)


def read_tree(folder: Path, shown_prefix: str, *, also_inside: tuple[Path, ...] = (), policy: bool = False) -> Tree:
    """Return the files under ``folder`` and the problems of its symlinks (and, with ``policy``, of its files).

    A symlink is followed only if it resolves inside ``folder`` or one of ``also_inside``;
    one that leaves them, dangles, or leads back into a folder it is in is a problem that
    names it and its target. ``shown_prefix`` is put before relative paths in messages.
    """
    root = Path(os.path.realpath(folder))
    bounds = [root, *(Path(os.path.realpath(p)) for p in also_inside)]
    tree = Tree(Path(folder))
    if not root.is_dir():
        tree.problems.append(ContentProblem(shown_prefix.rstrip("/") or str(folder), 1, 1, "目录不存在"))
        return tree
    _walk(Path(folder), "", [root], bounds, shown_prefix, tree, policy)
    if policy:
        _check_case_clashes(tree, shown_prefix)
    return tree


def _walk(folder: Path, rel: str, ancestors: list[Path], bounds: list[Path], prefix: str, tree: Tree,
          policy: bool) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        tree.problems.append(ContentProblem(prefix + rel or str(folder), 1, 1, f"无法读取这个目录：{err.strerror}"))
        return
    for entry in entries:
        entry_rel = f"{rel}{entry.name}"
        shown = prefix + entry_rel
        path = Path(entry.path)
        if policy:
            _check_name(entry.name, shown, tree)
        if entry.is_symlink():
            target = _resolve(path, shown, bounds, tree)
            if target is None:
                continue
            if target.is_dir():
                if any(target == a or a.is_relative_to(target) for a in ancestors):
                    tree.problems.append(ContentProblem(
                        shown, 1, 1, f"符号链接指向它所在的目录或上级目录（{target}），会让网站生成无限循环：请删除这个链接"))
                    continue
                _walk(path, entry_rel + "/", [*ancestors, target], bounds, prefix, tree, policy)
                continue
            _add_file(path, entry_rel, shown, tree, policy)
        elif entry.is_dir(follow_symlinks=False):
            _walk(path, entry_rel + "/", [*ancestors, Path(os.path.realpath(path))], bounds, prefix, tree, policy)
        elif entry.is_file(follow_symlinks=False):
            _add_file(path, entry_rel, shown, tree, policy)
        else:
            tree.problems.append(ContentProblem(shown, 1, 1, "这不是普通文件（设备、管道或套接字），请删除"))


def _resolve(path: Path, shown: str, bounds: list[Path], tree: Tree) -> Path | None:
    """Return where a symlink leads if that is inside ``bounds``; otherwise record why not and return ``None``."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as err:
        if err.errno == errno.ELOOP:  # links that lead to each other
            tree.problems.append(ContentProblem(shown, 1, 1, f"符号链接绕成了圈（{os.readlink(path)}），无法读取：请删除这个链接"))
        else:
            tree.problems.append(ContentProblem(shown, 1, 1, f"符号链接指向不存在的文件：{os.readlink(path)}，请删除这个链接"))
        return None
    if not any(target == b or target.is_relative_to(b) for b in bounds):
        tree.problems.append(ContentProblem(
            shown, 1, 1, f"符号链接指向 {bounds[0].name}/ 之外的 {target}：网站只能发布 {bounds[0].name}/ 里的文件，"
                         "请删除这个链接，需要的内容请复制进来"))
        return None
    return target


def _add_file(path: Path, rel: str, shown: str, tree: Tree, policy: bool) -> None:
    tree.files.append(TreeFile(rel, path))
    if not policy or TreeFile(rel, path).hidden:
        return
    suffix = os.path.splitext(rel)[1]
    if suffix == PAGE_SUFFIX or suffix.lower() in ASSET_SUFFIXES:
        return
    if suffix.lower() in OTHER_MARKDOWN_SUFFIXES or suffix.lower() == PAGE_SUFFIX:
        tree.problems.append(ContentProblem(shown, 1, 1, f"页面文件请以小写的 {PAGE_SUFFIX} 结尾（不要用 {suffix}）"))
        return
    kinds = "、".join(sorted(ASSET_SUFFIXES))
    tree.problems.append(ContentProblem(
        shown, 1, 1, f"content/ 中不能放 {suffix or '没有扩展名的'} 文件：网站会原样发布它，网页、脚本、样式和 SVG 可能运行脚本。"
                     f"页面请用 .md，图片和附件只能是 {kinds}"))


def _check_name(name: str, shown: str, tree: Tree) -> None:
    bad = sorted({c for c in name if c in _BAD_NAME_CHARACTERS or unicodedata.category(c) in ("Cf", "Zl", "Zp")})
    if bad:
        listed = "、".join(f"U+{ord(c):04X}" if not c.isprintable() or c.isspace() else f"“{c}”" for c in bad)
        tree.problems.append(ContentProblem(
            shown, 1, 1, f"文件名中有不能用在网址里的字符 {listed}：请改名（建议只用小写英文字母、数字和连字符）"))
    elif name != name.strip():
        tree.problems.append(ContentProblem(shown, 1, 1, "文件名的开头或结尾有空格，请改名"))


def _check_case_clashes(tree: Tree, prefix: str) -> None:
    seen: dict[str, str] = {}
    for file in sorted(tree.files, key=lambda f: f.rel):
        key = file.rel.lower()
        if key in seen and seen[key] != file.rel:
            tree.problems.append(ContentProblem(
                prefix + file.rel, 1, 1, f"与 {prefix}{seen[key]} 只差大小写：在 Windows、macOS 和不少网站服务器上它们是同一个文件，请改名"))
        seen.setdefault(key, file.rel)
