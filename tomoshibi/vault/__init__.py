"""Encryption: organisation key pairs, sealed messages, receipts, the keyring of a staff session and the
server-held key (crypto.py is pure).

May import: no other app.
The layers are in .importlinter and docs/architecture.md.
"""
