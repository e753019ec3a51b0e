"""Data-entry dialogs: Enter moves to the next field, Ctrl+Enter or Ctrl+S saves, closing with changes asks
first; Alt+letter on form labels; a set Tab order."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QDialog, QFormLayout, QLabel, QMessageBox, QWidget


class EntryDialog(QDialog):
    """A dialog the clerk types into, the way a spreadsheet user expects.

    Call `entry_keys(save, snapshot)` once the form is filled: Enter in a field moves to the next field (a
    multi-line note keeps its Enter), Ctrl+Enter and Ctrl+S run `save`, and Esc, *Hủy* or the window's ×
    ask «Bỏ các thay đổi?» when `snapshot()` differs from what it was when the form was filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._snapshot: Callable[[], object] | None = None
        self._clean: object = None
        self.discard_box: QMessageBox | None = None  # the question while it is shown (tests answer it)

    def entry_keys(self, save: Callable[[], None], snapshot: Callable[[], object] | None = None) -> None:
        portable = QKeySequence.SequenceFormat.PortableText  # key names are translated in native text
        for keys in (QKeySequence("Ctrl+Return", portable), QKeySequence("Ctrl+Enter", portable)):
            QShortcut(keys, self).activated.connect(save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(save)
        self._snapshot = snapshot
        self.mark_clean()

    def mark_clean(self) -> None:
        """What the form holds now counts as unchanged (after filling it or after a partial save)."""
        self._clean = self._snapshot() if self._snapshot is not None else None

    def has_changes(self) -> bool:
        return self._snapshot is not None and self._snapshot() != self._clean

    def reject(self) -> None:
        """Esc, *Hủy* and × all come here; typed data is dropped only when the clerk says so."""
        if self.has_changes() and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Bỏ các thay đổi?"), self.tr("Bỏ các thay đổi?"))
        box.setInformativeText(
            self.tr("Những gì vừa nhập vào biểu mẫu này chưa được lưu. Bấm «Lưu» (Ctrl+S) để giữ lại.")
        )
        discard = box.addButton(self.tr("Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Tiếp tục nhập"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.discard_box = box
        try:
            box.exec()
        finally:
            self.discard_box = None
        return box.clickedButton() is discard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier) == Qt.KeyboardModifier.NoModifier
        if self._snapshot is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            focus = self.focusWidget()
            if focus is not None and not isinstance(focus, QAbstractButton):
                self.focusNextChild()  # the field ignored Enter: go on to the next one, as in a spreadsheet
                event.accept()
                return
        super().keyPressEvent(event)


def label_buddies(root: QWidget) -> None:
    """Give each form label under `root` an Alt+letter that jumps to its field.

    A row's field may be a holder (the field with its error label under it): the buddy is then the first
    widget in it that takes focus. The letter is the first free one of the label's words' initials, else
    of its other letters, in Tab order; letters already taken by buttons and labels with their own '&' are
    left alone."""
    labels: list[tuple[QLabel, QWidget]] = []
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            field = field_item.widget() if field_item is not None else None
            if isinstance(label, QLabel) and field is not None and label.text().strip():
                target = _focus_target(field)
                if target is not None:
                    labels.append((label, target))
    chain: dict[QWidget, int] = {}
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and widget not in chain:
        chain[widget] = len(chain)
        widget = widget.nextInFocusChain()
    labels.sort(key=lambda pair: chain.get(pair[1], len(chain)))  # the first fields get the first pick
    used = {_mnemonic(w.text()) for w in root.findChildren(QAbstractButton)}
    used |= {_mnemonic(w.text()) for w in root.findChildren(QLabel)}
    for label, target in labels:
        label.setBuddy(target)
        if _mnemonic(label.text()):
            continue
        text = label.text()
        initials = [i for i, ch in enumerate(text) if i == 0 or text[i - 1] == " "]
        others = [i for i in range(len(text)) if i not in initials]
        for i in initials + others:
            ch = text[i].lower()
            if ch.isascii() and ch.isalnum() and ch not in used:
                used.add(ch)
                label.setText(text[:i] + "&" + text[i:])
                break


def tab_chain(widgets: Sequence[QWidget]) -> None:
    """Tab goes through `widgets` in this order (a form's holders, made before their window, came last)."""
    for before, after in itertools.pairwise(widgets):
        QWidget.setTabOrder(before, after)


def _focus_target(field: QWidget) -> QWidget | None:
    if field.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return field
    for child in field.findChildren(QWidget):
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return child
    return None


def _mnemonic(text: str) -> str:
    i = text.replace("&&", "").find("&")
    cleaned = text.replace("&&", "")
    return cleaned[i + 1].lower() if 0 <= i < len(cleaned) - 1 else ""
