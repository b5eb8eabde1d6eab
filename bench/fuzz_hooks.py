"""Schemathesis hooks of bench/fuzz_api.py: loaded by name through SCHEMATHESIS_HOOKS."""

import schemathesis


@schemathesis.hook
def map_body(ctx, body):
    # A generated password would change the running role's own password and end the session the run uses.
    if isinstance(body, dict):
        body.pop("password", None)
    return body
