"""Masking of personal data wherever a full value is not needed."""

from __future__ import annotations


def mask_email(email: str | None) -> str:
    """'jan.devries@example.nl' → 'j***@example.nl'."""
    if not email:
        return ""
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"

