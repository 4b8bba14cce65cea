"""WSGI entry point: `gunicorn wsgi:app`."""

from netpwa import create_app

app = create_app()
