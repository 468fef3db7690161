"""Anonymous conversations: the person's side with a receipt, the counsellor's inbox, replies and cases.

May import: accounts, help, directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
