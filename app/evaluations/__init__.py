"""Satisfaction evaluations (clauses 7.1-1 … 7.1-3, 6.4.1-2, Appendix B): the survey, its invitations,
dissatisfaction cases, quarterly statistics and their publication."""
