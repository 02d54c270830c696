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


def test_the_fonttools_parts_the_report_never_uses_are_not_loaded_with_weasyprint():
    out = run(
        """
        import sys
        from reports.weasyprint_loader import load
        load()
        import weasyprint.pdf.fonts
        loaded = sorted(n for n in sys.modules if n.startswith(("fontTools.varLib", "fontTools.subset.")))
        instancer = sys.modules["fontTools.varLib.instancer"]
        print(loaded, type(instancer).__name__, type(sys.modules["fontTools.subset"]).__name__)
        """
    )
    # neither the instancer (only its stand-in), nor varLib, nor the subsetter's code: 0.1–0.15 s
    assert out == "['fontTools.varLib.instancer'] _StandIn _LazyModule"


def test_without_harfbuzz_subsetting_fonts_are_still_subset_by_fonttools_on_first_use():
    out = run(
        """
        import io, sys
        from reports.weasyprint_loader import load
        load()
        import weasyprint.pdf.fonts
        from weasyprint import HTML
        weasyprint.pdf.fonts.harfbuzz_subset = None  # as on a system without libharfbuzz-subset
        pdf = HTML(string='<p style="font-family: FandolSong">预算执行率 98.50%</p>').write_pdf()
        import pdfplumber
        text = pdfplumber.open(io.BytesIO(pdf)).pages[0].extract_text()
        print(text, len(pdf) < 100_000, "fontTools.subset.cff" in sys.modules)
        """
    )
    # FandolSong is 4.9 MB: a PDF under 100 KB that shows the text embeds a subset made by fontTools.
    assert out == "预算执行率 98.50% True True"


def test_the_variable_font_instancer_is_the_real_one_when_called():
    out = run(
        """
        import sys
        from reports.weasyprint_loader import load
        load()
        import weasyprint.pdf.fonts
        from fontTools.ttLib import TTFont
        try:
            weasyprint.pdf.fonts.instantiateVariableFont(TTFont("/usr/local/share/fonts/fandol/FandolBraille-Regular.otf"), {})
        except ValueError as error:
            print(error, type(sys.modules["fontTools.varLib.instancer"]).__name__)
        """
    )
    assert out == "Missing required table fvar module"  # fontTools' own answer; the real module now in place


def test_no_module_name_leaves_sys_modules_and_other_uses_get_the_real_instancer():
    # Django's autoreloader lists sys.modules from another thread while runserver starts: a name that
    # disappeared between its listing and its lookup stopped `make run` (KeyError). The stand-in stays
    # in sys.modules until the real module takes its place.
    out = run(
        """
        import sys, threading
        from django.utils.autoreload import iter_all_python_module_files
        errors, done = [], threading.Event()

        def watch():
            while not done.is_set():
                try:
                    iter_all_python_module_files()
                except Exception as error:
                    errors.append(repr(error))

        watcher = threading.Thread(target=watch)
        watcher.start()
        from reports.weasyprint_loader import load
        load()
        done.set()
        watcher.join()
        name = "fontTools.varLib.instancer"
        before = type(sys.modules[name]).__name__
        import fontTools.varLib.instancer as instancer
        solver = instancer.solver  # any other use loads the real module
        after = sys.modules[name]
        print(errors, before, type(after).__name__, after.instantiateVariableFont.__module__, solver.__name__)
        """
    )
    assert out == ("[] _StandIn module fontTools.varLib.instancer fontTools.varLib.instancer.solver")
