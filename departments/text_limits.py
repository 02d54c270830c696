"""How long a text typed into the application may be.

Sized from real reports: the 2018 seed report is 2,817 characters in all; its longest narrative
213, its longest 重点工作 117. Large departments write narratives of a few thousand characters.
The ceilings leave several times that room. (What a PDF has to lay out is bounded separately, for
the report as a whole: reports/pdf_process.py, bench/pdf_limits_bench.py.) Names and codes are
``CharField``s whose ``max_length`` the database enforces.

The limit of a model's text field is a ``MaxCharsValidator`` on the field (checked by
``full_clean()`` in every service and in admin); forms take the same number from the model
(``model_limit``) and ``limit_text`` adds the validator and ``data-maxlength``, which
``static/js/textcount.js`` turns into a live character counter. No ``maxlength`` attribute on
text areas: a browser silently cuts a longer paste, the message at the field says what is too long.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

NARRATIVE = 20_000  # a narrative section of the report (一 to 四)
DUTIES = 10_000  # 主要职责, a list of duties
ITEM = 2_000  # one 绩效目标 / 重点工作, a project's 主要用途 or 管理和监督方式, a stated reason
SENTENCE = 1_000  # a one-sentence override such as 重点工作引导语
COMMENT = 5_000  # a reviewer's comment
ADMIN_TEXT = 5_000  # descriptions kept in admin (indicator frameworks)


@deconstructible(path="departments.text_limits.MaxCharsValidator")
class MaxCharsValidator(MaxLengthValidator):
    """At most ``limit_value`` characters, in Chinese with the numbers people can read."""

    message = "内容过长：最多 %(limit)s 字，现有 %(length)s 字。请精简后再保存。"

    def clean(self, value):
        # Characters as the writer sees them: a line break is one, whether the browser sent CRLF or LF.
        return len(value.replace("\r\n", "\n"))

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit": f"{self.limit_value:,}",
                    "length": f"{length:,}",
                    "limit_value": self.limit_value,
                    "show_value": length,
                    "value": value,
                },
            )


def max_chars(limit: int) -> list:
    """``validators=max_chars(NARRATIVE)`` for a model field."""
    return [MaxCharsValidator(limit)]


def model_limit(model, name: str) -> int | None:
    """The character limit a model field declares (its ``MaxCharsValidator`` or ``max_length``)."""
    field = model._meta.get_field(name)
    for validator in field.validators:
        if isinstance(validator, MaxCharsValidator):
            return validator.limit_value
    return field.max_length


def limit_text(field, limit: int | None):
    """Give a form ``CharField`` the limit: Chinese message at the field, live counter in the page."""
    if limit:
        field.validators.append(MaxCharsValidator(limit))
        field.widget.attrs["data-maxlength"] = str(limit)
    return field
