"""The window's side of the register description: the pages in the navigation (title, help section, who sees
them, which class), and each register's list texts (import, export) keyed by the names of
`desktop_app.services.registers`. The main window, the import dialog and the list actions read them.

Texts are marked with QT_TRANSLATE_NOOP and translated where they are shown (`translated`), so that
`pyside6-lupdate` finds them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop_app.domain.security import PERM_CASES, PERM_REPORT
from desktop_app.services import registers
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP


def translated(text: str) -> str:
    """A text of this module, in the language of the interface."""
    return QCoreApplication.translate("registers", text)


@dataclass(frozen=True, slots=True)
class PageView:
    """One entry of the navigation: a register's page, or the start, review and report pages."""

    name: str  # the page's key (the main window's attribute of the same name)
    title: str  # the navigation's text (translate with `translated`)
    help_section: str  # its anchor in resources/help/huong-dan.md
    page_class: str  # "module:Class", imported on the page's first visit
    permission: str | None = None  # the page exists only for a role with it (None: every role)


@dataclass(frozen=True, slots=True)
class RegisterView:
    """A register's list texts in the window (translate each with `translated`)."""

    import_title: str  # the import dialog's title
    noun: str  # one row, counted: «Nhập 12 lượt kiểm tra»
    export_title: str  # the save dialog's title
    export_label: str  # the progress dialog's text
    export_done: str  # {n} rows written to {file}; {noun} the noun above
    menu_label: str = ""  # a list imported from «Tệp → Nhập danh sách khác từ Excel» (none: from its page)


PAGES: tuple[PageView, ...] = (
    PageView(
        "start_page",
        QT_TRANSLATE_NOOP("registers", "Trang đầu"),
        "trang-dau",
        "desktop_app.ui.pages.start_page:StartPage",
    ),
    PageView(
        "business_page",
        QT_TRANSLATE_NOOP("registers", "Cơ sở kinh doanh"),
        "co-so",
        "desktop_app.ui.pages.business_page:BusinessPage",
    ),
    PageView(
        "commitment_page",
        QT_TRANSLATE_NOOP("registers", "Cam kết"),
        "cam-ket",
        "desktop_app.ui.pages.commitment_page:CommitmentPage",
    ),
    PageView(
        "inspection_page",
        QT_TRANSLATE_NOOP("registers", "Kiểm tra"),
        "kiem-tra",
        "desktop_app.ui.pages.inspection_page:InspectionPage",
    ),
    PageView(
        "review_page",
        QT_TRANSLATE_NOOP("registers", "Rà soát định kỳ"),
        "ra-soat",
        "desktop_app.ui.pages.review_page:ReviewPage",
    ),
    PageView(
        "activity_page",
        QT_TRANSLATE_NOOP("registers", "Hoạt động xã, phường"),
        "hoat-dong",
        "desktop_app.ui.pages.activity_page:ActivityPage",
    ),
    PageView(
        "case_page",
        QT_TRANSLATE_NOOP("registers", "Hỗ trợ hoàn lương"),
        "ho-tro",
        "desktop_app.ui.pages.case_page:CasePage",
        PERM_CASES,
    ),
    PageView(
        "report_page",
        QT_TRANSLATE_NOOP("registers", "Báo cáo"),
        "bao-cao",
        "desktop_app.ui.pages.report_page:ReportPage",
        PERM_REPORT,
    ),
)

_EXPORTED = QT_TRANSLATE_NOOP("registers", "Đã xuất {n} {noun} ra «{file}».")
_EXPORTING = QT_TRANSLATE_NOOP("registers", "Đang xuất danh sách…")
_EXPORTED_PROTECTED = QT_TRANSLATE_NOOP(
    "registers", "Đã xuất {n} {noun} ra «{file}». Tệp chỉ mở được bằng mật khẩu vừa đặt."
)

