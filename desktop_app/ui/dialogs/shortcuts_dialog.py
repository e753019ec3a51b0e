"""Trợ giúp → Phím tắt: the keyboard shortcuts of the window and of the forms, in the clerk's words."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    """A read-only list; `pages` are the titles of the left-hand list, in order (Ctrl+1 is the first)."""

    def __init__(self, pages: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phím tắt"))
        pages_text = "; ".join(f"Ctrl+{i} {title}" for i, title in enumerate(pages[:9], start=1))
        sections = (
            (
                self.tr("Cửa sổ chính"),
                (
                    (
                        "Ctrl+1 … Ctrl+9",
                        self.tr("Mở trang theo thứ tự trong danh sách bên trái: ") + pages_text,
                    ),
                    (
                        "Ctrl+N",
                        self.tr(
                            "Thêm mới trên trang đang mở: cơ sở, lượt kiểm tra, tụ điểm, buổi tuyên truyền, "
                            "lớp tập huấn, hồ sơ hỗ trợ; trên trang Cam kết: ghi nhận ký cam kết"
                        ),
                    ),
                    ("Ctrl+F", self.tr("Tìm cơ sở (trang Cơ sở kinh doanh)")),
                    ("F5", self.tr("Tải lại danh sách cơ sở")),
                    ("Tab, Shift+Tab", self.tr("Sang ô, nút hoặc bảng tiếp theo / trước đó")),
                    (
                        self.tr("↑ ↓, Enter"),
                        self.tr("Trong bảng: chọn dòng; Enter mở cơ sở đang chọn; Tab ra khỏi bảng"),
                    ),
                    ("Ctrl+L", self.tr("Khóa màn hình")),
                    ("Ctrl+,", self.tr("Cài đặt")),
                    ("Ctrl+Q", self.tr("Thoát")),
                ),
            ),
            (
                self.tr("Biểu mẫu nhập liệu"),
                (
                    ("Enter", self.tr("Sang ô tiếp theo (trong ô ghi chú nhiều dòng: xuống dòng)")),
                    (self.tr("Ctrl+Enter, Ctrl+S"), self.tr("Lưu")),
                    ("Esc", self.tr("Đóng biểu mẫu; nếu đã nhập gì, hỏi «Bỏ các thay đổi?» trước")),
                    (self.tr("Alt + chữ gạch chân"), self.tr("Nhảy tới ô có nhãn đó")),
                    (
                        self.tr("Ô xã, phường"),
                        self.tr("Gõ tên không cần chữ «Xã», «Phường» và không cần dấu, vd. chieng"),
                    ),
                ),
            ),
        )
        html = ""
        for title, rows in sections:
            html += f"<h3>{escape(title)}</h3><table cellspacing='0' cellpadding='3'>"
            for keys, text in rows:
                html += f"<tr><td><b>{escape(keys)}</b></td><td>{escape(text)}</td></tr>"
            html += "</table>"
        self.text_label = QLabel(html, self)
        self.text_label.setWordWrap(True)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(self.text_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        self.resize(620, 460)
