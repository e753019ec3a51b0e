"""Translators, fonts and the few user-visible texts the core hands up (errors)."""

from __future__ import annotations

import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.paths import resource

UI_FONT_FILES = ("BeVietnamPro-Regular.ttf", "BeVietnamPro-Medium.ttf", "BeVietnamPro-Bold.ttf")
UI_FONT_FAMILY = "Be Vietnam Pro"
UI_FONT_POINT_SIZE = 9


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pyside6-lupdate collects
    """Mark `text` for translation in `context` where it is defined (a column title in a module constant);
    it is translated where shown, with `self.tr(text)` in the class named `context` or with
    `QCoreApplication.translate(context, text)`. PySide6's own marker is typed as returning `object`."""
    return text


def install_translators(app: QCoreApplication) -> list[QTranslator]:
    """Vietnamese for Qt's own buttons (Qt ships none), then the app's translation when there is one."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    installed: list[QTranslator] = []
    for name in ("qtbase_vi", "desktop_app_vi"):
        translator = QTranslator(app)
        path = resource("translations", f"{name}.qm")
        if path.exists() and translator.load(str(path)):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def load_fonts(app: QApplication) -> str | None:
    """Register the bundled fonts so text renders the same on every PC; returns the UI family used."""
    family: str | None = None
    for folder_file in sorted(resource("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(folder_file))
        if font_id >= 0 and folder_file.name in UI_FONT_FILES:
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                family = families[0]
    if family:
        app.setFont(QFont(family, UI_FONT_POINT_SIZE))
    return family


def error_text(err: DomainError) -> str:
    """The clerk-readable text of a domain error (all field messages for a multi-field error)."""
    if isinstance(err, ValidationErrors):
        return "\n".join(err.errors.values())
    return err.message


def loggable_error(kind: type[BaseException], tb: TracebackType | None) -> str:
    """An error for the log: its type and where it happened, never its text (that can carry the values of
    a row: names, ID numbers)."""
    return f"{kind.__name__}\n" + "".join(traceback.format_tb(tb))
