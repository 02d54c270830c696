"""``manage.py import_budget``: exit 0 saved, 1 problems (listed, nothing saved), 2 unknown department/year/file."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from budgets.models import DepartmentBudget
from evaluations.models import Evaluation, EvaluationStatus

from . import badfiles
from .conftest import db_figures, save


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_budget", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_import_saves_and_lists_the_changes(seed_department, template, tmp_path):
    template["整体支出"]["C6"] = "331"
    path = tmp_path / "预算.xlsx"
    path.write_bytes(save(template))
    code, out, _ = run("103001", "2018", str(path))
    assert code == 0
    assert "整体支出 | 决算基本支出 | 金额 | 330.55 → 331.00" in out and "已导入 1 处修改" in out
    assert DepartmentBudget.objects.get(department=seed_department).basic_actual == Decimal("331")
    code, out, _ = run("长沙市天心区政务服务中心", "2018", str(path))
    assert code == 0 and "没有需要导入的修改" in out


def test_dry_run_saves_nothing(seed_department, template, tmp_path):
    template["整体支出"]["C6"] = 331
    path = tmp_path / "预算.xlsx"
    path.write_bytes(save(template))
    before = db_figures(seed_department, 2018)
    code, out, _ = run("103001", "2018", str(path), "--dry-run")
    assert code == 0 and "未保存" in out
    assert db_figures(seed_department, 2018) == before


def test_problems_exit_1_listed_and_nothing_saved(seed_department, template, tmp_path):
    template["整体支出"]["C6"] = "x"
    template["项目支出"]["F5"] = "-3"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(save(template))
    before = db_figures(seed_department, 2018)
    code, _, err = run("103001", "2018", str(path))
    assert code == 1
    assert "工作表「整体支出」第 6 行，C 列" in err and "工作表「项目支出」第 5 行，F 列" in err
    assert "2 处问题" in err
    assert db_figures(seed_department, 2018) == before


def test_refused_file_and_locked_report_exit_1(seed_department, template, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(badfiles.xls_file())
    code, _, err = run("103001", "2018", str(path))
    assert code == 1 and ".xls" in err
    good = tmp_path / "good.xlsx"
    good.write_bytes(save(template))
    Evaluation.objects.filter(department=seed_department).update(status=EvaluationStatus.APPROVED)
    code, _, err = run("103001", "2018", str(good))
    assert code == 1 and "已审核通过并锁定" in err


@pytest.mark.parametrize(
    ("department", "year", "file", "message"),
    [
        ("999999", "2018", "x.xlsx", "未找到部门"),
        ("103001", "2017", "x.xlsx", "没有2017年度"),
        ("103001", "2018", "/nonexistent/x.xlsx", "找不到文件"),
    ],
)
def test_unknown_department_year_or_file_exit_2(demo, department, year, file, message):
    code, _, err = run(department, year, file)
    assert code == 2 and message in err
