"""Personal data encrypted at rest: a column type that stores Fernet tokens (AES-128-CBC with an
HMAC-SHA256, from the maintained ``cryptography`` library) and gives the application plain text.

Keys come from ``QI_DATA_KEYS``: Fernet keys, comma-separated, the first one encrypting, every one
decrypting, so a key is rotated by putting a new one first, running ``flask qi rotate-data-keys``
(every value encrypted again with it) and then dropping the old one. Without ``QI_DATA_KEYS`` (the
demo, the tests) the key is derived from the secret key, and ``flask qi check-config`` refuses to
serve production so. A database copied without its keys holds no readable ID number.

Resident ID numbers (``UserProfile.id_number``) are sealed. No feature looks a person up by ID
number today; one that does must use a keyed digest of the number, not the ciphertext.
"""
from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

PREFIX = "fernet:"
_fernets: dict[tuple, MultiFernet] = {}  # per key list: built from configuration, not state


class DataKeyError(Exception):
    """A sealed value that none of the configured keys opens."""


def data_keys(config) -> list[bytes]:
    configured = [k.strip() for k in (config.get("QI_DATA_KEYS") or "").split(",") if k.strip()]
    if configured:
        return [k.encode() for k in configured]
    secret = str(config.get("SECRET_KEY") or "").encode()
    return [base64.urlsafe_b64encode(hashlib.sha256(b"qi-data-key\0" + secret).digest())]


def _fernet() -> MultiFernet:
    keys = tuple(data_keys(current_app.config))
    if keys not in _fernets:
        _fernets[keys] = MultiFernet([Fernet(k) for k in keys])
    return _fernets[keys]


def seal(value: str) -> str:
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def unseal(stored: str) -> str:
    if not stored.startswith(PREFIX):  # written before the column was sealed (the migration seals them)
        return stored
    try:
        return _fernet().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as error:
        raise DataKeyError("a sealed value could not be opened with QI_DATA_KEYS") from error


def reseal(stored: str) -> str:
    """The value encrypted again with the first key (``MultiFernet.rotate``)."""
    if not stored.startswith(PREFIX):
        return seal(stored)
    return PREFIX + _fernet().rotate(stored[len(PREFIX):].encode()).decode()


class Sealed(TypeDecorator):
    """A text column stored encrypted (see the module)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else seal(str(value))

    def process_result_value(self, value, dialect):
        return None if value is None else unseal(value)


SEALED_COLUMNS = [("qi_user_profile", "id", "id_number")]  # (table, key, column) for the rotation


def rotate(session) -> int:
    """Encrypt every sealed value again with the first key; returns how many were rewritten."""
    from sqlalchemy import text

    done = 0
    for table, key, column in SEALED_COLUMNS:
        rows = session.execute(text(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
        for row_key, stored in rows:
            session.execute(text(f"UPDATE {table} SET {column} = :value WHERE {key} = :key"),
                            {"value": reseal(stored), "key": row_key})
            done += 1
    session.commit()
    return done
