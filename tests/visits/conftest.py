"""Two windows with their own staff, an enterprise to visit and clients of each."""
import pytest

from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD


@pytest.fixture
def visits_world(app, org_factory, window_factory):
    """Window A (staff ``t_window``), window B (staff ``vis_window_b``), an enterprise and another one."""
    add_users(app, {"vis_window_b": ("WindowStaff", "pw-window-b-1")})
    window_a = window_factory("park", "走访测试甲站", staff=("t_window",))
    window_b = window_factory("park", "走访测试乙站", staff=("vis_window_b",))
    enterprise_id, enterprise_user = org_factory("enterprise", "走访测试企业有限公司")
    other_id, other_user = org_factory("enterprise", "走访无关企业有限公司")
    institution_id, _ = org_factory("institution", "走访测试检测院")
    return {"window_a": window_a, "window_b": window_b, "enterprise": enterprise_id, "other": other_id,
            "institution": institution_id,
            "a": login_client(app, "t_window"), "b": login_client(app, "vis_window_b", "pw-window-b-1"),
            "enterprise_client": login_client(app, enterprise_user, MEMBER_PASSWORD),
            "other_client": login_client(app, other_user, MEMBER_PASSWORD)}
