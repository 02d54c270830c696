"""一 1: 实有在职人数 above 编制数 needs an explanation (超编说明)."""

from ..findings import WARNING, Figure, Finding

CODE = "staff_over_quota"
TITLE = "实有人数超过编制数须说明"


def check(report) -> list[Finding]:
    profile = report.profile
    if profile is None or profile.staff_quota is None or profile.staff_actual is None:
        return []
    if profile.staff_actual <= profile.staff_quota or profile.staff_excess_reason.strip():
        return []
    return [
        Finding(
            code=CODE,
            severity=WARNING,
            section="profile",
            field="staff_excess_reason",
            subject=f"{profile.staff_actual}>{profile.staff_quota}",
            figures=(
                Figure("编制数", f"{profile.staff_quota}名"),
                Figure("实有在职人数", f"{profile.staff_actual}人"),
                Figure("超编人数", f"{profile.staff_actual - profile.staff_quota}人"),
            ),
            message=(
                f"实有在职人数{profile.staff_actual}人超过编制数{profile.staff_quota}名，但未填写超编说明。"
                "请在“超编说明”中写明原因（如借调、编外聘用等），或核对这两个数字。"
            ),
        )
    ]
