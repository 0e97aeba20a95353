"""The menu API stays proportional to the menu (FAB 5.3 doubled its name list per submenu)."""


def _items(menu):
    return sum(1 + _items(item.childs) for item in menu)


def test_the_menu_name_list_holds_each_item_once(app):
    with app.app_context():
        menu = app.appbuilder.menu
        names = menu.get_flat_name_list()
        assert len(names) == _items(menu.get_list())


def test_an_administrator_gets_the_menu_from_the_api(app, client):
    token = client.post("/api/v1/security/login", json={
        "username": "t_admin", "password": "pw-admin-1", "provider": "db"}).get_json()["access_token"]
    response = client.get("/api/v1/menu/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    names = [entry["name"] for entry in response.get_json()["result"]]
    assert len(names) == len(set(names)) and len(names) > 10
