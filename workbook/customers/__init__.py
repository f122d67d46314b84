"""The customer chapters: the inventory (客户盘点) and the customer quality matrix (客户质量矩阵).

``inventory.compute(client)`` and ``matrix.compute(client)`` return the chapters as codes and numbers;
:mod:`~workbook.customers.levels`, :mod:`~workbook.customers.relationship`, :mod:`~workbook.customers.profile` and
:mod:`~workbook.customers.migration` hold the rules, :mod:`~workbook.customers.charts` and
:mod:`~workbook.customers.widgets` draw and explore them. Importing this package imports nothing else.
"""
