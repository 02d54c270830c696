"""WeasyPrint's import without ctypes' library search (reports/weasyprint_loader.py): each runs in a
fresh interpreter, where nothing has imported WeasyPrint yet."""

import subprocess
import sys
import textwrap

from django.conf import settings


def run(code: str, *, path: str = "") -> str:
    env = {"PYTHONPATH": f"{path}:{settings.BASE_DIR}" if path else str(settings.BASE_DIR), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_weasyprint_opens_its_libraries_without_starting_a_process():
    out = run(
        """
        import subprocess
        started = []
        subprocess.Popen.__init__ = lambda self, args, *rest, **kw: started.append(args) or 1 / 0
        from reports.weasyprint_loader import load
        load()
        from weasyprint.text import ffi
        print(len(started), ffi.harfbuzz_subset is not None, ffi.pango.pango_version() > 0)
        """
    )
    assert out == "0 True True"  # no ldconfig/gcc/ld; HarfBuzz subsetting found, Pango usable


def test_an_import_that_needs_the_standard_search_is_repeated_with_it(tmp_path):
    # A stand-in package that, like a system where a library is known only to ctypes' search, fails
    # without find_library: the loader imports it again with the standard search.
    package = tmp_path / "weasyprint"
    (package / "text").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "import ctypes.util\n"
        "if ctypes.util.find_library('c') is None:\n"
        "    raise OSError('cannot load library')\n"
        "from . import text\n"
    )
    (package / "text" / "__init__.py").write_text("")
    (package / "text" / "ffi.py").write_text("")
    out = run(
        """
        from reports.weasyprint_loader import load
        load()
        import sys, ctypes.util
        print("weasyprint" in sys.modules, ctypes.util.find_library("c") is not None)
        """,
        path=str(tmp_path),
    )
    assert out == "True True"  # imported on the second try, and find_library is itself again
