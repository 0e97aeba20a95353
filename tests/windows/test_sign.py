"""The unified sign of a window (4.2.1-4, 4.2.3-3): platform name, window name and kind, and a QR code
drawn locally that decodes to the window's public page."""
from __future__ import annotations

import pytest
import segno

from tests.windows.helpers import decode_qr, svg_modules


@pytest.mark.clause("4.2.1-4")
@pytest.mark.clause("4.2.3-3")
def test_the_sign_qr_code_decodes_to_the_windows_public_address(app, window_factory, anonymous_client):
    window_factory("park", "银川经开区质量服务站", code="yc-sign", name_en="Yinchuan Park Station")
    page = anonymous_client.get("/windows/yc-sign/sign")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    url = "http://localhost/windows/yc-sign"
    grid = svg_modules(html)
    assert decode_qr(grid) == url
    # and the served modules are exactly the code segno makes for that address (quiet zone of 4)
    assert grid == [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix_iter(border=4)]
    assert "银川经开区质量服务站" in html and "园区服务站" in html and "质量基础设施一站式服务平台" in html
    assert "qi-sign.css" in html and "qi-sign-logo" in html
    english = anonymous_client.get("/windows/yc-sign/sign?_l_=en").get_data(as_text=True)
    assert "Yinchuan Park Station" in english and "Park service station" in english


def test_the_sign_points_to_the_public_site_when_a_base_url_is_set(app, window_factory, anonymous_client):
    window_factory("park", "园区服务站", code="yc-public")
    app.config["QI_BASE_URL"] = "https://qi.example.gov.cn/"
    html = anonymous_client.get("/windows/yc-public/sign").get_data(as_text=True)
    assert decode_qr(svg_modules(html)) == "https://qi.example.gov.cn/windows/yc-public"


def test_the_sign_of_a_closed_or_unknown_window_is_not_found(app, window_factory, anonymous_client):
    window_factory("park", "已关闭的服务站", code="closed-sign", active=False)
    assert anonymous_client.get("/windows/closed-sign/sign").status_code == 404
    assert anonymous_client.get("/windows/no-such-window/sign").status_code == 404
