"""Single sign-on with the province's unified identity system (6.1-1, "should").

Flask-AppBuilder signs users in through one back end at a time; a deployment that joins the
provincial identity system (统一身份认证) switches to OpenID Connect with these environment variables:

    QI_OIDC_NAME=nxzwfw                      # short name of the provider, used in URLs
    QI_OIDC_LABEL=宁夏政务服务统一身份认证      # the login button's text
    QI_OIDC_CLIENT_ID=…  QI_OIDC_CLIENT_SECRET=…
    QI_OIDC_METADATA_URL=https://idp.example/.well-known/openid-configuration
    QI_OIDC_ROLE=Enterprise                  # role of a user signing in for the first time

Users who sign in this way get an account named ``<provider>_<sub>``; they complete their
organisation's registration from their dashboard like any other user.
"""
from __future__ import annotations

import os

AUTH_OAUTH = 4  # flask_appbuilder.const.AUTH_OAUTH, without importing FAB at configuration time


def oidc_settings(name: str, client_id: str, client_secret: str, metadata_url: str, label: str = "",
                  role: str = "Enterprise", **remote_app) -> dict:
    """The FAB settings of one OpenID Connect provider."""
    return {
        "AUTH_TYPE": AUTH_OAUTH,
        "AUTH_USER_REGISTRATION": True,
        "AUTH_USER_REGISTRATION_ROLE": role,
        "QI_OIDC_PROVIDERS": [name],
        "OAUTH_PROVIDERS": [{
            "name": name,
            "icon": "fa-id-card",
            "label": label or name,
            "token_key": "access_token",
            "remote_app": {
                "client_id": client_id,
                "client_secret": client_secret,
                "server_metadata_url": metadata_url,
                "client_kwargs": {"scope": "openid profile email phone"},
                **remote_app,
            },
        }],
    }


def settings_from_environment() -> dict:
    if not os.environ.get("QI_OIDC_CLIENT_ID"):
        return {}
    return oidc_settings(
        os.environ.get("QI_OIDC_NAME", "province"), os.environ["QI_OIDC_CLIENT_ID"],
        os.environ.get("QI_OIDC_CLIENT_SECRET", ""), os.environ.get("QI_OIDC_METADATA_URL", ""),
        label=os.environ.get("QI_OIDC_LABEL", ""), role=os.environ.get("QI_OIDC_ROLE", "Enterprise"))


def userinfo_from_oidc(provider: str, remote, token: dict) -> dict:
    """FAB's user fields from the ID token's claims (or the userinfo endpoint when it has none)."""
    claims = token.get("userinfo") or remote.userinfo(token=token)
    name = claims.get("name") or claims.get("preferred_username") or claims["sub"]
    return {
        "username": f"{provider}_{claims['sub']}",
        "email": claims.get("email") or f"{provider}_{claims['sub']}@sso.invalid",
        "first_name": name,
        "last_name": "",
    }
