"""A park station with its staff, another station, an enterprise's need and institutions."""
import pytest

from app.extensions import db
from app.needs import flow
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD


@pytest.fixture
def samples_world(app, org_factory, window_factory):
    add_users(app, {"smp_window_b": ("WindowStaff", "pw-window-b-2")})
    station = window_factory("park", "样品测试园区站", staff=("t_window",))
    other_station = window_factory("park", "样品测试乙站", staff=("smp_window_b",))
    counter = window_factory("institution", "样品测试机构窗口", staff=("t_window",))
    enterprise_id, enterprise_user = org_factory("enterprise", "样品测试企业有限公司")
    _, other_user = org_factory("enterprise", "样品无关企业有限公司")
    institution_id, institution_user = org_factory("institution", "样品测试检测院", types="testing")
    _, other_institution_user = org_factory("institution", "样品无关检测院", types="testing")
    with app.app_context():
        need, _ = flow.file_need(db.session, need_type="service", title="塑料件拉伸试验", contact_name="张三",
                                 contact="13800000000", actor="t_window", organisation_id=enterprise_id,
                                 channel="window", window_id=station)
        db.session.commit()
        need_id, number = need.id, need.number
    return {"station": station, "other_station": other_station, "counter": counter, "need_id": need_id,
            "number": number, "enterprise": enterprise_id, "institution": institution_id,
            "institution_user": institution_user,
            "staff": login_client(app, "t_window"), "b": login_client(app, "smp_window_b", "pw-window-b-2"),
            "enterprise_client": login_client(app, enterprise_user, MEMBER_PASSWORD),
            "other_client": login_client(app, other_user, MEMBER_PASSWORD),
            "institution_client": login_client(app, institution_user, MEMBER_PASSWORD),
            "other_institution": login_client(app, other_institution_user, MEMBER_PASSWORD)}
