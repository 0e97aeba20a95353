"""The unified search on the engine under test: Chinese substrings, visibility, filters, paging."""
import pytest
import sqlalchemy as sa

from app.catalog.models import ServiceCategory, ServiceItem
from app.extensions import db
from app.search.index import rebuild
from app.search.query import search
from app.search.tokens import division_prefix


@pytest.mark.clause("6.2-2")
@pytest.mark.clause("6.2-3")
def test_chinese_substrings_find_items_and_guides(app):
    with app.app_context():
        titles = [h.title for h in search(db.session, "计量", page_size=50).hits]
        assert "计量器具检定校准" in titles and "计量检定能力查询" in titles
        # a word that is only in the guide's text finds the item
        assert "计量检定能力查询" in [h.title for h in search(db.session, "法定计量技术机构").hits]
        assert [h.title for h in search(db.session, "计量器具检定").hits][0] == "计量器具检定校准"
        assert search(db.session, "碳").total >= 1  # one character
        assert "计量器具检定校准" in [h.title for h in search(db.session, "jlqj").hits]  # pinyin initials
        assert search(db.session, "区块链元宇宙").total == 0


def test_results_are_counted_per_kind_and_filtered(app):
    with app.app_context():
        everything = search(db.session, "服务")
        assert set(everything.counts) >= {"item", "category"}
        items = search(db.session, "服务", kind="item")
        assert items.total == everything.counts["item"]
        assert all(h.kind == "item" for h in items.hits)
        metrology = search(db.session, "服务", category="metrology")
        assert metrology.total > 0 and all(h.category == "metrology" for h in metrology.hits)


def test_pages_do_not_overlap_and_cover_all(app):
    with app.app_context():
        first = search(db.session, "服务", kind="item", page=0, page_size=5)
        second = search(db.session, "服务", kind="item", page=1, page_size=5)
        assert len(first.hits) == 5 and first.pages >= 2
        assert not {h.url for h in first.hits} & {h.url for h in second.hits}


def test_hidden_category_and_its_items_leave_public_search(app):
    with app.app_context():
        category = db.session.scalar(sa.select(ServiceCategory).where(ServiceCategory.code == "brand"))
        category.visible = False
        db.session.commit()
        try:
            # no public record holds both words now: the fallback shows others, never the hidden items
            hidden = search(db.session, "地理标志", kind="item", page_size=100)
            assert not any("地理标志" in h.title for h in hidden.hits)
            assert search(db.session, "地理标志", kind="item", public_only=False).total >= 1
        finally:
            category.visible = True
            db.session.commit()
        assert search(db.session, "地理标志", kind="item").total >= 1


def test_item_changes_are_indexed_in_the_same_transaction(app):
    with app.app_context():
        item = db.session.scalar(sa.select(ServiceItem).where(ServiceItem.code == "other-carbon-services"))
        old = item.name_zh
        item.name_zh = "碳足迹核算与低碳认证服务"
        db.session.flush()
        assert search(db.session, "低碳认证").total == 1  # visible inside the transaction
        db.session.rollback()
        assert not [h for h in search(db.session, "低碳认证").hits if "低碳认证" in h.title]  # and gone with it
        assert db.session.get(ServiceItem, item.id).name_zh == old


def test_rebuild_gives_the_same_index(app):
    with app.app_context():
        before = search(db.session, "检验检测", page_size=100)
        counts = rebuild(db.session, app.extensions["qi_search"])
        db.session.commit()
        after = search(db.session, "检验检测", page_size=100)
        assert counts["item"] >= 41 and counts["category"] >= 8
        assert sorted(h.url for h in before.hits) == sorted(h.url for h in after.hits)


def test_division_prefixes():
    assert division_prefix("640000") == "64"
    assert division_prefix("640100") == "6401"
    assert division_prefix("640104") == "640104"


def test_the_closest_title_comes_first(app):
    with app.app_context():
        assert search(db.session, "计量").hits[0].title == "计量"
        assert search(db.session, "计量器具").hits[0].title == "计量器具检定校准"


