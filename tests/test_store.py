"""The store: atomic writes, verified reads, and damaged products made anew, reported once, never published."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest
from campaign.posters.fonts import FACES
from campaign.store import Store, digest, write_atomic
from conftest import MINI, build_project, make_project


def test_an_entry_is_read_back_with_its_facts(tmp_path):
    store = Store(tmp_path)
    key = digest({"product": 1})
    store.put(key, {"png": b"image", "txt": lambda path: path.write_bytes(b"streamed")}, {"pixels": [1, 2]})
    entry = Store(tmp_path).get(key)
    assert entry.files["png"].read() == b"image" and entry.files["txt"].read() == b"streamed"
    assert entry.files["txt"].sha256 == hashlib.sha256(b"streamed").hexdigest()
    assert entry.facts == {"pixels": [1, 2]}


@pytest.mark.parametrize("damage", ["same size", "truncated", "missing", "record edited", "record garbage"])
def test_a_damaged_entry_is_not_returned_and_is_reported_once(tmp_path, caplog, damage):
    store = Store(tmp_path)
    key = digest("k")
    entry = store.put(key, {"png": b"0123456789"}, {"n": 1})
    record = next((tmp_path / "records").rglob("*.json"))
    path = entry.files["png"].path
    if damage == "same size":
        path.write_bytes(b"9876543210")
    elif damage == "truncated":
        path.write_bytes(b"01234")
    elif damage == "missing":
        path.unlink()
    elif damage == "record edited":
        data = json.loads(record.read_text(encoding="utf-8"))
        data["body"]["facts"]["n"] = 2
        record.write_text(json.dumps(data), encoding="utf-8")
    else:
        record.write_bytes(b"\x00{not json")
    reader = Store(tmp_path)
    with caplog.at_level(logging.WARNING, logger="campaign.store"):
        assert reader.get(key) is None
        assert reader.get(key) is None
    assert [r.getMessage() for r in caplog.records].count(caplog.records[0].getMessage()) == 1
    assert "已损坏" in caplog.records[0].getMessage()
    made = reader.get_or_make(key, lambda: ({"png": b"0123456789"}, {"n": 1}))
    assert made.files["png"].read() == b"0123456789" and reader.get(key) is not None


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")

    def failing(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(target, failing)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.bin"]
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and oct(target.stat().st_mode & 0o777) == "0o644"


# --- every stored product, damaged between builds -----------------------------------------------------

#: Published files that come from the store, one of each kind of product.
PRODUCTS = {
    "poster": "posters/ceshi-kouhao-yi-print-a4.png",
    "preview": "posters/ceshi-kouhao-yi-preview-240.webp",
    "bundle": "posters/bundles/all.zip",
    "contact sheet": "posters/contact-sheet.png",
    "share card": "assets/share/index.png",
    "web font": "assets/fonts/slogans.woff2",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The fixture campaign built once with posters into its own store: (project, store, site digest)."""
    base = tmp_path_factory.mktemp("stored")
    project = make_project(base / "project", campaign=MINI)
    build_project(project, base / "site", posters=True, cache=base / "store")
    site = base / "site"
    return project, base / "store", {name: sha256(site / name) for name in PRODUCTS.values()}


@pytest.mark.parametrize("damage", ["same size", "truncated"])
def test_every_damaged_product_is_made_anew_and_the_strict_build_passes(stored, tmp_path, caplog, damage):
    project, store, published = stored
    objects = {sha: path for path in (store / "objects").rglob("*") if path.is_file()
               for sha in [sha256(path)]}
    for name in PRODUCTS.values():
        path = objects[published[name]]
        size = path.stat().st_size
        path.unlink()  # published sites may hold a hard link to the old bytes: never write through it
        path.write_bytes(bytes(size) if damage == "same size" else b"\x89PNG" * 3)
    with caplog.at_level(logging.INFO):
        build_project(project, tmp_path / "site", posters=True, cache=store)  # --strict: a warning would fail it
    for kind, name in PRODUCTS.items():
        assert sha256(tmp_path / "site" / name) == published[name], kind
    healed = [r.getMessage() for r in caplog.records if r.name == "campaign.store"]
    assert len(healed) == len(PRODUCTS) - 1 and all("已损坏" in m for m in healed)  # poster and preview: one job
    assert not [r for r in caplog.records if r.name.startswith("mkdocs") and r.levelno >= logging.WARNING]


def test_damaged_records_of_font_metrics_and_passed_checks_are_made_anew(stored, tmp_path, caplog):
    project, store, published = stored
    damaged = series = slice_plans = 0
    for record in (store / "records").rglob("*.json"):
        body = json.loads(record.read_text(encoding="utf-8"))["body"]
        if not body["files"]:  # metrics, passed checks, series settings and font slice plans keep only facts
            series += "settings" in body["facts"]
            slice_plans += "slices" in body["facts"]
            record.write_text(record.read_text(encoding="utf-8").replace('"facts":{', '"facts":{"x":1,', 1),
                              encoding="utf-8")
            damaged += 1
    # Each face's metrics, one passed poster check, one passed share card check, each series' settings
    # and the 定制落款 page's plan of its font slices.
    assert series > 0 and slice_plans == 1 and damaged == len(FACES) + 2 + series + slice_plans
    with caplog.at_level(logging.INFO):
        build_project(project, tmp_path / "site", posters=True, cache=store)
    assert len([r for r in caplog.records if r.name == "campaign.store"]) == damaged
    assert sha256(tmp_path / "site" / PRODUCTS["poster"]) == published[PRODUCTS["poster"]]
