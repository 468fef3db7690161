"""Regional minimum wages, as dated data (data/minimum_wages.toml).

Pure module (no Django).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class MinimumWages:
    yen_per_hour: dict[str, int]  # JIS prefecture code -> yen per hour
    effective: dict[str, str]  # JIS prefecture code -> ISO date it took effect
    revision: str
    source: str

    def for_prefecture(self, prefecture: str) -> int | None:
        return self.yen_per_hour.get(prefecture)

    @property
    def lowest(self) -> int:
        return min(self.yen_per_hour.values())

    @property
    def highest(self) -> int:
        return max(self.yen_per_hour.values())


@cache
def default_minimum_wages() -> MinimumWages:
    with (DATA_DIR / "minimum_wages.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    wages = {str(code): int(entry[0]) for code, entry in raw["wages"].items()}
    effective = {str(code): str(entry[1]) for code, entry in raw["wages"].items()}
    if sorted(wages) != [f"{number:02d}" for number in range(1, 48)]:
        raise ValueError("minimum_wages.toml must list the 47 prefectures, 01 to 47")
    return MinimumWages(wages, effective, str(raw["revision"]), str(raw["source"]))
