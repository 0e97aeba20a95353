"""Building organisations and their users for the accounts tests (the factory lives in the test kit)."""
import io

from app.testing.orgs import make_org, new_uscc  # noqa: F401  (re-exported for the tests here)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)
