"""Sign-in, sessions, CSRF and the role policy."""
