"""Multiple systems estimation: how many people no list knows, from the overlaps between several lists.

A pure library (no Django) with the `tomoshibi estimate` command on top (cli.py). It reproduces
SparseMSE (Chan, Silverman & Vincent 2021): Poisson log-linear models, the linear-programming checks
that the maximum likelihood estimate exists and is identifiable, stepwise selection, and BCa bootstrap
intervals that redo the selection in every replicate. See docs/estimation.md.

May import: neither Django nor any other app (.importlinter).

    from tomoshibi.estimation import read_csv, estimate
    result = estimate(read_csv("lists.csv"), bootstrap=1000)
    result.total, result.dark_figure, result.model_names, result.interval
"""

from tomoshibi.estimation.checks import CheckResult, check_model, check_model_lp
from tomoshibi.estimation.data import (
    CaptureTable,
    DataError,
    parse_csv,
    published_table,
    read_csv,
    table_from_people,
    table_from_rows,
)
from tomoshibi.estimation.estimate import Estimate, ModelError, NoValidModel, estimate, parse_model

__all__ = [
    "CaptureTable",
    "CheckResult",
    "DataError",
    "Estimate",
    "ModelError",
    "NoValidModel",
    "check_model",
    "check_model_lp",
    "estimate",
    "parse_csv",
    "parse_model",
    "published_table",
    "read_csv",
    "table_from_people",
    "table_from_rows",
]
