"""Import WeasyPrint without its library search starting dozens of processes.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names per library, one per platform
(``weasyprint/text/ffi.py``). cffi passes a name that is not a file name (``gobject-2.0``) to
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then gcc, then ld for each name it
does not find: 22 lookups and about 60 processes, 0.4 s of WeasyPrint's 1 s import on a quiet machine
and 1.3 s of 3.4 s on a loaded one (bench/startup_bench.py). Every PDF helper and every
``export_report`` of a draft pays it.

Each library's list also holds its Linux file name (``libgobject-2.0.so.0``), which cffi hands straight
to the dynamic loader — the loader's own search (``LD_LIBRARY_PATH``, ``ld.so.cache``, the default
directories), the one a program linked against the library would use. So on Linux the import runs with
``find_library`` answering "not found" at once, and WeasyPrint reaches those names. Should the import
fail that way on some system, it is repeated with the standard search.
"""

import ctypes.util
import sys
from contextlib import contextmanager


@contextmanager
def _no_library_search():
    standard = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def load() -> None:
    """Import WeasyPrint (and its libraries) if this process has not yet."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    if not sys.platform.startswith("linux"):
        import weasyprint

        return
    try:
        with _no_library_search():
            import weasyprint
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401