REGISTER_VIEWS: dict[str, RegisterView] = {
    "businesses": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách cơ sở từ Excel"),
        QT_TRANSLATE_NOOP("registers", "cơ sở"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách cơ sở"),
        _EXPORTING,
        _EXPORTED,
    ),
    "commitments": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách cam kết từ Excel"),
        QT_TRANSLATE_NOOP("registers", "lần ký cam kết"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách cam kết"),
        QT_TRANSLATE_NOOP("registers", "Đang xuất danh sách cam kết…"),
        _EXPORTED,
    ),
    "inspections": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách lượt kiểm tra từ Excel"),
        QT_TRANSLATE_NOOP("registers", "lượt kiểm tra"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách lượt kiểm tra"),
        QT_TRANSLATE_NOOP("registers", "Đang xuất danh sách lượt kiểm tra…"),
        _EXPORTED,
    ),
    "cases": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách hồ sơ hỗ trợ từ Excel"),
        QT_TRANSLATE_NOOP("registers", "hồ sơ"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách hồ sơ (có mật khẩu)"),
        QT_TRANSLATE_NOOP("registers", "Đang xuất danh sách hồ sơ…"),
        _EXPORTED_PROTECTED,
    ),
    "communication": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách tuyên truyền từ Excel"),
        QT_TRANSLATE_NOOP("registers", "buổi tuyên truyền"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách tuyên truyền"),
        _EXPORTING,
        _EXPORTED,
    ),
    "training": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách tập huấn từ Excel"),
        QT_TRANSLATE_NOOP("registers", "lớp tập huấn"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách tập huấn"),
        _EXPORTING,
        _EXPORTED,
    ),
    "status-changes": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách thay đổi trạng thái cơ sở từ Excel"),
        QT_TRANSLATE_NOOP("registers", "lần đổi trạng thái"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách thay đổi trạng thái cơ sở"),
        _EXPORTING,
        _EXPORTED,
        menu_label=QT_TRANSLATE_NOOP("registers", "Thay đổi trạng thái cơ sở…"),
    ),
    "employees": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách người lao động ký cam kết từ Excel"),
        QT_TRANSLATE_NOOP("registers", "người lao động"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách người lao động ký cam kết"),
        _EXPORTING,
        _EXPORTED,
        menu_label=QT_TRANSLATE_NOOP("registers", "Người lao động ký cam kết…"),
    ),
    "case-services": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách các lần hỗ trợ từ Excel"),
        QT_TRANSLATE_NOOP("registers", "lần hỗ trợ"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách các lần hỗ trợ (có mật khẩu)"),
        _EXPORTING,
        _EXPORTED_PROTECTED,
        menu_label=QT_TRANSLATE_NOOP("registers", "Các lần hỗ trợ hồ sơ…"),
    ),
    "follow-ups": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách các lần theo dõi hồ sơ từ Excel"),
        QT_TRANSLATE_NOOP("registers", "lần theo dõi"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách các lần theo dõi hồ sơ (có mật khẩu)"),
        _EXPORTING,
        _EXPORTED_PROTECTED,
        menu_label=QT_TRANSLATE_NOOP("registers", "Các lần theo dõi hồ sơ…"),
    ),
    "hotspots": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập danh sách tụ điểm từ Excel"),
        QT_TRANSLATE_NOOP("registers", "tụ điểm"),
        QT_TRANSLATE_NOOP("registers", "Xuất danh sách tụ điểm"),
        _EXPORTING,
        _EXPORTED,
        menu_label=QT_TRANSLATE_NOOP("registers", "Tụ điểm…"),
    ),
    "healthy-communes": RegisterView(
        QT_TRANSLATE_NOOP("registers", "Nhập tình trạng xã, phường lành mạnh từ Excel"),
        QT_TRANSLATE_NOOP("registers", "tình trạng xã, phường"),
        QT_TRANSLATE_NOOP("registers", "Xuất tình trạng xã, phường lành mạnh"),
        _EXPORTING,
        _EXPORTED,
        menu_label=QT_TRANSLATE_NOOP("registers", "Xã, phường lành mạnh theo năm…"),
    ),
}


def register_view(name: str) -> RegisterView:
    """The window's texts of the register called `name`; a described register without its own texts gets
    ones built from the description's noun (so that a new entry works before it has its wording)."""
    view = REGISTER_VIEWS.get(name)
    if view is not None:
        return view
    noun = registers.register(name).noun
    return RegisterView(
        f"Nhập danh sách {noun} từ Excel", noun, f"Xuất danh sách {noun}", _EXPORTING, _EXPORTED
    )


def menu_lists() -> list[str]:
    """The registers imported from the File menu's «Nhập danh sách khác từ Excel», in described order."""
    return [name for name in registers.names() if register_view(name).menu_label]


def page_view(name: str) -> PageView:
    """The navigation entry called `name`. Raises KeyError."""
    for page in PAGES:  # read at call time: a test may add an entry
        if page.name == name:
            return page
    raise KeyError(name)
