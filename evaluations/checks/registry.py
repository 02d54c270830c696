"""The consistency rules in force, in the order they are listed on the checklist page.

Where each rule of domain.md §5 lives:

===========================================  ================================
rule                                         module (evaluations/checks/rules/)
===========================================  ================================
§5.1 支出合计 = 基本 + 项目 (in stated text)   stated_figures
§5.2 functional lines add up                 functional_lines_sum
§5.2 project lines add up to 项目支出          project_lines_sum
§5.2 “其中” ≤ parent                          subtotal_within_parent
§5.3 三公 parts (manual 上年数)                three_public_prior_year
§5.4 上年数 typed = last year's record         prior_year_figures
§5.4 one value per figure                    one_value_per_figure, stated_figures
§5.5 实有 > 编制 needs an explanation          staff_over_quota
§5.6 budget columns differ → reason          budget_variance_reason
§5.7 三公 决算 ≤ 预算                          three_public_over_budget
§5.8 rates in text = recomputed rates        stated_rates
§5.9 year consistent                         other_year_mentioned
§5.9 category valid for the year             category_year
§5.9 no template leftovers                   template_leftovers
===========================================  ================================

§5.10 (score ≤ weight, total, grade) is enforced by the scoring engine (evaluations/scoring/).
§5.11 (empty items) is what complete means: each section's ``requirements``
(evaluations/sections/), reported as “未完成” findings by ``checks.selectors``.
"""

from .rules import (
    budget_variance_reason,
    category_year,
    functional_lines_sum,
    one_value_per_figure,
    other_year_mentioned,
    prior_year_figures,
    project_lines_sum,
    staff_over_quota,
    stated_figures,
    stated_rates,
    subtotal_within_parent,
    template_leftovers,
    three_public_over_budget,
    three_public_prior_year,
)

RULES = (
    functional_lines_sum,
    project_lines_sum,
    subtotal_within_parent,
    one_value_per_figure,
    stated_figures,
    stated_rates,
    staff_over_quota,
    budget_variance_reason,
    three_public_over_budget,
    three_public_prior_year,
    prior_year_figures,
    other_year_mentioned,
    template_leftovers,
    category_year,
)

RULES_BY_CODE = {rule.CODE: rule for rule in RULES}
