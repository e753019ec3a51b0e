"""Windows that fit the screen they open on: sized within its work area, content scrolled when it is taller,
buttons outside the scrolling part, sizes remembered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

# The window frame and title bar, until the window system reports the real ones (a window not yet shown).
FRAME_ALLOWANCE = QSize(16, 40)
SCROLLED = "pcmd_scrolled"


def available_geometry(widget: QWidget) -> QRect:
    """The work area (without the taskbar) of the screen `widget` opens on, in logical pixels: the screen
    under its parent window (a dialog opens over it), else under itself, else the primary one.

    Found by position with QGuiApplication.screenAt: QWidget.screen() in PySide6 6.11 corrupted memory when
    called on windows being built and shown (a later widget then crashed in QScreen::virtualSiblings)."""
    parent = widget.parentWidget()
    anchor = parent.window() if parent is not None else widget
    screen = QGuiApplication.screenAt(anchor.frameGeometry().center()) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _frame(widget: QWidget) -> QSize:
    """What the window system adds around the client area: at least the usual Windows frame and title bar
    (the real one is known only once the window is shown)."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    measured = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    return measured.expandedTo(FRAME_ALLOWANCE) if widget.isVisible() else FRAME_ALLOWANCE


def client_limit(widget: QWidget) -> QSize:
    """The largest client size that keeps the whole window, frame included, within the work area."""
    area = available_geometry(widget)
    frame = _frame(widget)
    return QSize(max(area.width() - frame.width(), 200), max(area.height() - frame.height(), 150))


def _too_big(widget: QWidget, limit: QSize) -> bool:
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return hint.width() > limit.width() or hint.height() > limit.height()


def _is_button_row(item: QLayoutItem | None) -> bool:
    """A dialog's closing buttons: a button box, or a row holding only buttons and stretches."""
    if item is None:
        return False
    if isinstance(item.widget(), QDialogButtonBox):
        return True
    row = item.layout()
    if row is None or row.count() == 0:
        return False
    items = [row.itemAt(i) for i in range(row.count())]
    present = [w for it in items if it is not None and (w := it.widget()) is not None]
    return bool(present) and all(isinstance(w, QAbstractButton) for w in present)


def scroll_content(widget: QWidget) -> bool:
    """Move `widget`'s content into a scroll area, leaving its closing buttons (the button boxes and the
    last row of buttons) below it; False when it has no box layout or was done already."""
    layout = widget.layout()
    if not isinstance(layout, QBoxLayout) or widget.property(SCROLLED):
        return False
    widget.setProperty(SCROLLED, True)
    kept: list[QWidget | QLayout] = []
    for index in reversed(range(layout.count())):
        item = layout.itemAt(index)
        if not _is_button_row(item):
            if item is not None and item.spacerItem() is None:
                break  # only the buttons at the bottom stay outside
            continue
        taken = layout.takeAt(index)
        if taken is None:
            continue
        part = taken.widget() or taken.layout()
        if part is not None:
            kept.insert(0, part)
    # The window keeps its own layout (moving a layout to another widget leaves Qt objects that a later
    # deletion of the window frees twice): its items move into a new layout on a widget inside the scroll
    # area, and the window's layout then holds the scroll area and the kept buttons.
    margins = layout.contentsMargins()
    inner = QWidget()
    inner_layout = QBoxLayout(layout.direction(), inner)
    inner_layout.setContentsMargins(margins)
    inner_layout.setSpacing(layout.spacing())
    while layout.count():
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            break
        if (moved := item.widget()) is not None:
            inner_layout.addWidget(moved, stretch, item.alignment())
        elif (sub := item.layout()) is not None:
            sub.setParent(None)
            inner_layout.addLayout(sub, stretch)
        elif (spacer := item.spacerItem()) is not None:
            inner_layout.addSpacerItem(spacer)
    scroll = QScrollArea(widget)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    layout.setContentsMargins(0, 0, 0, margins.bottom() if kept else 0)
    if layout.direction() != QBoxLayout.Direction.TopToBottom:
        layout.setDirection(QBoxLayout.Direction.TopToBottom)
    layout.addWidget(scroll, 1)
    for part in kept:
        row = QVBoxLayout()
        layout.addLayout(row)
        row.setContentsMargins(margins.left(), 0, margins.right(), 0)
        if isinstance(part, QWidget):
            row.addWidget(part)
        else:
            part.setParent(None)
            row.addLayout(part)
    return True


