"""Scoring rule shapes (domain.md §4), as pure functions of a computed value.

Each shape has ``validate(params, weight)`` — raising ``ValidationError`` with a Chinese
message, used by the admin — and ``score(value, weight, params)`` returning (score, reason).
Parameters are JSON with numbers written as strings ("0.5") so they stay exact Decimals.

* ``threshold``: full marks at/below (or at/above) a threshold, ``deduct_per_point`` per
  percentage point beyond, pro rata; every started cent of deduction counts (rounded up).
* ``steps``: a deduction for every *whole* step below (or above) a target — 预算完成率 92.8 %
  with −2 per whole 5 % below 100 % scores 3 of 5 (7.2 % is one whole step).
* ``bands``: banded scores, each band an interval with open or closed ends.
* ``manual``: scored by the 填报人 with a required reason.
* caps (总分上限 by the value of a computation) belong to a framework: ``apply_caps``.
"""

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

SCORE_PLACES = Decimal("0.01")
ZERO = Decimal("0")

THRESHOLD, STEPS, BANDS, MANUAL = "threshold", "steps", "bands", "manual"
SHAPE_CHOICES = [
    (THRESHOLD, "阈值扣分（超过阈值每个百分点扣分）"),
    (STEPS, "整档扣分（每满一档扣分）"),
    (BANDS, "分档计分"),
    (MANUAL, "人工评分（须说明理由）"),
]
DIRECTIONS = {"above": "高于", "below": "低于"}


def dec(value, what: str) -> Decimal:
    """A JSON parameter as an exact Decimal ("0.5", 0.5 or 5 all accepted)."""
    if isinstance(value, bool) or value is None:
        raise ValidationError(f"{what}必须是数字。")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"{what}必须是数字，现为“{value}”。") from None
    if not result.is_finite():
        raise ValidationError(f"{what}必须是有限的数字。")
    return result


def pct(value: Decimal) -> str:
    return f"{format(value.normalize(), 'f')}%"


def num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def clamp(score: Decimal, weight: Decimal) -> Decimal:
    return min(max(score, ZERO), weight).quantize(SCORE_PLACES)


def _require(params: dict, keys: list[str]):
    if not isinstance(params, dict):
        raise ValidationError("评分参数必须是 JSON 对象。")
    missing = [key for key in keys if key not in params]
    if missing:
        raise ValidationError(f"评分参数缺少：{'、'.join(missing)}。")


def _direction(params) -> str:
    direction = params.get("direction", "above")
    if direction not in DIRECTIONS:
        raise ValidationError("direction 只能是 above（高于阈值扣分）或 below（低于阈值扣分）。")
    return direction


# threshold ---------------------------------------------------------------------------------------


def validate_threshold(params: dict, weight: Decimal):
    _require(params, ["threshold", "deduct_per_point"])
    _direction(params)
    dec(params["threshold"], "阈值")
    if dec(params["deduct_per_point"], "每个百分点扣分") <= 0:
        raise ValidationError("每个百分点扣分必须大于 0。")


def score_threshold(value: Decimal, weight: Decimal, params: dict) -> tuple[Decimal, str]:
    threshold, per_point = dec(params["threshold"], "阈值"), dec(params["deduct_per_point"], "扣分")
    direction = _direction(params)
    beyond = value - threshold if direction == "above" else threshold - value
    word = DIRECTIONS[direction]
    if beyond <= 0:
        return clamp(weight, weight), f"{pct(value)}，未{word}{pct(threshold)}，得满分{num(weight)}分"
    deduction = (beyond * per_point).quantize(SCORE_PLACES, rounding=ROUND_CEILING)
    score = clamp(weight - deduction, weight)
    return score, (
        f"{pct(value)}，比{pct(threshold)}{word[0]}{num(beyond)}个百分点，每个百分点扣{num(per_point)}分，"
        f"扣{num(min(deduction, weight))}分{'（扣完为止）' if deduction > weight else ''}"
    )