@pytest.mark.parametrize("query", ["服务", "计量", "检测", "GB", "标准 服务"])
def test_one_ranked_statement_gives_the_order_of_the_two_tiers(app, query):
    """While every match is ranked (at most RANKED), SQLite's page of entries comes from one
    statement: the same entries in the same order as the title tier then the body tier, on every page."""
    from app.search import query as q
    from app.search.tokens import parse_query

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the tiers are SQLite's")
        engine, groups, tags = q.SQLiteFTS5(), parse_query(query, {}, cut=False), ["pub"]
        total = engine.count(db.session, groups, tags)
        assert 0 < total <= q.RANKED
        for offset in range(0, total + 3, 3):
            assert [row.id for row in engine.page_rows(db.session, groups, tags, total, offset, 3)] == \
                q._page_ids(engine, db.session, groups, tags, total, offset, 3), offset


def _bulk_entries(kind: str, category: str | None, n: int) -> None:
    """``n`` public entries of ``kind`` titled 批量条目 <i>, straight into the index."""
    from app.search.models import SearchEntry
    from app.search.tokens import entry_tags, index_tokens

    db.session.execute(sa.insert(SearchEntry), [
        {"kind": kind, "ref_id": f"bulk{i}", "title": f"批量条目 {i}", "summary": "", "url": f"/{kind}/bulk{i}",
         "category": category, "region": None, "public": True, "title_tokens": index_tokens(f"批量条目 {i}"),
         "body_tokens": "", "tags": entry_tags(kind, [category] if category else [], None, True)} for i in range(n)])
    db.session.commit()


def test_a_category_page_shows_the_newest_of_a_kind_and_counts_to_2000(make_app):
    """The category page reads each kind's newest entries from an index and counts them up to the cap."""
    from app.search import query as q

    app = make_app()
    with app.app_context():
        category = db.session.scalar(sa.select(ServiceCategory.code).order_by(ServiceCategory.id))
        _bulk_entries("institution", category, q.RANKED + 30)
        sections = q.category_sections(db.session, category, ["institution"])
        hits, total = sections["institution"]
        assert [h.title for h in hits] == [f"批量条目 {i}" for i in range(q.RANKED + 29, q.RANKED + 24, -1)]
        assert total == q.COUNT_CAP
    page = app.test_client().get(f"/category/{category}?_l_=en").get_data(as_text=True)
    assert "All 2,000+" in page and f"批量条目 {q.RANKED + 29}" in page


def test_a_common_word_is_counted_to_2000_and_paged_through_its_first_2000(make_app):
    """Counts stop past RANKED (a million entries holding a common word were all counted): the page
    says 2,000+, pages through the first 2,000, and a page past them is the last one."""
    from app.search import query as q

    app = make_app()
    with app.app_context():
        _bulk_entries("item", None, q.RANKED + 30)
        found = search(db.session, "批量条目", page_size=20)
        assert found.counts["item"] == q.COUNT_CAP and found.badge() == "2,000+" and found.badge("item") == "2,000+"
        assert found.pages == q.RANKED // 20 and not found.reachable
        last = search(db.session, "批量条目", page=10_000, page_size=20)
        assert last.page == found.pages - 1 and len(last.hits) == 20
        seen = {h.url for p in (0, 1) for h in search(db.session, "批量条目", page=p, page_size=20).hits}
        assert len(seen) == 40  # the first pages do not overlap
        assert search(db.session, "批量条目 7").badge() == "111"  # 7, 7x, 7xx, 17xx: below the cap, exact
    page = app.test_client().get("/search/?q=批量条目&_l_=en").get_data(as_text=True)
    assert '<span class="badge">2,000+</span>' in page and "Only the first 2,000 results can be paged through" in page


@pytest.mark.parametrize("query, found", [("GB/T", {"GB/T 19001 质量管理体系", "GB/T 2828 抽样检验"}),
                                          ("g", {"GB/T 19001 质量管理体系", "GB/T 2828 抽样检验", "GB 2760 食品添加剂"}),
                                          ("gb/t 28", {"GB/T 2828 抽样检验"}), ("jj", {"JJG 52 压力表"}),
                                          ("jjg 52", {"JJG 52 压力表"}), ("cas", {"团体标准 T/CAS 1"}),
                                          ("gb 27", {"GB 2760 食品添加剂"})])
