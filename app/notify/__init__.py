"""Telling users what happened: site messages, and e-mail through an outbox where configured."""
