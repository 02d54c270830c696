"""``manage.py check`` warns, with the exact install command, when PDFs would show boxes or be slow."""

import subprocess

from django.core import checks
from weasyprint.text import ffi

from reports import checks as report_checks


def report_warnings():
    return {message.id: message for message in checks.run_checks(tags=["reports"])}


def test_this_machine_has_cjk_fonts_and_harfbuzz_subsetting():
    # `make test` installs them (scripts/system-packages.sh): the check must then be silent.
    assert report_warnings() == {}
    assert "Noto Serif CJK SC" in report_checks.cjk_font_families()


def test_missing_cjk_font_warns_with_the_install_command(monkeypatch):
    real_run = subprocess.run

    def no_chinese_fonts(args, **kwargs):
        result = real_run(["true"], **kwargs)
        result.stdout = ""
        return result

    monkeypatch.setattr(report_checks.subprocess, "run", no_chinese_fonts)
    warning = report_warnings()["reports.W001"]
    assert warning.level == checks.WARNING
    assert "中文" in warning.msg
    assert "sudo apt-get install -y --no-install-recommends fonts-noto-cjk" in warning.hint


def test_missing_fontconfig_warns_too(monkeypatch):
    monkeypatch.setattr(report_checks.shutil, "which", lambda name: None)
    assert "fonts-noto-cjk" in report_warnings()["reports.W001"].hint


def test_missing_harfbuzz_subset_warns_with_the_install_command(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    warnings = report_warnings()
    assert set(warnings) == {"reports.W002"}
    assert (
        warnings["reports.W002"].hint == "请安装：sudo apt-get install -y --no-install-recommends libharfbuzz-subset0"
    )
    assert "12–16 秒" in warnings["reports.W002"].msg


def test_too_old_harfbuzz_warns(monkeypatch):
    class OldHarfBuzz:
        def __getattr__(self, name):
            return getattr(ffi.harfbuzz, name)

        @staticmethod
        def hb_version_atleast(major, minor, micro):
            return (major, minor, micro) <= (4, 0, 0)

    monkeypatch.setattr(ffi, "harfbuzz", OldHarfBuzz())
    assert "reports.W002" in report_warnings()


def test_the_warnings_show_in_manage_py_check(monkeypatch, capsys):
    from django.core.management import call_command

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    call_command("check")
    assert "libharfbuzz-subset0" in capsys.readouterr().err
