"""Small shared pieces: actor and scope, clock, pagination, import readers."""
