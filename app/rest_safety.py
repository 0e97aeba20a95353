"""What every REST API of the platform adds to FAB's ``ModelRestApi`` (through ``app.crud.QiModelRestApi``).

- **Bad input is a 400, never a 500.** A path id or a list offset beyond 64 bits, a negative page,
  a Rison argument FAB's parser chokes on (``q=1e+5`` raises ValueError), a value the database
  cannot hold: the request is refused with ``{"message": …}`` before or instead of reaching the
  database.
- **Related-field choices are scoped.** FAB's ``/_info`` lists every row of each related model as
  add/edit choices; rows of scoped models are limited like lists (``app.scoping``), and FAB's own
  security tables (users, roles) are offered to staff only.
- **The OpenAPI spec tells the truth**: ids are integers in range, ``ids`` are integers, ``_info``
  column lists are arrays, date-times carry their time zone (stored as UTC), error bodies are
  ``{"message": …}`` with a string or an object of field errors.
"""
from __future__ import annotations

import datetime as dt
import sys

import prison
import sqlalchemy as sa
from flask import current_app, request
from flask_appbuilder.api.convert import Model2SchemaConverter
from flask_appbuilder.hooks import before_request
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import gettext
from marshmallow import fields
from sqlalchemy.exc import DataError, StatementError

from .extensions import db
from .scoping import ScopeFilter, acting_user, is_staff

MAX_ID = 2**63 - 1  # SQLite's and PostgreSQL's largest integer
BAD_INPUT_ERRORS = (OverflowError, ValueError, DataError, StatementError)


class StaffOnlyFilter(BaseFilter):
    """Related-field filter offering a model's rows to Admin and PlatformStaff only."""

    name = "staff only"
    arg_name = "staff_only"

    def apply(self, query, value):
        return query if is_staff(acting_user()) else query.filter(sa.false())


def related_choice_filters(model) -> dict[str, list]:
    """``{relationship: [filter]}`` for FAB's ``add_query_rel_fields`` / ``edit_query_rel_fields``."""
    filters = {}
    for relationship in sa.inspect(model).relationships:
        target = relationship.mapper.class_
        if getattr(target, "__scope__", None):
            filters[relationship.key] = [["id", ScopeFilter, None]]
        elif target.__module__.startswith("flask_appbuilder.security"):
            filters[relationship.key] = [["id", StaffOnlyFilter, None]]
    return filters


def _bad_request_message() -> str:
    return gettext("The request's arguments are not valid.")


