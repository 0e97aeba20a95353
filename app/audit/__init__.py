"""The audit trail (issue 17, 4.1-6): who did what, when, from where, kept append-only.

- ``models``: ``AuditEntry`` (``qi_audit_entry``), refused an update or a delete by the ORM and,
  on both databases, by triggers (qi_core_0036);
- ``trail``: one mechanism for every model, the core's and every plugin's: SQLAlchemy's flush writes
  an entry per row created, changed (the changed columns, before and after) or deleted, in the same
  transaction as the change; an ORM bulk ``update()``/``delete()`` gets an entry with its table and
  its WHERE; ``record()`` for what is no change of a row: sign-ins and failed sign-ins, downloads,
  exports and views of personal data;
- ``views``: the administrators' list, filtered and exported like any list, with no add, edit or
  delete.
"""
