"""One consistency rule per module. Each module has ``CODE``, ``TITLE`` and ``check(report)``.

``check`` is a pure function: it takes a ``ReportSnapshot`` and returns a list of ``Finding``.
The list of rules in force is ``evaluations.checks.registry.RULES``.
"""
