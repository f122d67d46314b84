"""Integer keys for joins and group sums at scale: one factorisation shared by several columns, array lookups,
one ``bincount`` per summed column.

Joining 1M leads to 200,000 opportunities by string id through ``merge`` or ``Index.get_indexer`` costs
a hash table per call and an object conversion per column; factorising the columns together once
(pyarrow-backed strings factorise in milliseconds) turns every later join into integer indexing.

>>> a, b = shared_codes(pd.Series(["x", "y", None, "z"]), pd.Series(["z", "x", "x"]))
>>> a.tolist(), b.tolist()
([0, 1, -1, 2], [2, 0, 0])
>>> lookup(a, b).tolist()  # position in b of each key of a (the first one; -1: none)
[1, -1, -1, 0]
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def shared_codes(*columns: pd.Series, sort: bool = False) -> list[np.ndarray]:
    """Integer codes of each column on one shared factorisation of their values as strings (-1: empty).

    Equal values get equal codes across the columns, so codes can be compared and used as positions;
    with ``sort`` the codes follow the values' sort order (sorting by code sorts by value).

    >>> shared_codes(pd.Series(["b", "a", "b"]), sort=True)[0].tolist()
    [1, 0, 1]
    """
    if not columns:
        return []
    values = pd.concat([col.astype("string").reset_index(drop=True) for col in columns], ignore_index=True)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = codes.astype(np.int64)
    if sort:  # sorting the few uniques is far cheaper than factorize(sort=True) on every value
        rank = np.empty(len(uniques) + 1, dtype=np.int64)
        rank[np.asarray(uniques.argsort())] = np.arange(len(uniques))
        rank[-1] = -1
        codes = rank[codes]
    return np.split(codes, np.cumsum([len(col) for col in columns])[:-1])


def lookup(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Position in ``table`` of the first entry equal to each of ``keys`` (-1: absent or empty key).

    Both are codes from one :func:`shared_codes` call.
    """
    size = int(max(keys.max(initial=-1), table.max(initial=-1))) + 1
    first = np.full(size + 1, -1, dtype=np.int64)  # slot ``size`` stays -1 for the empty key
    valid = np.flatnonzero(table >= 0)
    codes, at = np.unique(table[valid], return_index=True)  # the first occurrence of each code
    first[codes] = valid[at]
    return first[np.where(keys >= 0, keys, size)]


def group_sums(keys: pd.DataFrame, columns) -> tuple[pd.DataFrame, np.ndarray]:
    """Sums of each of ``columns`` (1-D arrays aligned with ``keys``, or a 2-D array's columns) per
    distinct row of ``keys``.

    Like ``groupby(keys, observed=True, dropna=False).sum(min_count=1)`` (groups sorted, empty keys
    a group of their own, NaN skipped, NaN where a group has no value) without building a frame of
    the values: one ``bincount`` per column. Returns the group keys (one column per key) and the
    sums (groups x columns).

    >>> index, sums = group_sums(pd.DataFrame({"k": ["b", "a", "b"]}),
    ...                          [np.array([1, 2, 3]), np.array([np.nan, np.nan, 5])])
    >>> index["k"].tolist(), sums.tolist()
    (['a', 'b'], [[2.0, nan], [4.0, 5.0]])
    """
    grouped = keys.groupby(list(keys.columns), observed=True, dropna=False, sort=True)
    codes = grouped.ngroup().to_numpy()
    n = grouped.ngroups
    columns = list(columns.T) if isinstance(columns, np.ndarray) and columns.ndim == 2 else list(columns)
    sums = np.empty((n, len(columns)))
    for i, column in enumerate(columns):
        column = np.asarray(column)
        if column.dtype == bool:
            sums[:, i] = np.bincount(codes, weights=column, minlength=n)
            continue
        column = column.astype(float)
        known = ~np.isnan(column)
        sums[:, i] = np.bincount(codes, weights=np.where(known, column, 0.0), minlength=n)
        sums[np.bincount(codes, weights=known, minlength=n) == 0, i] = np.nan
    return grouped.size().index.to_frame(index=False), sums
