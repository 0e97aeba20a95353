"""A real request size limit (issue 10, finding 9): refused with a translated 413 before the body is read."""
import io

import pytest

MB = 1024 * 1024


class CountingStream(io.RawIOBase):
    """A 20 MB body made on demand, counting what the server read of it."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True


    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"a" * n
        self.read_bytes += n
        return n


def test_max_content_length_is_assigned_from_configuration(make_app):
    assert make_app(init=False).config["MAX_CONTENT_LENGTH"] == (10 * 6 + 2) * MB  # from QI_UPLOAD_MAX_MB
    assert make_app(init=False, QI_MAX_REQUEST_MB=5).config["MAX_CONTENT_LENGTH"] == 5 * MB


@pytest.fixture(scope="module")
def small_uploads(make_app):
    """Files of at most 2 MB: requests of at most 6 × 2 + 2 = 14 MB."""
    return make_app(QI_UPLOAD_MAX_MB=2)


@pytest.mark.parametrize("lang, title", [("en", "Request too large"), ("zh", "请求过大")])
def test_an_anonymous_20_mb_multipart_post_is_refused_unread(small_uploads, lang, title):
    app = small_uploads
    body = CountingStream(20 * MB)
    response = app.test_client().post(
        f"/register/?_l_={lang}", content_type="multipart/form-data; boundary=x",
        environ_overrides={"wsgi.input": body, "CONTENT_LENGTH": str(20 * MB)})
    assert app.config["MAX_CONTENT_LENGTH"] < 20 * MB
    assert response.status_code == 413
    assert body.read_bytes == 0
    page = response.get_data(as_text=True)
    assert title in page and "14 MB" in page and 'id="error-home"' in page

