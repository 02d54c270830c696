"""`manage.py check_report`: findings and 评分表; exit 1 with errors, 2 for an unknown department or year."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("check_report", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def test_seed_report_prints_its_real_findings_and_the_scoring_table_and_fails(demo):
    code, out, error = run("长沙市天心区政务服务中心", "2018")
    assert code == 1 and "2 项错误" in error
    assert "错误 2 项，警告 2 项（已说明理由 0 项），提示 1 项" in out
    assert out.count("[错误]") == 2 and out.count("[警告]") == 2 and out.count("[提示]") == 1
    assert "148.25" in out and "148.35" in out and "5.10" in out and "5.01" in out and "478.89" in out
    assert "在职人员控制率\t5.00\t125.00%\t0.00" in out
    assert "预算完成率\t5.00\t100.00%\t5.00" in out
    assert "“三公经费”变动率\t8.00\t无法计算\t—" in out
    assert "总分（暂计）：11.00 / 100.00　等级：待定（尚有20项指标未评分）" in out


def test_json_output_by_department_code(demo):
    code, out, _ = run("103001", "2018", "--json")
    data = json.loads(out)
    assert code == 1
    assert data["summary"] == {"errors": 2, "warnings": 2, "acknowledged": 0, "notes": 1, "blockers": 4}
    assert [f["code"] for f in data["findings"]] == [
        "staff_over_quota",
        "functional_lines_sum",
        "project_lines_sum",
        "one_value_per_figure",
        "incomplete_section",  # the seed printed no 基础数据: 附 is not complete
    ]
    assert data["scoring"]["total"] == "11.00" and len(data["scoring"]["rows"]) == 24


def test_report_without_errors_exits_zero(demo):
    code, out, _ = run("长沙市天心区演示事务中心", "2018")
    assert code == 0 and "错误 0 项，警告 0 项" in out


@pytest.mark.parametrize(
    ("args", "message"), [(("不存在的单位", "2018"), "未找到部门"), (("103001", "2017"), "没有2017年度")]
)
def test_unknown_department_or_year_exits_two(demo, args, message):
    code, _, error = run(*args)
    assert code == 2 and message in error
