"""A CRUD view (Enterprise may read, PlatformStaff may write) and a public page of the dummy plugin."""
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext

from app.kit import QiModelRestApi, QiModelView

from .models import DummyRecord


class DummyRecordView(QiModelView):
    datamodel = SQLAInterface(DummyRecord)
    class_permission_name = "DummyRecord"
    list_columns = ["code", "title"]


class DummyRecordApi(QiModelRestApi):
    resource_name = "dummy_record"
    datamodel = SQLAInterface(DummyRecord)
    class_permission_name = "DummyRecord"


class DummyPublicView(BaseView):
    route_base = "/dummy"
    class_permission_name = "DummyPublic"
    method_permission_name = {"hello": "read"}
    default_view = "hello"

    @expose("/hello")
    @has_access
    def hello(self):
        return self.render_template("dummy/hello.html", greeting=gettext("Dummy greeting"))
