"""Signing in and out, by form and by token, for the auth tests."""
from tests.conftest import login

PASSWORD = "pw-member-123"


def sign_out(client):
    """Sign out the way the navbar does (a POST with the form's token; GET where that is still the way)."""
    response = client.post("/logout/")
    if response.status_code == 405:
        response = client.get("/logout/")
    return response


def signed_in(client) -> bool:
    return client.get("/dashboard/").status_code == 200


def token_pair(client, username: str, password: str = PASSWORD):
    response = client.post("/api/v1/security/login", json={"username": username, "password": password,
                                                           "provider": "db", "refresh": True})
    return response.status_code, response.get_json() or {}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A new browser presenting a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


__all__ = ["login", "sign_out", "signed_in", "token_pair", "bearer", "session_cookie", "replay", "PASSWORD"]
