"""How a person is named wherever one is shown: pages, the history, the review data, exports.

The 姓名 is one field, ``User.first_name`` (labelled 姓名 in admin: Chinese names are not split into
family and given names, ADR 15). An account that still has a ``last_name`` (typed before) shows it
first, in the Chinese order (姓 then 名, no space). An account without a name shows its username.
"""


def person_label(first_name: str, last_name: str, username: str) -> str:
    """The rule on plain values (e.g. read with ``values_list``)."""
    return f"{(last_name or '').strip()}{(first_name or '').strip()}" or username


def person_name(user) -> str:
    """姓名, else the username; "" for no user."""
    if user is None:
        return ""
    return person_label(user.first_name, user.last_name, user.get_username())
