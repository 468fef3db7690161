"""Public figures with every small count suppressed (`suppression.py`, pure): the screenings and
completed trainings counted by screening, on one page at /<lang>/stats/.

May import: line, referrals, joboffers, consultations, hotline, screening, accounts, help, directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
