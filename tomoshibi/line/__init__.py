"""The LINE channel: the webhook, sending, an organisation's account connection; it feeds consultations
through their actions.

May import: consultations, hotline, screening, accounts, help, directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
