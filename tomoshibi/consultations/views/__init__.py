"""HTML views: the person's side (person.py) and the counsellor's side (staff.py)."""