def _scroll_if_needed(widget: QWidget, limit: QSize) -> bool:
    """Scroll the content of a window that cannot shrink to `limit`; True when its content was just put in
    a scroll area (False when it fits, or scrolls already, or has no layout to scroll)."""
    if not _too_big(widget, limit):
        return False
    wrapped = False
    if isinstance(widget, QWizard):
        for page_id in widget.pageIds():
            page = widget.page(page_id)
            if isinstance(page, QWizardPage) and scroll_content(page):
                wrapped = True
                page_layout = page.layout()
                if page_layout is not None:
                    page_layout.activate()
                page.updateGeometry()
        if wrapped:
            # The wizard recomputes the minimum size it gave itself only when its style changes: change it
            # there and back.
            style = widget.wizardStyle()
            other = QWizard.WizardStyle.ModernStyle
            widget.setWizardStyle(QWizard.WizardStyle.ClassicStyle if style == other else other)
            widget.setWizardStyle(style)
    else:
        wrapped = scroll_content(widget)
    layout: QLayout | None = widget.layout()
    if wrapped and layout is not None:
        layout.activate()
    return wrapped


class _Fitter(QObject):
    """Keeps one window within its screen each time it is shown, and remembers its size when hidden."""

    def __init__(self, window: QWidget, preferred: QSize | None, ui_state: Any, key: str) -> None:
        super().__init__(window)
        self._ui_state = ui_state
        self._key = key
        saved = ui_state.window_size(key) if ui_state is not None and key else None
        self._size = saved if saved is not None else preferred

    def fit(self, window: QWidget) -> None:
        if self._size is None:  # the natural size, once the content is built (before any scrolling)
            self._size = window.sizeHint()
        limit = client_limit(window)
        if _scroll_if_needed(window, limit):  # room for the vertical scroll bar beside the content
            extent = window.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            inner = max(
                (
                    content.minimumSizeHint().width()
                    for area in window.findChildren(QScrollArea)
                    if (content := area.widget()) is not None
                ),
                default=0,
            )
            width = max(self._size.width(), window.minimumWidth(), inner) + extent
            self._size = QSize(width, self._size.height())
        size = self._size.boundedTo(limit).expandedTo(window.minimumSizeHint().boundedTo(limit))
        if window.isMaximized() or window.isFullScreen():
            return
        window.resize(size)

    def keep_inside(self, window: QWidget) -> None:
        area = available_geometry(window)
        frame = window.frameGeometry()
        x = min(max(frame.x(), area.left()), max(area.right() - frame.width() + 1, area.left()))
        y = min(max(frame.y(), area.top()), max(area.bottom() - frame.height() + 1, area.top()))
        if (x, y) != (frame.x(), frame.y()):
            window.move(x, y)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Spontaneous shows and hides come from the window system (minimise, restore): the size stays.
        if isinstance(watched, QWidget) and watched.isWindow() and not event.spontaneous():
            if event.type() == QEvent.Type.Show:
                self.fit(watched)
                self.keep_inside(watched)
            elif event.type() == QEvent.Type.Hide and not (watched.isMaximized() or watched.isFullScreen()):
                self._size = watched.size()  # shown again at the size the clerk gave it
                if self._ui_state is not None and self._key:
                    self._ui_state.set_window_size(self._key, watched.size())
        return False


def fit_window(
    window: QWidget, preferred: QSize | None = None, *, ui_state: Any = None, key: str = ""
) -> None:
    """Size `window` (a dialog, wizard or main window) to the size remembered under `key`, else `preferred`,
    else its natural size when first shown, within the work area of its screen; content taller than the
    screen scrolls, with the dialog's buttons kept visible below. Applied each time the window is shown.

    Call it right after the window's constructor begins (natural size) or where it used to resize()."""
    fitter = _Fitter(window, preferred, ui_state, key)
    window.installEventFilter(fitter)
    if preferred is not None:
        window.resize(preferred.boundedTo(client_limit(window)))
