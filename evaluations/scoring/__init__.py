"""The performance scoring table (评分表): frameworks as data, rule shapes, computations, engine.

* ``models``: ``IndicatorFramework`` / ``Indicator`` (reference data, versioned by region and
  from-year), ``ManualScore``, ``ScoringSnapshot`` (the frozen table).
* ``rules``: scoring shapes (threshold, steps, bands, manual; caps at framework level), pure.
* ``computations``: named formulas over a ``ReportSnapshot``, pure.
* ``engine``: the 评分表 of one report, pure.
* ``frameworks``: which framework scores a report (read-only), and fixing it on the report.
* ``selectors``: the 评分表 of one report or many (``score_tables``, read-only), attachment contexts.
* ``services``: writes (manual scores, freezing, framework versions).
"""
