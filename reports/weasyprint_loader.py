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

WeasyPrint also imports, at start, two parts of fontTools that it calls only for fonts this app does
not use: the subsetter (WeasyPrint subsets with HarfBuzz, which the system check requires) and the
variable-font instancer (the report's fonts are static). Together 0.1–0.15 s of the import, paid by
every ``export_report`` of a draft (bench/startup_bench.py). They are loaded when first used instead:
the subsetter as a lazy module (``importlib.util.LazyLoader``), the instancer as a stand-in module whose
one function, or any other use, loads the real module, which then takes the stand-in's place in
``sys.modules``. No name is ever removed from ``sys.modules``: Django's autoreloader reads it from
another thread, and a name that disappears between its listing and its lookup stops ``runserver``.
"""

import ctypes.util
import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types
from contextlib import contextmanager

LAZY_MODULE = "fontTools.subset"
DEFERRED_FUNCTION = ("fontTools.varLib.instancer", "instantiateVariableFont")


@contextmanager
def _no_library_search():
    standard = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def _lazy_module(name: str) -> None:
    """Put ``name`` in ``sys.modules`` as a module whose code runs on its first attribute access."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


_loading = threading.RLock()


class _StandIn(types.ModuleType):
    """In ``sys.modules`` for a module not loaded yet: any attribute it lacks loads the real module."""

    def __getattr__(self, attribute):
        if attribute.startswith("__"):  # the import system's questions (``__path__`` is set) load nothing
            raise AttributeError(attribute)
        return getattr(_real_module(self.__name__), attribute)


def _real_module(name: str) -> types.ModuleType:
    """Load the real module ``name`` in place of its stand-in (the name stays in ``sys.modules``)."""
    with _loading:
        current = sys.modules.get(name)
        if current is not None and not isinstance(current, _StandIn):
            return current
        parent_name, _, child = name.rpartition(".")
        parent = importlib.import_module(parent_name)
        spec = importlib.machinery.PathFinder.find_spec(name, parent.__path__)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # as the import system does: its own submodules find it there
        try:
            spec.loader.exec_module(module)
        except BaseException:
            if current is not None:
                sys.modules[name] = current
            raise
        setattr(parent, child, module)
        return module


def _deferred(module_name: str, attribute: str):
    def call(*args, **kwargs):
        return getattr(_real_module(module_name), attribute)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attribute
    return call


def _font_tools_on_first_use() -> None:
    _lazy_module(LAZY_MODULE)
    module_name, attribute = DEFERRED_FUNCTION
    if module_name in sys.modules:  # already imported by someone else: nothing to save
        return
    parent = importlib.util.find_spec(module_name.rpartition(".")[0])  # found, not imported
    spec = importlib.machinery.PathFinder.find_spec(module_name, parent.submodule_search_locations)
    stand_in = _StandIn(module_name)
    stand_in.__spec__, stand_in.__path__ = spec, spec.submodule_search_locations  # its submodules import as usual
    setattr(stand_in, attribute, _deferred(module_name, attribute))
    sys.modules[module_name] = stand_in  # ``from … import instantiateVariableFont`` takes the stand-in's


def load() -> None:
    """Import WeasyPrint (and its libraries) if this process has not yet."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    _font_tools_on_first_use()
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
