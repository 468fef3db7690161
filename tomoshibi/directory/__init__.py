"""The support directory: services, their import and export, the referral engine (pure), the public directory
pages and its API.

May import: audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
