"""Continuous improvement (clauses 7.2-1, 7.2-2): actions with owner, due date and re-check, their
public follow-up, and the yearly summary and plan."""
