"""Settings (参数管理): typed runtime settings administrators change in the UI, read by every worker
at its next request; an environment variable still wins (issue 18)."""
