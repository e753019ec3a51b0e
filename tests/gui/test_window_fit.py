"""Every window and dialog opens within the screen's work area with its buttons visible: 1366×768 at 125 %
(a 1093×574 work area) and at 100 % (1366×728)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from desktop_app.app import build_main_window, create_application
from desktop_app.domain.cases import CaseInput, IdentityInput
from desktop_app.domain.issued_reports import IssuedReportSummary
from desktop_app.domain.security import ROLE_ADMIN, ROLE_STAFF, SYSTEM, UserInput
from desktop_app.services.app_services import Services, open_services
from desktop_app.ui.dialogs.account_dialogs import ChangePasswordDialog, LoginDialog
from desktop_app.ui.dialogs.activity_dialogs import CommunicationDialog, HealthyStatusDialog, TrainingDialog
from desktop_app.ui.dialogs.audit_dialog import AuditDialog
from desktop_app.ui.dialogs.business_dialog import BusinessDialog
from desktop_app.ui.dialogs.business_inspections_dialog import BusinessInspectionsDialog
from desktop_app.ui.dialogs.case_dialogs import NewCaseDialog, ServiceDialog, SmallFormDialog
from desktop_app.ui.dialogs.case_file_dialog import CaseFileDialog
from desktop_app.ui.dialogs.commitment_dialog import BusinessCommitmentsDialog, RecordCommitmentDialog
from desktop_app.ui.dialogs.help_dialog import HelpDialog
from desktop_app.ui.dialogs.hotspot_dialog import HotspotDialog
from desktop_app.ui.dialogs.import_dialog import ImportDialog
from desktop_app.ui.dialogs.issue_dialogs import IssueDialog, IssuedReportsDialog
from desktop_app.ui.dialogs.legal_basis_dialog import LegalBasisDialog
from desktop_app.ui.dialogs.recovery_key import RecoveryKeyEntryDialog
from desktop_app.ui.dialogs.round_dialog import RoundDialog
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from desktop_app.ui.dialogs.status_dialog import StatusDialog
from desktop_app.ui.dialogs.units_dialog import UnitsDialog
from desktop_app.ui.dialogs.users_dialog import NewUserDialog, PasswordResetDialog, UsersDialog
from desktop_app.ui.dialogs.visit_dialog import VisitDialog
from desktop_app.ui.geometry import FRAME_ALLOWANCE, fit_window
from desktop_app.ui.pages.case_page import FilePasswordDialog
from desktop_app.ui.pages.commitment_page import PrintFormsDialog, ValidityRuleDialog
from desktop_app.ui.pages.inspection_coverage import TargetsDialog
from desktop_app.ui.pages.report_page import TemplateDialog
from desktop_app.ui.pages.review_page import StartRoundDialog
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import configure, sample_input
from tests.gui.conftest import show_main_window, when_modal

SCREENS = {"125%": QRect(0, 0, 1093, 574), "100%": QRect(0, 0, 1366, 728)}

Maker = Callable[[Services, UiState, TaskRunner, Path], QWidget]


def _office(services: Services) -> tuple[int, int]:
    """A configured office with a business, a support case and a second account; their ids."""
    configure(services)
    business_id = services.businesses.create(sample_input(services, name="Nhà nghỉ Hoa Ban"))
    commune = services.office.communes()[0]
    case_id, _code = services.cases.create(
        CaseInput("03/02/2026", commune.id, consent_on="03/02/2026", consent_way="van_ban"),
        IdentityInput("Lò Thị Hương", birth_year="1998"),
    )
    services.users.create_first_admin(UserInput("quantri", "Nguyễn Thị Hằng", ROLE_ADMIN, "Mat-khau-1234"))
    services.users.add(UserInput("canbo", "Lò Văn Minh", ROLE_STAFF, "Mat-khau-5678"))
    return business_id, case_id


_OPENED: list[Services] = []


def _new_office_wizard(folder: Path) -> SetupWizard:
    """The wizard of a new office: the administrator, the recovery key, then the office pages."""
    services = open_services(folder / "moi.sqlite3", actor=SYSTEM)
    _OPENED.append(services)
    wizard = SetupWizard(services.office, services.users, recovery_key="ABCD-EFGH-" * 4)
    assert wizard.account_page is not None and wizard.recovery_page is not None
    return wizard


def _issued_summaries() -> list[IssuedReportSummary]:
    """Three issues of one period, the last two replacing the one before, with long numbers and names."""
    return [
        IssuedReportSummary(
            n,
            f"uid{n}",
            "mac-dinh",
            "2026S1",
            "6 tháng đầu năm 2026",
            f"{10 + n}/BC-UBND-PVHXH-MAISON",
            date(2026, 7, n),
            "nguyen.thi.thu.huong",
            datetime(2026, 7, n, 9, 0),
            n - 1 if n > 1 else None,
            f"{9 + n}/BC-UBND-PVHXH-MAISON" if n > 1 else "",
            f"{11 + n}/BC-UBND-PVHXH-MAISON" if n < 3 else "",
        )
        for n in (3, 2, 1)
    ]


def _makers(business_id: int, case_id: int) -> dict[str, Maker]:
    def row(s: Services) -> object:
        return next(r for r in s.businesses.rows() if r.id == business_id)

    def communes(s: Services) -> list[object]:
        return list(s.office.communes())

    return {
        "main window": lambda s, u, r, _t: build_main_window(s, u),
        "first-run wizard": lambda s, _u, _r, t: _new_office_wizard(t),
        "office wizard": lambda s, _u, _r, _t: SetupWizard(s.office),
        "settings": lambda s, _u, _r, _t: SettingsDialog(s.settings, with_cases=True),
        "import": lambda s, u, r, _t: ImportDialog(s.transfer, r, u),
        "audit": lambda s, u, r, _t: AuditDialog(s.audit, r, u),
        "units": lambda s, u, r, _t: UnitsDialog(s.units, r, u),
        "sign-in": lambda s, _u, _r, _t: LoginDialog(s.users, "UBND xã Mường Bon"),
        "change password": lambda s, _u, _r, _t: ChangePasswordDialog(s.users, forced=True),
        "users": lambda s, _u, _r, _t: UsersDialog(s.users),
        "new user": lambda s, _u, _r, _t: NewUserDialog(s.users),
        "password reset": lambda s, _u, _r, _t: PasswordResetDialog(s.users, s.users.accounts()[-1]),
        "business": lambda s, _u, _r, _t: BusinessDialog(
            s.businesses, s.office.business_types(), s.office.communes()
        ),
        "business edit": lambda s, _u, _r, _t: BusinessDialog(
            s.businesses, s.office.business_types(), s.office.communes(), business_id
        ),
        "status": lambda s, _u, _r, _t: StatusDialog(s.businesses, business_id, "dang_hoat_dong", None),
        "business inspections": lambda s, _u, _r, _t: BusinessInspectionsDialog(
            s.inspections,
            row(s),  # type: ignore[arg-type]
        ),
        "record commitment": lambda s, u, _r, _t: RecordCommitmentDialog(
            s.commitments, business_id, "Nhà nghỉ Hoa Ban", u
        ),
        "business commitments": lambda s, u, r, _t: BusinessCommitmentsDialog(
            s.commitments, r, business_id, "Nhà nghỉ Hoa Ban", u
        ),
        "visit": lambda s, _u, _r, _t: VisitDialog(s.inspections, s.businesses.rows(), []),
        "round": lambda s, _u, _r, _t: RoundDialog(
            s.inspections,
            communes(s),  # type: ignore[arg-type]
            s.businesses.rows(),
        ),
        "hot-spot": lambda s, _u, _r, _t: HotspotDialog(s.inspections, communes(s)),  # type: ignore[arg-type]
        "legal bases": lambda s, _u, _r, _t: LegalBasisDialog(s.inspections),
        "communication": lambda s, _u, _r, _t: CommunicationDialog(
            s.activities,
            communes(s),  # type: ignore[arg-type]
        ),
        "training": lambda s, _u, _r, _t: TrainingDialog(s.activities, communes(s)),  # type: ignore[arg-type]
        "healthy status": lambda s, _u, _r, _t: HealthyStatusDialog(
            s.activities, s.activities.healthy_statuses(2026)[0]
        ),
        "new case": lambda s, _u, _r, _t: NewCaseDialog(s.cases, communes(s)),  # type: ignore[arg-type]
        "case file": lambda s, _u, _r, _t: CaseFileDialog(
            s.cases,
            case_id,
            communes(s),  # type: ignore[arg-type]
            True,
            can_erase=True,
        ),
        "case service": lambda s, _u, _r, _t: ServiceDialog(s.cases, case_id),
        "case small form": lambda _s, _u, _r, _t: SmallFormDialog("Ghi trả nợ", amount=True),
        "recovery key": lambda _s, _u, _r, t: RecoveryKeyEntryDialog(
            t / "du-lieu.sqlite3", "Dữ liệu mã hóa."
        ),
        "report template": lambda s, _u, _r, _t: TemplateDialog(s.reports),
        "issue report": lambda _s, _u, _r, _t: IssueDialog(
            "6 tháng đầu năm 2026", "13/BC-UBND", date(2026, 7, 20), _issued_summaries()[0]
        ),
        "issued reports": lambda _s, _u, _r, _t: IssuedReportsDialog(_issued_summaries()),
        "file password": lambda _s, _u, _r, _t: FilePasswordDialog(),
        "start review round": lambda _s, _u, _r, _t: StartRoundDialog(),
        "inspection targets": lambda s, _u, _r, _t: TargetsDialog(s.inspections.targets()),
        "validity rule": lambda s, _u, _r, _t: ValidityRuleDialog(s.commitments.validity_rule()),
        "print forms": lambda _s, _u, _r, _t: PrintFormsDialog(3, 250, 21, date(2026, 12, 6)),
        "user guide": lambda _s, _u, _r, _t: HelpDialog(),
    }


NAMES = list(_makers(0, 0))


@pytest.fixture
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[QRect]:
    area: QRect = SCREENS[request.param]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(area))
    yield area


def _buttons(window: QWidget) -> list[QAbstractButton]:
    """The buttons that must show without scrolling: the wizard's, and every push button outside the
    scrolled part of the window."""
    if isinstance(window, QWizard):
        kinds = (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton)
        return [b for k in kinds if (b := window.button(k)) is not None and b.isVisible()]
    found: list[QAbstractButton] = []
    for button in window.findChildren(QPushButton):
        if not button.isVisible():
            continue
        parent = button.parentWidget()
        while parent is not None and parent is not window and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is window:
            found.append(button)
    return found


def _within_every_ancestor(widget: QWidget, window: QWidget) -> bool:
    """True when the whole of `widget` shows: no ancestor (a scroll area's viewport) clips any of it."""
    rect = widget.rect()
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.translated(child.pos())
        if not parent.rect().contains(rect):
            return False
        if parent is window:
            return True
        child, parent = parent, parent.parentWidget()
    return False


def _check_fits(qtbot: QtBot, window: QWidget, area: QRect) -> None:
    window.show()
    qtbot.waitExposed(window)
    size = window.size()
    assert size.width() + FRAME_ALLOWANCE.width() <= area.width(), (size, area)
    assert size.height() + FRAME_ALLOWANCE.height() <= area.height(), (size, area)
    buttons = _buttons(window)
    assert buttons, "no button to finish with"
    for button in buttons:
        assert button.isVisible(), button.text()
        assert _within_every_ancestor(button, window), (button.text(), size)


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
def test_every_window_and_dialog_fits_with_its_buttons(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, tmp_path: Path, screen: QRect
) -> None:
    create_application()
    business_id, case_id = _office(gui_services)
    holder = QWidget()
    qtbot.addWidget(holder)
    runner = TaskRunner(holder)
    failures: list[str] = []
    for name, make in _makers(business_id, case_id).items():
        window = make(gui_services, ui_state, runner, tmp_path)
        qtbot.addWidget(window)
        try:
            _check_fits(qtbot, window, screen)
        except AssertionError as err:
            failures.append(f"{name}: {str(err).splitlines()[0]}")
        window.close()
        runner.wait()
        qtbot.waitUntil(lambda: not runner.busy())
        if hasattr(window, "runner"):
            window.runner.wait()
            qtbot.waitUntil(lambda w=window: not w.runner.busy())  # type: ignore[misc]
    while _OPENED:
        _OPENED.pop().close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("screen", ["125%"], indirect=True)
def test_a_tall_dialog_scrolls_its_content_and_keeps_its_buttons(qtbot: QtBot, screen: QRect) -> None:
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_window(dialog)
    layout = QVBoxLayout(dialog)
    for i in range(40):
        layout.addWidget(QLabel(f"Dòng {i}", dialog))
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    layout.addWidget(box)
    _check_fits(qtbot, dialog, screen)
    assert dialog.findChild(QScrollArea) is not None
    assert box.parentWidget() is dialog  # below the scrolling part, not inside it
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert isinstance(ok, QPushButton) and _within_every_ancestor(ok, dialog)


@pytest.mark.parametrize("screen", ["125%"], indirect=True)
def test_a_tall_dialog_keeps_its_last_row_of_buttons_below_the_scrolling_part(
    qtbot: QtBot, screen: QRect
) -> None:
    from PySide6.QtWidgets import QDialog, QHBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_window(dialog, QSize(700, 900))
    layout = QVBoxLayout(dialog)
    for i in range(40):
        layout.addWidget(QLabel(f"Dòng {i}", dialog))
    save, close = QPushButton("Nhập", dialog), QPushButton("Đóng", dialog)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(save)
    row.addWidget(close)
    layout.addLayout(row)
    _check_fits(qtbot, dialog, screen)
    assert dialog.findChild(QScrollArea) is not None
    assert save.parentWidget() is dialog and close.parentWidget() is dialog
    assert _within_every_ancestor(save, dialog) and _within_every_ancestor(close, dialog)
    dialog.hide()
    dialog.show()  # shown again: no wider, no second scroll area
    assert len(dialog.findChildren(QScrollArea)) == 1 and dialog.width() <= 700 + 30


@pytest.mark.parametrize("screen", ["125%"], indirect=True)
def test_a_dialog_size_is_remembered_within_the_screen(
    qtbot: QtBot, ui_state: UiState, screen: QRect
) -> None:
    from PySide6.QtWidgets import QDialog

    first = QDialog()
    qtbot.addWidget(first)
    fit_window(first, QSize(700, 400), ui_state=ui_state, key="thu")
    first.show()
    first.resize(640, 380)
    first.hide()
    assert ui_state.window_size("thu") == QSize(640, 380)
    again = QDialog()
    qtbot.addWidget(again)
    fit_window(again, QSize(700, 400), ui_state=ui_state, key="thu")
    again.show()
    assert again.size() == QSize(640, 380)
    ui_state.set_window_size("thu", QSize(3000, 2000))  # remembered on a bigger screen
    third = QDialog()
    qtbot.addWidget(third)
    fit_window(third, QSize(700, 400), ui_state=ui_state, key="thu")
    third.show()
    assert third.width() <= screen.width() - FRAME_ALLOWANCE.width()
    assert third.height() <= screen.height() - FRAME_ALLOWANCE.height()


@pytest.mark.parametrize("screen", ["100%"], indirect=True)
def test_a_dialog_shown_again_keeps_the_size_the_clerk_gave_it(qtbot: QtBot, screen: QRect) -> None:
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_window(dialog, QSize(700, 400))
    dialog.show()
    assert dialog.size() == QSize(700, 400)
    dialog.resize(820, 450)
    dialog.hide()
    dialog.show()
    assert dialog.size() == QSize(820, 450)


def _size_and_close(seen: list[QSize], new_size: QSize | None) -> Callable[[QWidget], None]:
    """Note the dialog's size, give it `new_size` as a clerk would by dragging, and close it."""

    def handle(dialog: QWidget) -> None:
        seen.append(dialog.size())
        if new_size is not None:
            dialog.resize(new_size)
        dialog.reject()  # type: ignore[attr-defined]

    return handle


@pytest.mark.parametrize("screen", ["100%"], indirect=True)
def test_settings_and_accounts_open_at_the_size_the_clerk_left_them(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, screen: QRect
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    for open_dialog, size in ((window.open_settings, QSize(900, 520)), (window.open_users, QSize(700, 420))):
        seen: list[QSize] = []
        when_modal(_size_and_close(seen, size))
        open_dialog()
        when_modal(_size_and_close(seen, None))
        open_dialog()
        assert seen[0] != size and seen[1] == size
    window.runner.wait()
    qtbot.waitUntil(lambda: not window.runner.busy())
    window.close()


@pytest.mark.parametrize("screen", ["125%"], indirect=True)
def test_a_tall_wizard_page_scrolls_and_the_wizard_buttons_stay_visible(qtbot: QtBot, screen: QRect) -> None:
    from PySide6.QtWidgets import QWizardPage

    wizard = QWizard()
    qtbot.addWidget(wizard)
    fit_window(wizard, QSize(760, 600))
    for _ in range(2):
        page = QWizardPage(wizard)
        layout = QVBoxLayout(page)
        for i in range(35):
            layout.addWidget(QLabel(f"Dòng {i}", page))
        wizard.addPage(page)
    _check_fits(qtbot, wizard, screen)
    assert all(wizard.page(i).findChild(QScrollArea) is not None for i in wizard.pageIds())
    wizard.next()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and _within_every_ancestor(finish, wizard)
