"""Benchmarks: `make bench` or `python -m bench [NAME ...]` (see bench/__main__.py)."""
