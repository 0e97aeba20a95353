"""Who may act: the standing of a signed-in user, sessions that can be ended, sign-in throttling and
the password policy. Used by the security manager (``app.security``) for form, session and token
access alike."""
