"""Shared by the web-layer tests: a CSRF-enabled app's sign-in, and a snapshot of the whole database."""
import re

import sqlalchemy as sa

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_of(client, path: str = "/login/") -> str:
    """The CSRF token a form of ``path`` carries (the session's token)."""
    match = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
    assert match, f"no csrf_token on {path}"
    return match.group(1)


def sign_in_with_token(client, username: str, password: str):
    """Sign in through the login form as a browser does, token included."""
    token = csrf_token_of(client)
    response = client.post("/login/", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def database_snapshot(app) -> dict:
    """Every row of every table, to prove a request changed nothing."""
    from app.extensions import db

    with app.app_context():
        with db.engine.connect() as connection:
            return {table.name: sorted(map(repr, connection.execute(sa.select(table)).all()))
                    for table in db.metadata.sorted_tables}
