"""Expert teams (专家团队, clauses 4.2.3-1, 4.2.3-2): an enterprise window's team of experts, attached
to the needs of that window and shown on their case pages."""
