"""Errors the faces report as bad input (exit code 2), never as a traceback."""

from __future__ import annotations


class UsageError(ValueError):
    """A command-line or file argument that cannot be used; the message says why."""
