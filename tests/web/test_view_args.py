"""Bad list arguments, action names and downloads of every ModelView give 400/404, never 500
(issue 10, finding 15, HTML views)."""
import pytest
from flask_appbuilder.baseviews import BaseCRUDView


def _list_views(app):
    endpoints = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    views = [(v, endpoints[f"{v.endpoint}.list"]) for v in app.appbuilder.baseviews
             if isinstance(v, BaseCRUDView) and f"{v.endpoint}.list" in endpoints]
    assert len(views) > 25  # core, plugins and FAB's security views
    return views


def _bad_arguments(name: str) -> list[str]:
    return [f"page_{name}=abc", f"page_{name}=99999999999999999999", f"page_{name}=-1",
            f"psize_{name}=abc", f"psize_{name}=1000000000", f"psize_{name}=0",
            f"_oc_{name}=no_such_column&_od_{name}=asc", f"_oc_{name}=id);drop&_od_{name}=desc"]


def test_every_list_refuses_bad_page_size_and_order_arguments_with_400(app, login_as):
    admin = login_as("t_admin")
    failures = []
    for view, path in _list_views(app):
        for query in _bad_arguments(type(view).__name__):
            response = admin.get(f"{path}?{query}&_l_=en")
            if response.status_code != 400 or "list" not in response.get_data(as_text=True):
                failures.append(f"{path}?{query} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_every_list_refuses_a_filter_it_does_not_have_with_400(app, login_as):
    """``_flt_<n>_<column>`` with n past the column's filters (FAB indexes its list: a 500)."""
    admin = login_as("t_admin")
    failures, tried = [], 0
    for view, path in _list_views(app):
        for column in (view.search_columns or [])[:2]:
            past = len(view._filters._all_filters.get(column, ()))  # the start-up filters, outside a request
            if past > 9:  # FAB reads one digit
                continue
            tried += 1
            response = admin.get(f"{path}?_flt_{past}_{column}=x&_l_=en")
            if response.status_code != 400 or f"There is no filter _flt_{past}_" not in response.get_data(as_text=True):
                failures.append(f"{path}?_flt_{past}_{column} -> {response.status_code}")
    assert tried > 15 and not failures, "\n".join(failures)


def test_every_offered_sort_order_works(app, login_as):
    admin = login_as("t_admin")
    failures = []
    for view, path in _list_views(app):
        name = type(view).__name__
        for column in view.order_columns or []:
            response = admin.get(f"{path}?_oc_{name}={column}&_od_{name}=desc&psize_{name}=25&page_{name}=0")
            # A view whose rows are listed on another page (list_endpoint) sends its list there.
            moved = response.status_code == 302 and getattr(view, "list_endpoint", None)
            if response.status_code != 200 and not moved:
                failures.append(f"{path} by {column} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_masked_id_number_is_not_offered_for_sorting(app, login_as):
    admin = login_as("t_admin")
    page = admin.get("/userprofileview/list/").get_data(as_text=True)
    assert "_oc_UserProfileView=id_number_masked" not in page
    response = admin.get("/userprofileview/list/?_oc_UserProfileView=id_number_masked&_od_UserProfileView=asc")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/serviceguideview/action_post", "/ip/ipofferview/action_post"])
def test_an_unknown_action_name_is_a_400(login_as, path):
    admin = login_as("t_admin")
    assert admin.post(path, data={"action": "no_such_action", "rowid": ["1"]}).status_code == 400
    single = path.replace("action_post", "action/no_such_action/1")
    assert admin.post(single).status_code == 400


def test_a_download_from_a_view_without_files_is_a_404(app, login_as):
    admin = login_as("t_admin")
    for view, path in _list_views(app):
        download = path.replace("/list/", "/download/x.pdf")
        if any(rule.rule == download.replace("x.pdf", "<string:filename>") for rule in app.url_map.iter_rules()):
            assert admin.get(download).status_code == 404, download
