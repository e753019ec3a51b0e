"""PySide6's check of every imported module, without keeping each module's source in memory.

Once PySide6 is imported, it looks at every module imported after it for the text "PySide6" (its
`__feature__` switching, `shibokensupport.feature._mod_uses_pyside`) by `inspect.getsource`, which reads the
whole file through `linecache` and keeps it there: with the services, SQLAlchemy, openpyxl and reportlab
loaded, about a thousand source files, some 30 MB held for nothing. The same check here reads the file and
keeps nothing.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (PySide6's import hook and its feature module are in place after it)

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def uses_pyside(module: ModuleType) -> bool:
    """Whether the source file of `module` contains "PySide6", as PySide6's own check answers it: modules
    without a source file (built in, compiled only) do not."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def lighter_import_check() -> bool:
    """Put `uses_pyside` in place of PySide6's check; False (nothing changed) when this PySide6 has no such
    check."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _CHECK, None)):
        return False
    setattr(feature, _CHECK, uses_pyside)
    return True
