"""The settings administrators may change, with their type and bounds. The key is the configuration
key (and environment variable) that sets it at start-up."""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

INT, FLOAT, BOOL = "int", "float", "bool"


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str
    label: object
    help: object
    low: float | None = None
    high: float | None = None
    unit: object = ""

    def parse(self, raw):
        """The value of ``raw`` (form text or stored JSON) for this setting; ValueError when it is none."""
        if self.kind == BOOL:
            if isinstance(raw, bool):
                return raw
            if str(raw).strip().lower() in ("1", "true", "y", "yes", "on"):
                return True
            if str(raw).strip().lower() in ("0", "false", "n", "no", "off", ""):
                return False
            raise ValueError(raw)
        text = str(raw).strip()
        value = int(text) if self.kind == INT else float(text)
        if not math.isfinite(value):  # float() reads "nan" and "inf", which no bound refuses
            raise ValueError(raw)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise ValueError(raw)
        return value


SETTINGS = {s.key: s for s in (
    Setting("QI_WORKDAY_CUTOFF_HOUR", INT, _l("After-hours cut-off"), _l(
        "From this hour (China time) a day's submissions count from the next working day."), 0, 23, _l("o'clock")),
    Setting("QI_UPLOAD_MAX_MB", FLOAT, _l("Largest file accepted"), _l(
        "Each uploaded file (PDF, JPEG or PNG) may be at most this large."), 1, 50, _l("MB")),
    Setting("QI_APPOINTMENT_DAYS", INT, _l("Days ahead for appointments"), _l(
        "How many working days ahead enterprises can book an appointment at a window."), 1, 60, _l("working days")),
    Setting("QI_SURVEY_VALID_DAYS", INT, _l("Survey link validity"), _l(
        "How long an invitation to evaluate a service stays valid."), 1, 365, _l("days")),
    Setting("QI_EVALUATION_MIN_COUNT", INT, _l("Evaluations before a score is shown"), _l(
        "An institution's satisfaction score is shown once it has at least this many evaluations."), 1, 100),
    Setting("QI_LOGIN_MAX_FAILURES", INT, _l("Failed sign-ins before a lock"), _l(
        "Wrong passwords in a row after which an account is locked for a while."), 3, 50),
    Setting("QI_LOGIN_LOCKOUT_MINUTES", INT, _l("Lock after failed sign-ins"), _l(
        "How long an account stays locked after too many wrong passwords."), 1, 1440, _l("minutes")),
    Setting("QI_MAIL_ENABLED", BOOL, _l("Send e-mail"), _l(
        "Site messages are also sent by e-mail through the outbox (the mail server is set on the server).")),
    Setting("QI_SMS_ENABLED", BOOL, _l("Send text messages"), _l(
        "Text messages (SMS) go to mobile numbers: completion notices, reminders, reset codes (the gateway is "
        "set on the server). Off: nobody is texted, and password resets by SMS are not offered.")),
)}
