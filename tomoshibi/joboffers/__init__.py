"""Job offers that trap people: the public check of an offer, the same check for monitors in batches
and through the API and `tomoshibi ads screen`, and the signs as data.

Owns: the signs of deceptive recruitment (data/indicators.toml), the minimum wages and exchange rates
it compares against, and the pure checker (money.py, signs.py, wages.py, checker.py). Nothing a
person pastes is stored.
May import: consultations, hotline, screening, accounts, help, directory, audit, core, vault.
The layers are in .importlinter and docs/architecture.md.
"""
