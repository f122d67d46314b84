"""Time allocation and cost to serve (时间分配与服务成本): chapter 04 of the workbook.

:func:`compute` returns the chapter's :class:`~workbook.core.result.Result`; the analysis functions live in
:mod:`~workbook.timealloc.allocation` (sellers' time, the offload what-if, planned calls) and
:mod:`~workbook.timealloc.coverage` (contact coverage, cost to serve, quote turnaround).
"""
from workbook.timealloc.summary import FIGURES, NEEDS, compute

__all__ = ["FIGURES", "NEEDS", "compute"]
