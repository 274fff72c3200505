from pathlib import Path

import pytest
from sqlalchemy import select

from app.content.models import Document, Guide

GUIDE = """---
title: "Hướng dẫn thử"
slug: {slug}
summary: "Tóm tắt"
category: phan-loai-rac-tai-nguon
order: 1
updated: 2026-11-29
key_points:
  - "Điểm một"
---
Nội dung **{word}**.
"""


def _write(root: Path, slug: str, word: str = "một") -> None:
    (root / "guides").mkdir(parents=True, exist_ok=True)
    (root / "guides" / f"{slug}.md").write_text(GUIDE.format(slug=slug, word=word), encoding="utf-8")


def test_sync_is_idempotent_updates_and_archives(app, runner, db, tmp_path):
    app.config["CONTENT_ROOT"] = str(tmp_path)
    try:
        _write(tmp_path, "huong-dan-a")
        _write(tmp_path, "huong-dan-b")
        first = runner.invoke(args=["content", "sync"])
        assert first.exit_code == 0 and "2 created" in first.output
        second = runner.invoke(args=["content", "sync"])
        assert "0 created, 0 updated, 0 archived, 2 unchanged" in second.output
        _write(tmp_path, "huong-dan-a", word="hai")
        (tmp_path / "guides" / "huong-dan-b.md").unlink()
        third = runner.invoke(args=["content", "sync"])
        assert "1 updated, 1 archived" in third.output
        guides = {g.slug: g for g in db.session.scalars(select(Guide))}
        assert "hai" in guides["huong-dan-a"].body and guides["huong-dan-b"].archived
    finally:
        app.config["CONTENT_ROOT"] = str(Path("content").resolve())


def test_sync_refuses_a_broken_file_and_changes_nothing(app, runner, db, tmp_path):
    app.config["CONTENT_ROOT"] = str(tmp_path)
    try:
        _write(tmp_path, "tot")
        (tmp_path / "guides" / "hong.md").write_text("---\ntitle: [không đóng\n---\nx", encoding="utf-8")
        result = runner.invoke(args=["content", "sync"])
        assert result.exit_code != 0 and "hong.md" in result.output
        assert db.session.scalar(select(Guide)) is None
    finally:
        app.config["CONTENT_ROOT"] = str(Path("content").resolve())


def test_the_real_content_folder_syncs(runner, db):
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    slugs = set(db.session.scalars(select(Guide.slug)))
    assert {"phan-loai-rac-tai-nguon", "khong-dot-rom-ra", "phong-chong-thien-tai-ho-gia-dinh",
            "mo-hinh-truong-hoc-xanh"} <= slugs
    again = runner.invoke(args=["content", "sync"])
    assert "0 created, 0 updated, 0 archived" in again.output


@pytest.mark.parametrize("slug", ["phan-loai-rac-tai-nguon", "khong-dot-rom-ra",
                                  "phong-chong-thien-tai-ho-gia-dinh", "mo-hinh-truong-hoc-xanh"])
def test_guide_pages_and_print_views(client, runner, db, slug):
    runner.invoke(args=["content", "sync"])
    page = client.get(f"/huong-dan/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<h1") == 1 and 'class="key-points"' in html
    assert client.get(f"/huong-dan/{slug}/in").status_code == 200


def test_documents_sync_with_the_plan_and_what_it_implements(runner, db, client):
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0
    documents = {d.slug: d for d in db.session.scalars(select(Document))}
    if not documents:
        pytest.skip("content/documents.yaml not present")
    plans = [d for d in documents.values() if d.implements]
    assert plans, "the commune's plan lists the documents it implements"
    plan = plans[0]
    html = client.get(f"/van-ban/{plan.slug}").get_data(as_text=True)
    for target in plan.implements:
        assert f"/van-ban/{target.slug}" in html
    listing = client.get("/van-ban/?q=72/2020").get_data(as_text=True)
    assert "72/2020/QH14" in listing
