"""Frontline screening instruments and training as data, scoring (pure), certificates and the anonymous
counts.

May import: accounts, help, directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
