"""The budget data of a department-year as one plain value (a "state"), and its JSON form.

A state is what an import file describes and what is stored; the preview is the difference
between the two, and applying an import makes the stored data equal the file's state.

    {
      "budget": {field: Decimal | None, ...},                  # every amount of DepartmentBudget
      "three_public": {kind: {"budget_amount": …, "actual_amount": …, "prior_year_actual": …}},
      "functional_lines": [{"code", "display_name", "amount"}, ...],           # in order
      "project_lines": [{"name", "category_code", "initial", "adjusted", "actual",
                         "is_key", "purpose", "management"}, ...],             # in order
    }
"""

import hashlib
import json
from decimal import Decimal

from ..fields import BUDGET_AMOUNT_FIELDS, PRIOR_RECORD_FIELDS, PROJECT_AMOUNTS, THREE_PUBLIC_FIELDS
from ..models import DepartmentBudget, ThreePublicKind
from ..money import total


def empty_state() -> dict:
    return {
        "budget": dict.fromkeys(BUDGET_AMOUNT_FIELDS),
        "three_public": {kind: dict.fromkeys(THREE_PUBLIC_FIELDS) for kind in ThreePublicKind.values},
        "functional_lines": [],
        "project_lines": [],
    }


def state_from_budget(budget: DepartmentBudget | None) -> dict:
    """The stored data as a state (an empty state when there is no budget yet).

    Uses ``functional_lines``, ``project_lines`` and ``three_public_lines`` through ``.all()``, so a
    budget from ``budgets.selectors.budget_for`` (prefetched) costs no further queries.
    """
    state = empty_state()
    if budget is None:
        return state
    state["budget"] = {field: getattr(budget, field) for field in BUDGET_AMOUNT_FIELDS}
    for line in budget.three_public_lines.all():
        state["three_public"][line.kind] = {field: getattr(line, field) for field in THREE_PUBLIC_FIELDS}
    state["functional_lines"] = [
        {"code": line.category.code, "display_name": line.display_name, "amount": line.amount}
        for line in budget.functional_lines.all()
    ]
    state["project_lines"] = [
        {
            "name": line.name,
            "category_code": line.category.code if line.category_id else "",
            "initial": line.initial,
            "adjusted": line.adjusted,
            "actual": line.actual,
            "is_key": line.is_key,
            "purpose": line.purpose,
            "management": line.management,
        }
        for line in budget.project_lines.all()
    ]
    return normalized(state)


def _amount(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def normalized(state: dict) -> dict:
    """Amounts quantized to 0.01 so that 5.1 and 5.10 compare equal."""
    return {
        "budget": {field: _amount(value) for field, value in state["budget"].items()},
        "three_public": {
            kind: {field: _amount(value) for field, value in values.items()}
            for kind, values in state["three_public"].items()
        },
        "functional_lines": [{**line, "amount": _amount(line["amount"])} for line in state["functional_lines"]],
        "project_lines": [
            {**line, **{field: _amount(line[field]) for field in PROJECT_AMOUNTS}} for line in state["project_lines"]
        ],
    }


def _encode(value):
    if isinstance(value, Decimal):
        return {"d": format(value, "f")}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        if set(value) == {"d"}:
            return Decimal(value["d"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def state_to_json(state: dict) -> str:
    """Exact, float-free JSON: amounts travel as strings."""
    return json.dumps(_encode(state), ensure_ascii=False, sort_keys=True)


def state_from_json(text: str) -> dict:
    return normalized(_decode(json.loads(text)))


def state_fingerprint(state: dict) -> str:
    """A short hash of a state, to notice that the stored data changed between preview and confirm."""
    return hashlib.sha256(state_to_json(normalized(state)).encode()).hexdigest()


# Derived figures, computed the same way as the models do (budgets.money.total).
def column_total(state: dict, column: str):
    budget = state["budget"]
    return total(budget[f"basic_{column}"], budget[f"project_{column}"])


def asset_purchase_total(state: dict):
    budget = state["budget"]
    return total(budget["asset_purchase_basic"], budget["asset_purchase_project"])


def three_public_value(state: dict, part: str, field: str):
    """A 三公 figure: a kind, or the derived 'vehicle' (购置 + 运行维护) and 'total'."""
    lines = state["three_public"]
    if part == "vehicle":
        return total(lines["vehicle_purchase"][field], lines["vehicle_operation"][field])
    if part == "total":
        return total(lines["abroad"][field], three_public_value(state, "vehicle", field), lines["reception"][field])
    return lines[part][field]


# 上年数 (``budgets.fields.PRIOR_RECORD_FIELDS``): figures typed this year for when the system has no
# record of last year. The record wins: the export shows its figures in the 上年决算 cells, and the
# import stores a typed figure only where it differs from the record (an equal one is the record
# shown back, not a figure of its own).


def _complete_total(amounts):
    """The sum, known only when every amount is (as last year's 三公 budget total on the 三公 page)."""
    amounts = list(amounts)
    return None if None in amounts else sum(amounts, Decimal("0"))


def _prior_pairs(state: dict, previous: dict):
    """(container, key of the 上年数, last year's recorded figure) for every 上年数 of a state."""
    for field, record_field in PRIOR_RECORD_FIELDS.items():
        yield state["budget"], field, previous["budget"][record_field]
    for kind, values in state["three_public"].items():
        yield values, "prior_year_actual", previous["three_public"][kind]["actual_amount"]
    budgets = (previous["three_public"][kind]["budget_amount"] for kind in ThreePublicKind.values)
    yield state["budget"], "prior_three_public_budget", _complete_total(budgets)


def with_prior_record(state: dict, previous: dict | None) -> dict:
    """The state as the export shows it: last year's recorded figures in the 上年数 cells."""
    if previous is None:
        return state
    shown = normalized(state)
    for container, key, recorded in _prior_pairs(shown, previous):
        if recorded is not None:
            container[key] = recorded
    return shown


def without_prior_record(state: dict, previous: dict | None) -> dict:
    """The state as the import stores it: 上年数 equal to last year's record are not typed figures."""
    if previous is None:
        return state
    stored = normalized(state)
    previous = normalized(previous)
    for container, key, recorded in _prior_pairs(stored, previous):
        if recorded is not None and container[key] == recorded:
            container[key] = None
    return stored
