"""The audit trail: AuditEvent, record_event(), the registry of every app's actions and of the records whose
trail is kept while they are held, and its retention.

May import: core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
