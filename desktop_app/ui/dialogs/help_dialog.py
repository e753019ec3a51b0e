"""The user guide (Hướng dẫn sử dụng): the Vietnamese HTML shipped in resources/help, shown offline."""

from __future__ import annotations

from PySide6.QtCore import QSize, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.paths import resource
from desktop_app.ui.geometry import fit_window

GUIDE = ("help", "huong-dan.html")


class HelpDialog(QDialog):
    """A window beside the app (not modal) that opens the guide at a page's section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hướng dẫn sử dụng"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        path = resource(*GUIDE)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close)
        fit_window(self, QSize(760, 560))  # within the screen's work area, whatever its scaling

    def show_section(self, anchor: str) -> None:
        """Show the guide scrolled to `anchor` (the top when empty) and bring the window forward."""
        self.show()  # laid out first: scrolling to an anchor needs the page's size
        self.raise_()
        self.activateWindow()
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
