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


def mask_phone(phone: str | None) -> str:
    """'06 12345678' → '******5678': enough to recognise, not to call."""
    if not phone:
        return ""
    digits = [ch for ch in phone if ch.isdigit()]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + "".join(digits[-4:])
