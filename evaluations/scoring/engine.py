"""The 评分表: every 三级 indicator of a framework scored from a ``ReportSnapshot`` (pure).

Each row shows weight, inputs, computed value, score and reason. A computed indicator whose
value cannot be computed (“无法计算”), and every manual indicator, takes the 填报人's manual score
(with a reason) if there is one; otherwise it stays unscored and the total is provisional (no
grade). Scores never exceed the weight; the total is the sum, lowered by the framework's caps;
the grade follows the bands 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60 (domain.md §4, §5.10).
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from . import computations, rules

ZERO = Decimal("0")
GRADES = ((Decimal("90"), "优"), (Decimal("80"), "良"), (Decimal("60"), "中"), (ZERO, "差"))
SCORED, UNCOMPUTABLE, PENDING = "scored", "uncomputable", "pending"


def grade_for(total: Decimal) -> str:
    return next(label for floor, label in GRADES if total >= floor)


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator as plain data (from ``Indicator`` rows), so scoring needs no database."""

    id: int
    parent_id: int | None
    order: int
    name: str
    weight: Decimal
    explanation: str = ""
    computation: str = ""
    computation_params: dict = field(default_factory=dict)
    rule_shape: str = ""
    rule_params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ManualEntry:
    score: Decimal
    reason: str
    user: str = ""
    at: str = ""


@dataclass
class ScoreRow:
    indicator_id: int
    level1: str
    level2: str
    name: str
    weight: Decimal
    explanation: str
    formula: str
    criteria: str
    manual: bool  # scored by judgement (a manual indicator)
    inputs: list
    value: Decimal | None
    value_display: str
    score: Decimal | None
    reason: str
    status: str
    scored_by: str = ""
    scored_at: str = ""
    level1_span: int = 0  # rowspans for the printed table (0: covered by the row above)
    level2_span: int = 0

    @property
    def can_be_scored_by_hand(self) -> bool:
        return self.manual or self.value is None

    @property
    def final_reason(self) -> str:
        """The reason as the approved report prints it: for a value that could not be computed and
        was scored by hand, the 填报人's reason without the system's note on what was missing."""
        marker = "；人工评分："
        return "人工评分：" + self.reason.split(marker, 1)[1] if marker in self.reason else self.reason


@dataclass
class GroupTotal:
    name: str
    weight: Decimal
    score: Decimal


@dataclass
class ScoreTable:
    framework_id: int | None
    framework_name: str
    rows: list[ScoreRow]
    groups: list[GroupTotal]
    total_weight: Decimal
    raw_total: Decimal
    total: Decimal
    caps: list[str]
    pending: int
    grade: str | None
    problems: list[str]
    frozen_at: str | None = None

    @property
    def complete(self) -> bool:
        return self.pending == 0

    @property
    def grade_display(self) -> str:
        return self.grade or f"待定（尚有{self.pending}项指标未评分）"

    def to_json(self) -> dict:
        return _jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> "ScoreTable":
        data = dict(data)
        rows = []
        for row in data["rows"]:
            row = dict(row)
            for name in ("weight", "value", "score"):
                row[name] = None if row[name] is None else Decimal(row[name])
            row["inputs"] = [tuple(pair) for pair in row["inputs"]]
            rows.append(ScoreRow(**row))
        groups = [GroupTotal(g["name"], Decimal(g["weight"]), Decimal(g["score"])) for g in data["groups"]]
        for name in ("total_weight", "raw_total", "total"):
            data[name] = Decimal(data[name])
        return cls(**{**data, "rows": rows, "groups": groups})


def _jsonable(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _row(spec, level1, level2, report, manual_entry) -> ScoreRow:
    is_manual = spec.computation == computations.MANUAL_COMPUTATION
    row = ScoreRow(
        indicator_id=spec.id,
        level1=level1,
        level2=level2,
        name=spec.name,
        weight=spec.weight,
        explanation=spec.explanation,
        formula="" if is_manual else computations.COMPUTATIONS[spec.computation].formula_for(spec.computation_params),
        criteria=rules.describe(spec.rule_shape, spec.rule_params, spec.weight),
        manual=is_manual,
        inputs=[],
        value=None,
        value_display="—" if is_manual else "无法计算",
        score=None,
        reason="",
        status=PENDING,
    )
    if not is_manual:
        computed = computations.compute(spec.computation, report, spec.computation_params)
        row.inputs = list(computed.inputs)
        row.value, row.value_display = computed.value, computed.display
        if computed.value is not None:
            row.score, row.reason = rules.score(spec.rule_shape, computed.value, spec.weight, spec.rule_params)
            row.status = SCORED
            return row
        row.reason, row.status = f"无法计算：{computed.reason}", UNCOMPUTABLE
    if manual_entry is not None:
        row.score = rules.clamp(manual_entry.score, spec.weight)
        prefix = "人工评分" if is_manual else f"{row.reason}；人工评分"
        row.reason = f"{prefix}：{manual_entry.reason}"
        row.status, row.scored_by, row.scored_at = SCORED, manual_entry.user, manual_entry.at
    elif is_manual:
        row.reason = "待填报人评分（须说明理由）"
    return row


def score_table(
    report,
    specs: list[IndicatorSpec],
    *,
    manual: dict[int, ManualEntry] | None = None,
    caps=(),
    framework_id: int | None = None,
    framework_name: str = "",
    problems=(),
) -> ScoreTable:
    manual = manual or {}
    children: dict[int | None, list[IndicatorSpec]] = {}
    for spec in specs:
        children.setdefault(spec.parent_id, []).append(spec)
    for group in children.values():
        group.sort(key=lambda spec: (spec.order, spec.id))

    rows, groups = [], []
    for top in children.get(None, []):
        first_of_top = len(rows)
        for middle in children.get(top.id, []):
            first_of_middle = len(rows)
            for leaf in children.get(middle.id, []):
                rows.append(_row(leaf, top.name, middle.name, report, manual.get(leaf.id)))
            if len(rows) > first_of_middle:
                rows[first_of_middle].level2_span = len(rows) - first_of_middle
        if len(rows) > first_of_top:
            rows[first_of_top].level1_span = len(rows) - first_of_top
        top_rows = rows[first_of_top:]
        subtotal = sum((r.score for r in top_rows if r.score is not None), ZERO)
        groups.append(GroupTotal(top.name, top.weight, subtotal.quantize(rules.SCORE_PLACES)))

    raw_total = sum((row.score for row in rows if row.score is not None), ZERO).quantize(rules.SCORE_PLACES)
    values = {}
    for spec in specs:
        if spec.computation and spec.computation != computations.MANUAL_COMPUTATION:
            values.setdefault(spec.computation, next((r.value for r in rows if r.indicator_id == spec.id), None))
    for cap in caps:
        if cap["computation"] not in values:
            values[cap["computation"]] = computations.compute(cap["computation"], report).value
    total, cap_notes = rules.apply_caps(raw_total, caps, values)
    pending = sum(1 for row in rows if row.score is None)
    return ScoreTable(
        framework_id=framework_id,
        framework_name=framework_name,
        rows=rows,
        groups=groups,
        total_weight=sum((top.weight for top in children.get(None, [])), ZERO),
        raw_total=raw_total,
        total=total,
        caps=cap_notes,
        pending=pending,
        grade=grade_for(total) if pending == 0 else None,
        problems=list(problems),
    )
