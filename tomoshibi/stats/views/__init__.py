"""The pages of stats."""
