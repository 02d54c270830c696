"""等保 2.0 身份鉴别: passwords of a minimum length made of several kinds of characters.

Applies wherever Django validates a new password: the self-service change page, admin's new-user and
reset forms, ``createsuperuser`` and ``changepassword``. Passwords set in code (the demo loader's
``set_password``) are not validated.
"""

import string

from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("数字", lambda c: c.isdigit()),
    ("特殊符号", lambda c: not c.isalnum() and not c.isspace()),
)


def character_classes(password: str) -> set[str]:
    return {name for name, test in CLASSES if any(test(c) for c in password)}


class ComplexityValidator:
    def __init__(self, min_length: int = 10, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password, user=None):
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    f"密码太短，至少需要 {self.min_length} 个字符。",
                    code="password_too_short",
                    params={"min_length": self.min_length},
                )
            )
        found = character_classes(password)
        if len(found) < self.min_classes:
            errors.append(
                ValidationError(
                    f"密码须包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类"
                    f"（当前只有{len(found)}类）。",
                    code="password_too_simple",
                    params={"min_classes": self.min_classes},
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符，且须包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类。"
