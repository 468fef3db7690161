"""Cells, two-list models and their design matrices.

With m lists there are 2^m - 1 observable cells (patterns); cell k is the
pattern whose bit i says whether the person is on list i, for k = 1 ..
2^m - 1, stored at row k - 1. Every cell is part of the model fit, including
the ones nobody was seen in: a zero count is information too.

A model is the main-effects log-linear model plus a set of two-list
interactions, written as a bit mask over the pairs (i, j), i < j, taken in
the order (0, 1), (0, 2), ..., (m - 2, m - 1). Design columns are: the
intercept (the log of the expected number of people on no list), one column
per list, then one per interaction in the model, in pair order.

An interaction between two lists that share nobody in the data cannot be
estimated finitely: its parameter is minus infinity. As in SparseMSE (Chan,
Silverman & Vincent 2021), the cells containing both lists are then left out
of the fit and the parameter dropped. A list nobody is on (possible in a
bootstrap sample) is treated the same way when a model is fitted: its cells
have expected count zero in the limit, which is where R's glm ends up too.
`retained_cells` computes which cells remain.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


class Layout:
    """Everything about the cells and pairs of an m-list problem that does not depend on the data."""

    def __init__(self, n_lists: int) -> None:
        self.n_lists = n_lists
        codes = np.arange(1, 2**n_lists, dtype=np.int64)
        self.cells: BoolArray = ((codes[:, None] >> np.arange(n_lists)) & 1).astype(bool)
        self.pairs: list[tuple[int, int]] = [(i, j) for i in range(n_lists) for j in range(i + 1, n_lists)]
        self.pair_cells: BoolArray = np.array([self.cells[:, i] & self.cells[:, j] for i, j in self.pairs])
        self._designs: dict[int, FloatArray] = {}

    @property
    def n_cells(self) -> int:
        return len(self.cells)

    @property
    def n_pairs(self) -> int:
        return len(self.pairs)

    @cached_property
    def cells_float(self) -> FloatArray:
        return self.cells.astype(np.float64)

    @cached_property
    def pair_cells_float(self) -> FloatArray:
        return self.pair_cells.astype(np.float64)

    def pair_index(self, i: int, j: int) -> int:
        return self.pairs.index((min(i, j), max(i, j)))

    def model_pairs(self, model: int) -> list[int]:
        return [k for k in range(self.n_pairs) if model >> k & 1]

    def model_from_pairs(self, pairs: list[tuple[int, int]]) -> int:
        model = 0
        for i, j in pairs:
            model |= 1 << self.pair_index(i, j)
        return model

    def design(self, model: int) -> FloatArray:
        """The design matrix of a model over all cells (cached: bootstrap replicates share it)."""
        if model not in self._designs:
            columns = [np.ones(self.n_cells), *self.cells_float.T]
            columns += [self.pair_cells_float[k] for k in self.model_pairs(model)]
            self._designs[model] = np.column_stack(columns)
        return self._designs[model]

    def column_codes(self, model: int) -> IntArray:
        """For each design column, the set of lists (as a bit mask) a cell must contain for the column to be 1."""
        pairs = [self.pairs[k] for k in self.model_pairs(model)]
        codes = [0, *(1 << i for i in range(self.n_lists)), *((1 << i) | (1 << j) for i, j in pairs)]
        return np.array(codes, dtype=np.int64)

    def retained_cells(self, model: int, support: BoolArray, drop_empty_lists: bool = True) -> BoolArray:
        """Cells kept in the fit, for each row of `support` (cells with a positive count), as SparseMSE does.

        A cell is left out when it contains both lists of an interaction in the model that share
        nobody, or (with drop_empty_lists) a list nobody is on: its expected count is zero in the limit.
        """
        support_float = np.atleast_2d(support).astype(np.float64)
        dropped = np.zeros(support_float.shape, dtype=bool)
        if drop_empty_lists:
            empty_lists = (support_float @ self.cells_float) == 0
            dropped |= (empty_lists.astype(np.float64) @ self.cells_float.T) > 0
        in_model = np.array([model >> k & 1 for k in range(self.n_pairs)], dtype=bool)
        if in_model.any():
            empty_pairs = ((support_float @ self.pair_cells_float.T) == 0) & in_model
            dropped |= (empty_pairs.astype(np.float64) @ self.pair_cells_float) > 0
        retained: BoolArray = ~dropped
        return retained

    def retained_cell(self, model: int, support: BoolArray, drop_empty_lists: bool = True) -> BoolArray:
        """retained_cells for a single support vector (the checks ask one at a time)."""
        dropped = np.zeros(self.n_cells, dtype=bool)
        if drop_empty_lists:
            dropped |= self.cells[:, ~self.cells[support].any(axis=0)].any(axis=1)
        pairs = self.model_pairs(model)
        if pairs:
            in_model = self.pair_cells[pairs]
            dropped |= in_model[~in_model[:, support].any(axis=1)].any(axis=0)
        retained: BoolArray = ~dropped
        return retained


def superset_sums(values: FloatArray) -> FloatArray:
    """Given values for cells 1 .. 2^m - 1 (a row per data set), the sum over the cells containing each set of lists.

    Column T of the result (0 .. 2^m - 1) sums the values of every cell whose lists include those of T.
    """
    n, n_cells = values.shape
    sums = np.empty((n, n_cells + 1))
    sums[:, 0] = 0.0
    sums[:, 1:] = values
    for bit in range((n_cells + 1).bit_length() - 1):
        # Axis 2 of this view is the bit: add each set's sum with the list to its sum without it.
        halves = sums.reshape(n, -1, 2, 1 << bit)
        halves[:, :, 0, :] += halves[:, :, 1, :]
    return sums
