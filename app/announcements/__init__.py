"""Announcements (通知公告): bilingual notices staff publish for a period, on the home page and in a
public list; pinned ones first (issue 18)."""
