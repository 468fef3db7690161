"""Passing a person on to another organisation with their consent, with one receipt for both, and the
referral figures.

May import: consultations, hotline, screening, accounts, help, directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
