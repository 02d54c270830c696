"""How long the longest reports take to become PDFs, and that no request waits beyond the bounds.

    DEBUG=1 .venv/bin/python bench/pdf_limits_bench.py [--timeout 10]

Cases, on a copy of the demo report (a throwaway SQLite database, never the development one):

* every text field at its form limit (8 narratives × 20,000, 主要职责 10,000, 10 goals and 10 key
  works × 2,000, 30 projects with 2,000-character 主要用途 and 管理和监督方式);
* the issue's report: three narratives of 2.3 million characters (stored past the limits);
* a report just under ``PDF_MAX_TEXT_CHARS`` in ordinary paragraphs: the longest that is rendered;
* a report under that limit as 50,000 short lines, which WeasyPrint lays out very slowly: the
  helper process is stopped at ``PDF_RENDER_TIMEOUT`` (``--timeout``, default 10 s here, 45 s in
  production) and the next render works.

Prints, per case, the report's text length, the outcome and the time until the answer. Targets:
every answer within the render timeout plus 5 s; the longest rendered report within the timeout.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_path: str, timeout: float):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ["PDF_RENDER_TIMEOUT"] = str(timeout)
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(text: str, length: int, paragraph: int = 0) -> str:
    body = (text * (length // len(text) + 1))[:length]
    if not paragraph:
        return body
    return "\n".join(body[i : i + paragraph] for i in range(0, len(body), paragraph))[:length]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=10.0, help="PDF_RENDER_TIMEOUT for this run (s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pdf-limits-") as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"), args.timeout)
        from django.conf import settings
        from django.core.cache import caches
        from django.core.management import call_command

        from budgets.models import ProjectLine
        from departments.models import DepartmentProfile
        from departments.text_limits import DUTIES, ITEM, NARRATIVE, SENTENCE
        from evaluations.models import Evaluation, KeyWorkItem, PerformanceGoal
        from reports import pdf_process
        from reports.rendering import PdfError, render_report_html, render_report_pdf, report_text_chars

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)  # the database caches
        call_command("load_demo", stdout=open(os.devnull, "w"))
        evaluation = Evaluation.objects.get(department__code="103001", fiscal_year_id=2018)
        sentence = (
            "天心区政务服务中心按照预算管理要求加强项目资金管理，确保资金使用规范、安全、有效，提高财政资金使用效益。"
        )
        narratives = [
            "profile_summary_override",
            "spending_summary_override",
            "variance_analysis_override",
            "project_fund_management",
            "project_implementation_override",
            "goal_rationality_analysis",
            "output_analysis",
            "problems_and_measures",
        ]

        def set_texts(**values):
            Evaluation.objects.filter(pk=evaluation.pk).update(**values)

        def run(label: str) -> tuple:
            caches["pdf"].clear()
            report = Evaluation.objects.get(pk=evaluation.pk)
            chars = report_text_chars(render_report_html(evaluation=report))
            started = time.perf_counter()
            try:
                pdf = render_report_pdf(evaluation=report)
                outcome = f"PDF, {len(pdf) // 1024} KB"
            except PdfError as error:
                outcome = f"{type(error).__name__}: {error.message[:34]}…"
            return label, chars, outcome, time.perf_counter() - started

        rows = [run("demo report (helper starts)"), run("demo report (warm helper)")]

        # Every field at its form limit.
        set_texts(
            **{name: fill(sentence, NARRATIVE, 300) for name in narratives},
            key_work_intro_override=fill(sentence, SENTENCE),
        )
        DepartmentProfile.objects.filter(department=evaluation.department, fiscal_year_id=2018).update(
            duties=fill(sentence, DUTIES, 300), staff_excess_reason=fill(sentence, ITEM)
        )
        PerformanceGoal.objects.filter(evaluation=evaluation).delete()
        KeyWorkItem.objects.filter(evaluation=evaluation).delete()
        for order in range(10):
            PerformanceGoal.objects.create(evaluation=evaluation, order=order, text=fill(sentence, ITEM))
            KeyWorkItem.objects.create(evaluation=evaluation, order=order, text=fill(sentence, ITEM))
        budget = evaluation.department.budgets.get(fiscal_year_id=2018)
        for order in range(30):
            ProjectLine.objects.create(
                budget=budget,
                order=100 + order,
                name=f"专项项目{order}",
                purpose=fill(sentence, ITEM),
                management=fill(sentence, ITEM),
            )
        rows.append(run("every text field at its form limit"))

        # Back to the demo's lists; the three narratives of 2.3 million characters.
        ProjectLine.objects.filter(budget=budget, order__gte=100).delete()
        PerformanceGoal.objects.filter(evaluation=evaluation).delete()
        KeyWorkItem.objects.filter(evaluation=evaluation).delete()
        DepartmentProfile.objects.filter(department=evaluation.department, fiscal_year_id=2018).update(
            duties=fill(sentence, 300), staff_excess_reason=""
        )
        set_texts(**dict.fromkeys(narratives, ""), key_work_intro_override="")
        huge = fill(sentence, 2_300_000)
        set_texts(goal_rationality_analysis=huge, output_analysis=huge, problems_and_measures=huge)
        rows.append(run("the issue: 3 narratives × 2.3 million"))

        # Just under the size limit, ordinary paragraphs: the longest report that is rendered.
        share = (settings.PDF_MAX_TEXT_CHARS - 6_000) // 3
        set_texts(**{name: fill(sentence, share, 300) for name in narratives[-3:]})
        rows.append(run("just under PDF_MAX_TEXT_CHARS, 300-char paragraphs"))

        # Under the size limit but 50,000 short lines: stopped at the timeout.
        set_texts(goal_rationality_analysis=fill(sentence, 100_000, 2), output_analysis="", problems_and_measures="")
        rows.append(run("100,000 characters as 50,000 short lines"))

        set_texts(goal_rationality_analysis="", output_analysis="", problems_and_measures="")
        rows.append(run("demo report again (fresh helper)"))
        pdf_process.stop_helpers()

    limit = args.timeout + 5
    width = max(len(row[0]) for row in rows)
    print(
        f"PDF limits benchmark — PDF_RENDER_TIMEOUT {args.timeout:g} s, PDF_MAX_TEXT_CHARS {settings.PDF_MAX_TEXT_CHARS:,}"
    )
    print(f"{'case':<{width}}  {'text chars':>11}  {'answer in':>9}  outcome")
    for label, chars, outcome, seconds in rows:
        print(f"{label:<{width}}  {chars:>11,}  {seconds:>8.2f}s  {outcome}")
    slowest = max(row[3] for row in rows)
    rendered = [row for row in rows if row[2].startswith("PDF")]
    ok = slowest <= limit and all(row[3] <= args.timeout for row in rendered)
    print(f"slowest answer {slowest:.2f} s (target ≤ {limit:g} s): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