def _too_large(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= MAX_ID


def _page_problem(args, max_page_size: int) -> bool:
    """A page (anywhere in the Rison argument) whose offset would not fit in 64 bits, or negative."""
    if isinstance(args, dict):
        page, size = args.get("page"), args.get("page_size")
        if page is not None and (not isinstance(page, int) or page < 0 or page * max(max_page_size, 1) > MAX_ID):
            return True
        if size is not None and (not isinstance(size, int) or abs(size) > MAX_ID):
            return True
        return any(_page_problem(value, max_page_size) for value in args.values())
    if isinstance(args, list):
        return any(_page_problem(value, max_page_size) for value in args)
    return False


class UtcDateTime(fields.DateTime):
    """A stored (naive, UTC) date-time given with its zone, as OpenAPI's ``date-time`` requires."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class AwareDateTimeConverter(Model2SchemaConverter):
    """Read schemas give date-times with their zone: the platform stores UTC without one."""

    def _column2field(self, datamodel, column, nested=True, parent_schema_name=None):
        field = super()._column2field(datamodel, column, nested=nested, parent_schema_name=parent_schema_name)
        if nested and type(field) is fields.DateTime:
            return UtcDateTime(required=field.required, allow_none=field.allow_none, dump_only=field.dump_only)
        return field


class SafeRestApi:
    """Mixin for ``ModelRestApi`` classes: input checks, scoped related choices, a truthful spec."""

    model2schemaconverter = AwareDateTimeConverter

    def __init__(self):
        scoped_choices = related_choice_filters(self.datamodel.obj)
        for name in ("add_query_rel_fields", "edit_query_rel_fields"):
            mine = dict(getattr(self, name) or {})
            for key, filters in scoped_choices.items():
                mine[key] = [*filters, *mine.get(key, [])]
            setattr(self, name, mine)
        super().__init__()

    @before_request
    def refuse_bad_arguments(self):
        """400 for a path id out of range or not a number, and for a Rison argument that cannot be used."""
        pk = (request.view_args or {}).get("pk")
        if pk is not None and (not str(pk).isdigit() or len(str(pk)) > 19 or int(pk) > MAX_ID):
            return self.response_400(message=_bad_request_message())
        raw = request.args.get("q")
        if raw:
            try:
                args = prison.loads(raw)
            except prison.decoder.ParserException:
                return None  # FAB tries JSON next and answers 400 itself when that fails too
            except Exception:  # prison's number parsing raises ValueError on `1e+5`
                return self.response_400(message=_bad_request_message())
            max_page_size = self.max_page_size or current_app.config.get("FAB_API_MAX_PAGE_SIZE") or 100
            if _page_problem(args, max_page_size):
                return self.response_400(message=_bad_request_message())
        return None

    def response_500(self, message=None):
        """FAB's ``@safe`` turns every exception into a 500; input the database refused is a 400."""
        error = sys.exc_info()[1]
        if isinstance(error, BAD_INPUT_ERRORS):
            db.session.rollback()
            return self.response_400(message=_bad_request_message())
        return super().response_500(message=message)

    def _get_field_info(self, field, filter_rel_field, page=None, page_size=None):
        """FAB translates an empty label or description, which gives the catalog's header."""
        info = super()._get_field_info(field, filter_rel_field, page=page, page_size=page_size)
        if not self.label_columns.get(field.name):
            info["label"] = ""
        if not self.description_columns.get(field.name):
            info["description"] = ""
        return info

    def add_api_spec(self, api_spec) -> None:
        super().add_api_spec(api_spec)
        for path, operations in api_spec._paths.items():
            if not path.startswith(f"{self.route_base}/"):
                continue
            for operation in operations.values():
                _correct_operation(operation)


_ID = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
_ERROR = {"type": "object", "properties": {"message": {
    "oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": True}]}}}
_COLUMN_INFO = {"type": "array", "items": {"type": "object", "properties": {
    "name": {"type": "string"}, "label": {"type": "string"}, "description": {"type": "string"},
    "type": {"type": "string"}, "required": {"type": "boolean"}, "unique": {"type": "boolean"},
    "count": {"type": "integer"}, "values": {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "value": {"type": "string"}}}}}}}


def _correct_operation(operation: dict) -> None:
    """Where FAB's generated operation says something the API does not do, say what it does."""
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "path" and parameter.get("name") == "pk":
            parameter["schema"] = dict(_ID)
    for code, response in operation.get("responses", {}).items():
        if isinstance(response, dict) and "$ref" in response and str(code).startswith(("4", "5")):
            operation["responses"][code] = {"description": _ERROR_DESCRIPTIONS.get(str(code), "Error"),
                                            "content": {"application/json": {"schema": _ERROR}}}
        schema = (response.get("content", {}).get("application/json", {}).get("schema", {})
                  if isinstance(response, dict) else {})
        properties = schema.get("properties", {})
        if "ids" in properties:
            properties["ids"] = {"type": "array", "items": dict(_ID)}
        if "count" in properties:
            properties["count"] = {"type": "integer", "minimum": 0}
        for key in ("add_columns", "edit_columns"):
            if key in properties:
                properties[key] = _COLUMN_INFO
        if "id" in properties and properties["id"].get("type") == "string":
            properties["id"] = dict(_ID)


_ERROR_DESCRIPTIONS = {"400": "Bad request", "401": "Unauthorized", "403": "Forbidden", "404": "Not found",
                       "422": "Could not process entity", "500": "Fatal error"}
