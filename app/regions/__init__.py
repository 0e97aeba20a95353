"""Administrative divisions (行政区划) that records and searches are filtered by."""
