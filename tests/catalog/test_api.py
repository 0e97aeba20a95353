"""The catalog's REST API: read-only for everyone, published guides only."""
import sqlalchemy as sa

from app.extensions import db


def test_anonymous_reads_categories_items_and_published_guides(app, client):
    categories = client.get("/api/v1/category/?q=(page_size:100)").get_json()
    codes = {c["code"] for c in categories["result"]}
    assert {"metrology", "quality", "other"} <= codes
    items = client.get("/api/v1/service_item/?q=(page_size:100)").get_json()
    assert items["count"] >= 41
    guides = client.get("/api/v1/service_guide/?q=(page_size:100)").get_json()
    assert guides["count"] >= 40
    with app.app_context():
        drafts = db.session.scalar(sa.text("SELECT count(*) FROM qi_service_guide WHERE status = 'draft'"))
        published = db.session.scalar(sa.text("SELECT count(*) FROM qi_service_guide WHERE status = 'published'"))
    assert guides["count"] == published and (drafts == 0 or guides["count"] < published + drafts)


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/category/", json={"code": "x"}).status_code in (401, 403, 405)
    assert client.delete("/api/v1/service_item/1").status_code in (401, 403, 405)


def test_the_api_is_in_the_openapi_spec(app):
    client = app.test_client()
    token = client.post("/api/v1/security/login", json={
        "username": "t_admin", "password": "pw-admin-1", "provider": "db"}).get_json()["access_token"]
    spec = client.get("/api/v1/_openapi", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {"/api/v1/category/", "/api/v1/service_item/", "/api/v1/service_guide/"} <= set(spec["paths"])
