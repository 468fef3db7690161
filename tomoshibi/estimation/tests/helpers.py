"""Shared helpers for the estimation tests: the published tables shipped with the package."""

from collections.abc import Callable
from dataclasses import dataclass

from tomoshibi.estimation.bootstrap import BootstrapResult
from tomoshibi.estimation.data import PUBLISHED as DATA
from tomoshibi.estimation.data import published_table as published
from tomoshibi.estimation.design import FloatArray
from tomoshibi.estimation.estimate import Estimate

__all__ = ["DATA", "Done", "Runner", "bootstrap_of", "interval", "published", "replicates"]


@dataclass(frozen=True)
class Done:
    """What running the command gave: exit status, standard output, standard error."""

    returncode: int
    stdout: str
    stderr: str


Runner = Callable[..., Done]


def interval(result: Estimate) -> tuple[float, float]:
    """The bootstrap interval of a result that must have one."""
    assert result.interval is not None
    return result.interval


def bootstrap_of(result: Estimate) -> BootstrapResult:
    assert result.bootstrap is not None
    return result.bootstrap


def replicates(result: Estimate) -> FloatArray:
    return bootstrap_of(result).replicates
