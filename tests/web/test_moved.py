"""Pages that moved under their plugin's address (issue 11) still answer at the old one: bookmarks,
links typed into guides and site messages sent before the move keep working."""
import pytest


@pytest.mark.parametrize("old, new", [
    ("/standards/validity?numbers=GB+1", "/standardization/validity?numbers=GB+1"),
    ("/certification-bodies/", "/certification/bodies/"),
    ("/ipofferview/show/7", "/ip/ipofferview/show/7"),  # in messages sent about a listing
    ("/instrumentview/list/", "/metrology/instrumentview/list/"),
    ("/api/v1/standard/?q=(page:0)", "/api/v1/standardization_standard/?q=(page:0)"),
])
def test_an_old_address_redirects_permanently_to_the_new_one(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"].endswith(new)


def test_a_post_to_an_old_address_is_not_redirected(client):
    assert client.post("/standards-import/", data={}).status_code in (400, 404)


def test_an_unknown_address_is_still_a_404(client):
    assert client.get("/standardsx/validity").status_code == 404
    assert client.get("/no-such-page").status_code == 404


def test_a_malformed_old_address_refuses_the_view():
    from flask_appbuilder import BaseView

    from app import access

    class SomeView(BaseView):
        route_base = "/widener/some"

    with pytest.raises(access.AccessError, match="moved_from"):
        access.prepare("widener", [{"view": SomeView, "moved_from": "/standards"}])  # a string, not a tuple
