"""Form helpers: error labels beside fields, Vietnamese text input, date fields typed dd/mm/yyyy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.errors import DomainError, ValidationErrors

ERROR_STYLE = "color: #b71c1c;"
INVALID_STYLE = "border: 1px solid #c62828;"


class FieldErrors:
    """Holds an error label per field; shows a service's ValidationErrors beside the right widgets."""

    def __init__(self, reserve: bool = False) -> None:
        """`reserve`: each field keeps the height of its error line while there is no error, so a form
        does not jump when messages appear (for forms with room to spare)."""
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._reserve = reserve

    def add(self, field: str, widget: QWidget, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(f"error_{field}")
        label.setStyleSheet(ERROR_STYLE)
        # No word wrap: a wrapped label gets no height in a form layout and overlaps the next row;
        # unwrapped, its width raises the dialog's minimum size and the dialog grows to show it.
        if self._reserve:
            label.setFixedHeight(label.fontMetrics().height())  # shown, empty, until there is a message
        else:
            label.hide()
        self._labels[field] = label
        self._widgets[field] = widget
        return label

    def clear(self) -> None:
        for field, label in self._labels.items():
            label.clear()
            label.setHidden(not self._reserve)
            _framed(self._widgets[field]).setStyleSheet("")

    def show(self, err: DomainError) -> str:
        """Show each message beside its field; returns the text of messages with no field of their own."""
        self.clear()
        errors = err.errors if isinstance(err, ValidationErrors) else {err.field or "": err.message}
        leftover: list[str] = []
        first: QWidget | None = None
        for field, message in errors.items():
            label = self._labels.get(field)
            if label is None:
                leftover.append(message)
                continue
            label.setText(message)
            label.show()
            widget = self._widgets[field]
            _framed(widget).setStyleSheet(INVALID_STYLE)
            if first is None:
                first = widget
        if first is not None:
            first.setFocus()
        return "\n".join(leftover)

    def text(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def _framed(widget: QWidget) -> QWidget:
    """The box that shows a field's error frame: a composite field's input (its focus proxy), never the
    container, whose style would frame every child, empty labels included."""
    return widget.focusProxy() or widget


def date_edit(parent: QWidget) -> QLineEdit:
    """A line edit for a day-first date; parsing and checks happen in the domain."""
    edit = QLineEdit(parent)
    edit.setPlaceholderText("ngày/tháng/năm")
    edit.setMaxLength(10)
    return edit


def form_row(form: QFormLayout, errors: FieldErrors, label: str, field: str, widget: QWidget) -> None:
    """A form row whose field has its error label right under it."""
    holder = QWidget(form.parentWidget())
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(errors.add(field, widget, holder))
    form.addRow(label, holder)


def password_edit(parent: QWidget) -> QLineEdit:
    """A line edit that hides what is typed."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


def note_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def save_cancel(dialog: QDialog, on_save: Callable[[], None], cancel_text: str = "") -> QDialogButtonBox:
    """*Lưu* runs `on_save` (which accepts the dialog when it succeeds); *Hủy* (or `cancel_text`) rejects."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(dialog.tr("Lưu"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text or dialog.tr("Hủy"))
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons
