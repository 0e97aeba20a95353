"""Complaints (投诉, clauses 6.4.2-1 … 6.4.2-3): intake on every channel, investigation, forwarding
to the institution, the outcome told to the complainant.

- ``models``: ``Complaint``, ``ComplaintEvent``, ``ComplaintFile`` (the lead's skeleton);
- ``states``: the steps between the states, who takes them, the working-day deadlines;
- ``flow``: ``file_complaint`` (numbered ``TS-YYYY-NNNNNN``, secret code) and ``take_step``;
- ``queries``: who acts as what on a complaint, ``complaint_counts(user)`` for the dashboards;
- ``forms``, ``views``, ``files``: the pages (templates ``qi/complaints/``) and attachments;
- ``notices``: the institution told when forwarded, the complainant when the outcome is told;
- ``tasks``: ``complaints-overdue``, staff reminded of complaints past their deadline;
- ``search``: the complaint form in the unified search; ``demo``: demo complaints.
"""
