"""Errors every layer may raise to tell the user one clear line."""

from __future__ import annotations


class UserError(Exception):
    """A problem to report to the user as one clear line (exit code 1 on the CLI)."""
