"""The shared table of amounts, tests/money_cases.json, read for the Python and the browser tests."""

import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

CASES_FILE = Path(__file__).with_name("money_cases.json")
_TYPES = {"float": float, "decimal": Decimal}


@dataclass(frozen=True)
class MoneyCase:
    input: object
    value: Decimal | None  # the parsed amount when accepted (None: empty)
    refused: str | None  # the error code when refused

    @property
    def typed(self) -> bool:
        """Text, as a person types it into a form field (and the only input the browser sees)."""
        return isinstance(self.input, str)

    @property
    def id(self) -> str:
        shown = repr(self.input)
        return shown if len(shown) <= 40 else f"{shown[:20]}…({len(shown)} chars)"


def _input(case: dict):
    if "long" in case:
        return "".join(part if isinstance(part, str) else part[0] * part[1] for part in case["long"])
    if "as" in case:
        return _TYPES[case["as"]](case["input"])
    return case["input"]


def load_cases() -> list[MoneyCase]:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    return [
        MoneyCase(
            input=_input(case),
            value=Decimal(case["value"]) if case.get("value") is not None else None,
            refused=case.get("refused"),
        )
        for case in cases
    ]


# Pieces of amounts, mostly digits, so random texts reach every rule: accepted, grouped, unit, too many
# decimals, too large, negative, plain wrong.
_DIGITS = ["0", "1", "5", "9", "00", "123", "999", "１", "０"]
_MARKS = [",", ".", "．", "，", "-", "－", " ", "\u3000", "万元", "元", "e", "٣"]


def random_texts(count: int, seed: int = 20180101) -> list[str]:
    generator = random.Random(seed)

    def piece():
        return generator.choice(_MARKS if generator.random() < 0.2 else _DIGITS)

    return ["".join(piece() for _ in range(generator.randint(0, 9))) for _ in range(count)]
