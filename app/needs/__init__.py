"""Needs (需求): one case object for everything the platform handles, on the working-day clock.

An enterprise files a need from a guide page, its dashboard or anonymously with a contact; staff
record needs that arrive by phone, at a window, on site, by letter or from a visit (6.3.1-1). Each
need has a readable number (``XQ-2026-000123``, ``app.numbering``), a secret code to follow it
without an account, a full history, and two deadlines counted in working days from the time it was
received (``app.workdays``): respond within 1, answer with a plan within 3 (6.3.2-1). The states and
what may move a need between them are in ``states`` and ``flow``; need types contributed by plugins
are in ``types``.
"""
