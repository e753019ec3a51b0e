"""The list actions every register page shares: «Nhập từ Excel» and «Xuất Excel», with their texts from the
register description; printing uses `save_with_progress` with its own `SaveOptions`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop_app.domain.text import format_int
from desktop_app.services import registers
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP
from desktop_app.ui.registers import register_view, translated
from desktop_app.ui.tasks import SaveOptions, TaskRunner, save_with_progress

if TYPE_CHECKING:
    from desktop_app.services.import_writing import ListTransfer
    from desktop_app.ui.settings import UiState

ExportJob = Callable[[str, Callable[[int, int], None], threading.Event], int]

_NOT_EXPORTED = QT_TRANSLATE_NOOP("registers", "Không xuất được tệp.")


def import_list(parent: QWidget, transfer: ListTransfer, runner: TaskRunner, ui_state: UiState) -> int:
    """Walk the clerk from a file to imported rows (nothing is written before «Nhập»); the rows imported."""
    from desktop_app.ui.dialogs.import_dialog import ImportDialog  # the readers load on first import

    dialog = ImportDialog(transfer, runner, ui_state, parent)
    dialog.exec()
    return dialog.imported


def export_list(
    parent: QWidget,
    register: str,
    transfer: ListTransfer,
    runner: TaskRunner,
    ui_state: UiState | None,
    *,
    password: str | None = None,
    job: ExportJob | None = None,
    on_done: Callable[[str], None] | None = None,
) -> None:
    """Ask where to save the register's list, write it with a progress dialog and Cancel, say how it went.
    `job` replaces the whole list (e.g. only the rows shown); `password` protects a list of personal data."""
    view, described = register_view(register), registers.register(register)
    noun = translated(view.noun)

    def whole_list(path: str, progress: Callable[[int, int], None], cancel: threading.Event) -> int:
        return transfer.export_list(path, password, progress, cancel)

    options = SaveOptions(
        title=translated(view.export_title),
        default_name=described.export_file,
        file_filter="Excel (*.xlsx)",
        label=translated(view.export_label),
        done_text=lambda n, name: translated(view.export_done).format(n=format_int(n), noun=noun, file=name),
        failure_text=translated(_NOT_EXPORTED),
    )
    save_with_progress(runner, parent, ui_state, options, job or whole_list, on_done)