def test_one_to_three_letter_prefixes_find_their_entries(make_app, query, found):
    """A prefix of one to three letters or digits is a lexeme of its own on PostgreSQL (qi_core_0031,
    where ``'t':*`` united every token starting with t) and a prefix index on SQLite (qi_core_0028):
    both find what a longer prefix finds."""
    from app.search.models import SearchEntry
    from app.search.tokens import entry_tags, index_tokens

    app = make_app()
    titles = ["GB/T 19001 质量管理体系", "GB/T 2828 抽样检验", "GB 2760 食品添加剂", "JJG 52 压力表", "团体标准 T/CAS 1"]
    with app.app_context():
        db.session.execute(sa.insert(SearchEntry), [
            {"kind": "item", "ref_id": f"p{i}", "title": title, "summary": "", "url": f"/p{i}", "category": None,
             "region": None, "public": True, "title_tokens": index_tokens(title), "body_tokens": "",
             "tags": entry_tags("item", [], None, True)} for i, title in enumerate(titles)])
        db.session.commit()
        hits = {h.title for h in search(db.session, query, kinds=["item"]).hits} & set(titles)
    assert hits == found


def test_postgresql_counts_each_kind_exactly_below_the_cap_whatever_the_other_kinds(make_app):
    """A word common in one kind and rare in another: each kind's count is exact below the cap and
    the cap above it, on both databases (PostgreSQL samples the table to choose how it counts)."""
    from app.search import query as q

    app = make_app()
    with app.app_context():
        _bulk_entries("institution", None, q.RANKED + 30)
        _bulk_entries("item", None, 7)
        found = search(db.session, "批量条目", kinds=["institution", "item"])
        assert found.counts == {"institution": q.COUNT_CAP, "item": 7}
        only_items = search(db.session, "批量条目", kind="item", kinds=["institution", "item"])
        assert only_items.total == 7 and len(only_items.hits) == 7 and {h.kind for h in only_items.hits} == {"item"}


def test_postgresql_matches_come_from_the_scanned_pages_then_the_bitmap(make_app):
    """``qi_search_matches`` (qi_core_0034) scans the pages it is given and takes what they lack from
    the bitmap, outside them, in the table's order: the cap is met and no match comes twice,
    whether the pages hold none, some or more than the cap."""
    app = make_app()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a PostgreSQL function")
        _bulk_entries("institution", None, 600)
        _bulk_entries("item", None, 300)
        q = "'批量' & '#kinditem'"
        table = db.session.execute(sa.text(
            "SELECT id, (ctid::text::point)[0]::int AS block FROM qi_search_entry "
            "WHERE search_vector @@ CAST(:q AS tsquery) ORDER BY ctid"), {"q": q}).all()
        blocks = sorted({b for _, b in table})
        assert len(blocks) > 4
        for cap in (5, 40, 1000):
            for first, last in ((0, 0), (0, 1), (blocks[2], blocks[4]), (blocks[1], blocks[1] + 1), (0, 100_000)):
                inside = [i for i, b in table if first <= b < last][:cap]
                expected = inside + [i for i, b in table if not first <= b < last][:cap - len(inside)]
                got = db.session.scalars(sa.text(
                    "SELECT id FROM qi_search_matches(CAST(:q AS tsquery), CAST(:q AS tsquery), "
                    "CAST(ARRAY[] AS tsquery[]), :cap, :first, :last)"),
                    {"q": q, "cap": cap, "first": first, "last": last}).all()
                assert got == expected, (cap, first, last)


def test_postgresql_pages_are_the_same_whether_scanned_or_read_from_the_bitmap(make_app, monkeypatch):
    """The sample chooses between a scan of the pages holding the first matches and the bitmap; the
    page shown does not depend on the choice."""
    from app.search import query as q

    app = make_app()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the scan is PostgreSQL's")
        _bulk_entries("institution", None, 300)
        _bulk_entries("item", None, q.RANKED + 300)

        scans = []  # the ranges each search chose: (0, 0) for the bitmap
        counts = q.PostgresTsvector.counts

        def spied(self, *args, **kwargs):
            result = counts(self, *args, **kwargs)
            scans.append(self.scans[None])
            return result

        monkeypatch.setattr(q.PostgresTsvector, "counts", spied)

        def pages(row_cost):
            monkeypatch.setattr(q.PostgresTsvector, "SCAN_ROW_COST", row_cost)
            scans.clear()
            return [[h.url for h in search(db.session, "批量条目", kind=kind, page=p, page_size=20).hits]
                    for kind in (None, "item") for p in (0, 7, 99)]

        scanned = pages(0.1)
        assert all(last > first for first, last in scans)
        from_bitmap = pages(10_000)
        assert set(scans) == {(0, 0)}
        assert scanned == from_bitmap and all(len(p) == 20 for p in scanned)
