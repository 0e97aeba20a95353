"""Needs (需求): one case object for everything the platform handles, on the working-day clock.

An enterprise files a need from a guide page, its dashboard or anonymously with a contact; staff
record needs that arrive by phone, at a window, on site, by letter or from a visit (6.3.1-1). Each
need has a readable number (``XQ-2026-000123``, ``app.numbering``), a secret code to follow it
without an account, a full history, and two deadlines counted in working days from the time it was
received (``app.workdays``): respond within 1, answer with a plan within 3 (6.3.2-1).

- ``models``, ``states``, ``flow``, ``clock``: the case, its states and steps, its deadlines;
- ``types``, ``matching``, ``moving``: need types and matchers from plugins, and moving a plugin's
  old request rows into needs;
- ``views``, ``forms``: filing, intake, the case page, my cases, incoming, the SLA board, following;
- ``records``, ``documents``, ``visits``, ``record_views``: service record, documents, return visits;
- ``notices``, ``tasks``: who is told of each step (the completion notice once) and the reminder and
  escalation tasks; ``demo``: demo cases.
"""
