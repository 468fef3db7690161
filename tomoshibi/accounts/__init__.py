"""Organisations and their staff: roles, two-factor sign-in, lockout, invitations, key wraps, API tokens, and
the organisation's administration pages (members, settings, tokens, the audit log).

May import: directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
