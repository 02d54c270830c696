"""Excel out: the report workbook, the district summary and the import template (openpyxl).

``styles`` holds the shared look (CJK font, merged titles styled on every cell, 0.00 amounts,
widths, frozen headers, A4 landscape fit to width); ``budget_sheets`` writes the budget sheets in
the layout that ``budgets.importing`` reads back.
"""
