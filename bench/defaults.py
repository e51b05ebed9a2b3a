"""The environment every benchmark runs in unless the caller set it otherwise: the bench
database, production settings (no debug, no TLS redirect) and API throttling out of the way."""

import os

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/imdi_bench",
    "DJANGO_SETTINGS_MODULE": "imdi_portal.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_ALLOWED_HOSTS": "testserver",  # the in-process client; gunicorn gets its own
    "API_ANON_RATE": "100000000/minute",
    "API_USER_RATE": "100000000/minute",  # also counts anonymous clients
    "STATIC_ROOT": "/tmp/imdi-bench-static",
}


def apply_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