def describe_threshold(params: dict, weight: Decimal) -> str:
    word = DIRECTIONS[params.get("direction", "above")]
    other = "≤" if params.get("direction", "above") == "above" else "≥"
    return (
        f"{other}{pct(dec(params['threshold'], '阈值'))}得满分{num(weight)}分；"
        f"每{word}1个百分点扣{num(dec(params['deduct_per_point'], '扣分'))}分，扣完为止"
    )


# steps -------------------------------------------------------------------------------------------


def validate_steps(params: dict, weight: Decimal):
    _require(params, ["target", "step", "deduct_per_step"])
    _direction(params)
    dec(params["target"], "目标值")
    if dec(params["step"], "档距") <= 0:
        raise ValidationError("档距必须大于 0。")
    if dec(params["deduct_per_step"], "每档扣分") <= 0:
        raise ValidationError("每档扣分必须大于 0。")


def score_steps(value: Decimal, weight: Decimal, params: dict) -> tuple[Decimal, str]:
    target, step = dec(params["target"], "目标值"), dec(params["step"], "档距")
    per_step = dec(params["deduct_per_step"], "每档扣分")
    direction = _direction(params)
    gap = target - value if direction == "below" else value - target
    word = DIRECTIONS[direction]
    if gap <= 0:
        return clamp(weight, weight), f"{pct(value)}，未{word}{pct(target)}，得满分{num(weight)}分"
    steps = (gap / step).to_integral_value(rounding=ROUND_FLOOR)
    deduction = steps * per_step
    score = clamp(weight - deduction, weight)
    return score, (
        f"{pct(value)}，比{pct(target)}{word[0]}{num(gap)}个百分点，每满{num(step)}个百分点扣{num(per_step)}分，"
        f"计{steps}档，扣{num(min(deduction, weight))}分{'（扣完为止）' if deduction > weight else ''}"
    )


def describe_steps(params: dict, weight: Decimal) -> str:
    word = DIRECTIONS[params.get("direction", "below")]
    return (
        f"达到{pct(dec(params['target'], '目标值'))}得满分{num(weight)}分；每{word}"
        f"{num(dec(params['step'], '档距'))}个百分点（整档计）扣{num(dec(params['deduct_per_step'], '每档扣分'))}分"
    )


# bands -------------------------------------------------------------------------------------------


def _band_bounds(band: dict, index: int) -> tuple:
    low = None if band.get("from") is None else dec(band["from"], f"第{index}档下限")
    high = None if band.get("to") is None else dec(band["to"], f"第{index}档上限")
    return low, bool(band.get("from_inclusive", True)), high, bool(band.get("to_inclusive", True))


def in_band(value: Decimal, band: dict, index: int = 1) -> bool:
    low, low_in, high, high_in = _band_bounds(band, index)
    if low is not None and (value < low or (value == low and not low_in)):
        return False
    return not (high is not None and (value > high or (value == high and not high_in)))


def _overlap(a, b) -> bool:
    (a_low, a_low_in, a_high, a_high_in), (b_low, b_low_in, b_high, b_high_in) = a, b

    def below(high, high_in, low, low_in):  # interval ending at high lies wholly below one starting at low
        if high is None or low is None:
            return False
        return high < low or (high == low and not (high_in and low_in))

    return not (below(a_high, a_high_in, b_low, b_low_in) or below(b_high, b_high_in, a_low, a_low_in))


def validate_bands(params: dict, weight: Decimal, score_key: str = "score"):
    _require(params, ["bands"])
    bands = params["bands"]
    if not isinstance(bands, list) or not bands:
        raise ValidationError("分档（bands）必须是非空列表。")
    bounds = []
    for index, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or score_key not in band:
            raise ValidationError(f"第{index}档缺少“{score_key}”。")
        low, low_in, high, high_in = _band_bounds(band, index)
        if low is not None and high is not None and (low > high or (low == high and not (low_in and high_in))):
            raise ValidationError(f"第{index}档的下限大于上限，区间为空。")
        score = dec(band[score_key], f"第{index}档分值")
        if score < 0 or (score_key == "score" and score > weight):
            raise ValidationError(f"第{index}档分值{num(score)}应在 0 到权重{num(weight)}之间。")
        bounds.append((low, low_in, high, high_in))
    for i, a in enumerate(bounds):
        for j in range(i + 1, len(bounds)):
            if _overlap(a, bounds[j]):
                raise ValidationError(f"第{i + 1}档与第{j + 1}档的区间重叠。")


