"""The screening app's HTML pages: screening (screen.py), training (learn.py) and counts (figures.py)."""
