"""Reports of illegal content online: the public report form and status, canonicalisation (pure), the
analysts' workflow to takedown, partner API and figures. Optional: nothing below it imports it.

May import: accounts, help, directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