def band_label(band: dict) -> str:
    low, low_in, high, high_in = _band_bounds(band, 0)
    if low is not None and high is not None and low == high:
        return pct(low)
    if low is None:
        return f"{'≤' if high_in else '<'}{pct(high)}"
    if high is None:
        return f"{'≥' if low_in else '>'}{pct(low)}"
    return f"{'[' if low_in else '('}{pct(low)}，{pct(high)}{']' if high_in else ')'}"


def score_bands(value: Decimal, weight: Decimal, params: dict) -> tuple[Decimal, str]:
    for index, band in enumerate(params["bands"], start=1):
        if in_band(value, band, index):
            score = clamp(dec(band["score"], "分值"), weight)
            return score, f"{pct(value)}，属于“{band_label(band)}”一档，得{num(score)}分"
    return clamp(ZERO, weight), f"{pct(value)}，不在任何分档内，得0分"


def describe_bands(params: dict, weight: Decimal) -> str:
    return "；".join(f"{band_label(band)}得{num(dec(band['score'], '分值'))}分" for band in params["bands"])


# manual ------------------------------------------------------------------------------------------


def validate_manual(params: dict, weight: Decimal):
    if not isinstance(params, dict):
        raise ValidationError("评分参数必须是 JSON 对象。")


def describe_manual(params: dict, weight: Decimal) -> str:
    return f"由填报人对照评分要点评分（0～{num(weight)}分），须说明理由"


VALIDATORS = {THRESHOLD: validate_threshold, STEPS: validate_steps, BANDS: validate_bands, MANUAL: validate_manual}
SCORERS = {THRESHOLD: score_threshold, STEPS: score_steps, BANDS: score_bands}
DESCRIBERS = {THRESHOLD: describe_threshold, STEPS: describe_steps, BANDS: describe_bands, MANUAL: describe_manual}


def validate(shape: str, params: dict, weight: Decimal):
    if shape not in VALIDATORS:
        raise ValidationError(f"未知的评分方式“{shape}”。")
    VALIDATORS[shape](params, weight)


def score(shape: str, value: Decimal, weight: Decimal, params: dict) -> tuple[Decimal, str]:
    return SCORERS[shape](value, weight, params)


def describe(shape: str, params: dict, weight: Decimal) -> str:
    try:
        return DESCRIBERS[shape](params, weight)
    except (KeyError, ValidationError):
        return ""


# caps (framework level) --------------------------------------------------------------------------


def validate_caps(caps) -> None:
    """``[{"computation": "budget_completion_rate", "bands": [{"from": "70", "to": "80", "to_inclusive": false, "max_total": "89"}]}]``"""
    from .computations import COMPUTATIONS

    if not isinstance(caps, list):
        raise ValidationError("总分上限规则必须是列表。")
    for index, cap in enumerate(caps, start=1):
        if not isinstance(cap, dict) or cap.get("computation") not in COMPUTATIONS:
            raise ValidationError(f"第{index}条总分上限规则的 computation 不是已知的计算公式。")
        validate_bands(cap, Decimal("100"), score_key="max_total")


def apply_caps(total: Decimal, caps, values: dict) -> tuple[Decimal, list[str]]:
    """Lower ``total`` to the first matching cap; ``values`` maps computation key → value (or None)."""
    from .computations import COMPUTATIONS

    notes = []
    for cap in caps:
        value = values.get(cap["computation"])
        name = COMPUTATIONS[cap["computation"]].name
        if value is None:
            notes.append(f"{name}无法计算，未应用总分上限")
            continue
        for index, band in enumerate(cap["bands"], start=1):
            if in_band(value, band, index):
                limit = dec(band["max_total"], "上限")
                if total > limit:
                    notes.append(f"{name}{pct(value)}属于“{band_label(band)}”档，总分上限{num(limit)}分")
                    total = limit
                break
    return total, notes
