"""Each category page shows its plugins' query forms, which lead to the answer (6.2-1, 6.2-3)."""
import pytest


@pytest.fixture(scope="module", autouse=True)
def demo(app):
    app.test_cli_runner().invoke(args=["qi", "demo"])


@pytest.mark.clause("6.2-1")
@pytest.mark.parametrize("code, action, field", [
    ("standardization", "/standardization/validity", "number"), ("metrology", "/metrology/capabilities", "instrument"),
    ("testing", "/testing/match", "parameters"), ("testing", "/testing/verify", "code"),
    ("certification", "/certification/lookup", "number"), ("certification", "/certification/ccc", "product"),
    ("ip", "/ip/search", "q")])
def test_a_category_page_carries_its_query_forms(client, code, action, field):
    page = client.get(f"/category/{code}").get_data(as_text=True)
    form = page[page.index(f'action="{action}"'):]
    assert f'name="{field}"' in form[:form.index("</form>")]


@pytest.mark.clause("6.2-3")
def test_the_standard_form_of_the_category_page_answers(client):
    page = client.get("/standardization/validity?number=GB/T 1.1-2009").get_data(as_text=True)
    assert "GB/T 1.1-2020" in page  # 2009 is replaced by 2020
