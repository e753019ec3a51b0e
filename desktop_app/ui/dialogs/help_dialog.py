"""The user guide (Hướng dẫn sử dụng): the Vietnamese Markdown shipped in resources/help, shown offline."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSize, QUrl, Slot
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.paths import resource
from desktop_app.ui.geometry import fit_window

GUIDE = ("help", "huong-dan.md")

# `<a name="cam-ket"></a>` on the line before a heading names that heading's anchor. GitHub shows the guide
# with these anchors; Qt's Markdown reader drops inline HTML, so the dialog puts them back on the headings.
_ANCHOR_LINE = re.compile(r'^<a name="([^"]+)"></a>\s*$')
_HEADING_LINE = re.compile(r"^#{1,6} ")


def heading_anchors(markdown: str) -> list[str]:
    """The anchor of each heading of `markdown`, in order ("" for a heading without one)."""
    anchors: list[str] = []
    pending = ""
    for line in markdown.splitlines():
        found = _ANCHOR_LINE.match(line)
        if found:
            pending = found.group(1)
        elif _HEADING_LINE.match(line):
            anchors.append(pending)
            pending = ""
        elif line.strip():
            pending = ""
    return anchors


class HelpDialog(QDialog):
    """A window beside the app (not modal) that opens the guide at a page's section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hướng dẫn sử dụng"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # the guide's links are its own sections: followed below
        self.browser.anchorClicked.connect(self._follow)
        self._load(resource(*GUIDE))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close)
        fit_window(self, QSize(760, 560))  # within the screen's work area, whatever its scaling

    def _load(self, path: Path) -> None:
        """Show the guide's Markdown, each heading carrying the anchor named on the line before it."""
        markdown = path.read_text(encoding="utf-8")
        document = self.browser.document()
        document.setBaseUrl(QUrl.fromLocalFile(str(path)))
        self.browser.setMarkdown(markdown)
        anchors = iter(heading_anchors(markdown))
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                name = next(anchors, "")
                if name:
                    cursor = QTextCursor(block)
                    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
                    anchor = QTextCharFormat()
                    anchor.setAnchor(True)
                    anchor.setAnchorNames([name])
                    cursor.mergeCharFormat(anchor)
            block = block.next()
        document.setModified(False)

    @Slot(QUrl)
    def _follow(self, url: QUrl) -> None:
        """A link of the guide: its section (the guide links nowhere else)."""
        if url.fragment():
            self.browser.scrollToAnchor(url.fragment())

    def show_section(self, anchor: str) -> None:
        """Show the guide scrolled to `anchor` (the top when empty) and bring the window forward."""
        self.show()  # laid out first: scrolling to an anchor needs the page's size
        self.raise_()
        self.activateWindow()
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
