"""The baselines of the page benchmark: a trivial Flask route and a plain Flask-AppBuilder 5.3 ModelView.

    .venv/bin/python -m bench.baseline_app build URL [--rows N]    # tables, admin user, N employees

Served by gunicorn exactly like the platform (``bench.baseline_app:create_app()``, database from
``BENCH_BASELINE_DB``): what FAB gives with its defaults over a 10,000-row table with one related
model, so the platform's pages can be read as ratios to it in the same run on the same machine.
"""
from __future__ import annotations

import argparse
import os

from flask import Flask
from flask_appbuilder import AppBuilder, Model, ModelView
from flask_appbuilder.models.sqla.base import SQLA
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy import Column, Date, ForeignKey, Integer, String, insert
from sqlalchemy.orm import relationship

ADMIN, ADMIN_PASSWORD = "bench_admin", "bench-admin-pw-2026"
ROWS = 10_000
DEPARTMENTS = 50
TRIVIAL = "/trivial"
LIST = "/employeebenchview/list/"
VIEW = "EmployeeBenchView"

db = SQLA(model_class=Model)


class BenchDepartment(Model):
    """The related model (one of ``DEPARTMENTS``)."""

    __tablename__ = "bench_department"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), unique=True, nullable=False)

    def __repr__(self) -> str:
        return self.name


class BenchEmployee(Model):
    """The listed model: a few plain columns and a many-to-one relation."""

    __tablename__ = "bench_employee"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    email = Column(String(120), nullable=False)
    phone = Column(String(30))
    hired_on = Column(Date)
    department_id = Column(Integer, ForeignKey("bench_department.id"), nullable=False)
    department = relationship(BenchDepartment)


class EmployeeBenchView(ModelView):
    """FAB's defaults: list, search widget, pagination, relation filter — nothing tuned."""

    datamodel = SQLAInterface(BenchEmployee)
    list_columns = ["name", "email", "phone", "hired_on", "department"]


def create_app(url: str | None = None, manage: bool = False) -> Flask:
    """The baseline app on ``url`` (default ``BENCH_BASELINE_DB``); schema, permissions and users are written
    only with ``manage`` (``build``), so gunicorn's workers do not race to write them."""
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=url or os.environ["BENCH_BASELINE_DB"],
        SECRET_KEY=os.environ.get("BENCH_SECRET", "bench-baseline-secret-0123456789abcdef"),
        SQLALCHEMY_TRACK_MODIFICATIONS=False,
        FAB_UPDATE_PERMS=manage,
        FAB_CREATE_DB=manage,
        WTF_CSRF_ENABLED=True,
    )
    db.init_app(app)
    with app.app_context():
        appbuilder = AppBuilder()
        appbuilder.init_app(app, db.session)
        appbuilder.add_view(EmployeeBenchView, "Employees", category="Bench")

    @app.route(TRIVIAL)
    def trivial():
        return "ok"

    return app


def build(url: str, rows: int = ROWS) -> None:
    """Create the tables, the admin user and ``rows`` employees over ``DEPARTMENTS`` departments (bulk)."""
    app = create_app(url, manage=True)
    with app.app_context():
        db.create_all()
        sm = app.appbuilder.sm
        if not sm.find_user(username=ADMIN):
            sm.add_user(ADMIN, "Bench", "Admin", "bench_admin@test.local", sm.find_role("Admin"), ADMIN_PASSWORD)
        session = db.session
        session.execute(insert(BenchDepartment), [{"name": f"Department {i:03d}"} for i in range(DEPARTMENTS)])
        for start in range(0, rows, 5_000):
            session.execute(insert(BenchEmployee), [
                {"name": f"Employee {i:06d}", "email": f"e{i}@bench.local", "phone": f"138{i:08d}",
                 "department_id": 1 + i % DEPARTMENTS} for i in range(start, min(rows, start + 5_000))])
        session.commit()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build"])
    parser.add_argument("url")
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args()
    build(args.url, args.rows)


if __name__ == "__main__":
    main()
