"""Per-role dashboards (operations monitoring comes with the dashboard issue)."""
