"""The public help flow and the awareness posters.

May import: directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
