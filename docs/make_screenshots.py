"""Take the screenshots of the documents from real windows on an X server (run under Xvfb at 1366x768).

Usage:
    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/make_screenshots.py

Pictures last made: 2026-12-07 (when a run changes no picture, update this date and commit it).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop_app.app import build_main_window, create_application
from desktop_app.domain.cases import CaseInput, IdentityInput, ServiceInput
from desktop_app.domain.inspections import RESULT_PENALTY
from desktop_app.domain.security import ROLE_ADMIN, ROLE_LEADER, ROLE_STAFF, ROLE_SUPPORT, SYSTEM, UserInput
from desktop_app.services.app_services import Services, open_services
from desktop_app.ui.dialogs.audit_dialog import AuditDialog
from desktop_app.ui.dialogs.business_dialog import BusinessDialog
from desktop_app.ui.dialogs.case_file_dialog import CaseFileDialog
from desktop_app.ui.dialogs.import_dialog import ImportDialog
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from desktop_app.ui.dialogs.users_dialog import UsersDialog
from desktop_app.ui.settings import UiState

DOCS = Path(__file__).resolve().parent
PASSWORD = "mat-khau-minh-hoa"
SAMPLE = DOCS.parent / "tests" / "data" / "businesses_messy.xlsx"


def shoot(name: str) -> None:
    screen = QApplication.primaryScreen()
    screen.grabWindow(0).save(str(DOCS / name))
    print("saved", DOCS / name)


def dismiss(dialog: QWidget) -> None:
    """Close a shown dialog without the «Bỏ các thay đổi?» question (the shots typed into some forms)."""
    mark_clean = getattr(dialog, "mark_clean", None)
    if mark_clean is not None:
        mark_clean()
    dialog.close()


def later(ms: int, action: Callable[[], None]) -> None:
    QTimer.singleShot(ms, action)


def add_cases(services: Services) -> None:
    """A few synthetic support cases for the case page (names are made up)."""
    communes = services.office.communes()
    people = [
        ("Lò Thị Hương", "1998", "Ngân hàng Chính sách xã hội"),
        ("Quàng Thị Lan", "1995", ""),
        ("Cà Thị Dung", "2001", ""),
        ("Lường Thị Mai", "1993", "Ngân hàng Chính sách xã hội"),
        ("Tòng Thị Hoa", "1999", ""),
    ]
    for number, (name, year, bank) in enumerate(people):
        intake = f"{3 + number:02d}/0{2 + number}/2026"
        case_id, _ = services.cases.create(
            CaseInput(
                intake,
                communes[number % len(communes)].id,
                referral_source="Công an xã",
                consent_on=intake,
                consent_way="van_ban",
                assigned_worker="Vũ Thị Mai",
            ),
            IdentityInput(name, birth_year=year),
        )
        training = {"trade": "May công nghiệp", "institution": "Trung tâm GDNN", "start_on": intake}
        services.cases.add_service(ServiceInput(case_id, "hoc_nghe", intake, details=training))
        if bank:
            loan = {"bank": bank, "amount_vnd": 30_000_000, "disbursed_on": "10/09/2026", "term_months": 24}
            service = services.cases.add_service(ServiceInput(case_id, "vay_von", "10/09/2026", details=loan))
            services.cases.add_repayment(service, 5_000_000, "10/11/2026")
        services.cases.plan_follow_up(case_id, date(2026, 11, 10 + number))


def main() -> int:
    app = create_application()
    folder = Path(tempfile.mkdtemp(prefix="pcmd-shots-"))
    services = open_services(folder / "demo.sqlite3")
    wizard_services = open_services(folder / "empty.sqlite3", actor=SYSTEM)
    key_services = open_services(folder / "new.sqlite3")
    services.users.create_first_admin(UserInput("hang.nt", "Nguyễn Thị Hằng", ROLE_ADMIN, PASSWORD))
    services.users.sign_in("hang.nt", PASSWORD)
    for username, name, role in (
        ("lan.pt", "Phạm Thị Lan", ROLE_STAFF),
        ("mai.vt", "Vũ Thị Mai", ROLE_SUPPORT),
        ("minh.nv", "Nguyễn Văn Minh", ROLE_LEADER),
    ):
        services.users.add(UserInput(username, name, role, "mat-khau-ban-dau"))
    services.demo.fill(2500, seed=5)
    services.users.sign_out()
    services.users.sign_in("lan.pt", "mat-khau-ban-dau")
    services.users.change_own_password("mat-khau-ban-dau", PASSWORD)
    first = services.businesses.rows()[0]
    services.businesses.void(first.id, "Nhập trùng")
    services.transfer.export(folder / "danh-sach.xlsx")
    services.users.sign_out()
    services.users.sign_in("hang.nt", PASSWORD)
    add_cases(services)
    window_state = UiState(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    window = build_main_window(services, window_state)
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    window.show()
    page = window.business_page
    dialog_holder: list[QWidget] = []
    wizard = SetupWizard(wizard_services.office)

    def register() -> None:
        window.nav.setCurrentRow(window.pages.indexOf(window.business_page))  # the window opens on Trang đầu
        page.search_edit.setText("nha nghi hoa")
        page.apply_filter()
        page.table.selectRow(3)
        later(300, lambda: shoot("register.png"))
        later(600, open_dialog)

    def open_dialog() -> None:
        business_id = page.selected_id()
        dialog = BusinessDialog(
            services.businesses,
            services.office.business_types(),
            services.office.communes(),
            business_id,
            window,
        )
        dialog_holder.append(dialog)
        dialog.owner_id_edit.setText("01408500")
        dialog.female_edit.setText("99")
        dialog.show()
        later(200, dialog.save_button.click)
        later(600, lambda: shoot("business-dialog.png"))
        later(900, show_import)

    def show_import() -> None:
        dismiss(dialog_holder[0])
        dialog = ImportDialog(services.transfer, window.runner, window_state, window)
        dialog_holder.append(dialog)
        dialog.move(130, 60)
        dialog.show()
        dialog.file_edit.setText(str(SAMPLE))
        dialog.load(str(SAMPLE), None)
        later(2500, lambda: shoot("import.png"))
        later(2800, show_commitments)

    def show_commitments() -> None:
        dismiss(dialog_holder[-1])
        window.nav.setCurrentRow(window.pages.indexOf(window.commitment_page))
        commitments = window.commitment_page
        table = commitments.coverage_table
        table.cellClicked.emit(0, 6)  # the whole territory, without a valid commitment
        commitments.list_view.selectRow(0)
        later(500, lambda: shoot("commitments.png"))
        later(800, show_inspections)

    def show_inspections() -> None:
        window.nav.setCurrentRow(window.pages.indexOf(window.inspection_page))
        inspections = window.inspection_page
        inspections.tabs.setCurrentWidget(inspections.coverage_view)
        later(1500, lambda: shoot("inspections.png"))
        later(1800, show_visit)

    def show_visit() -> None:
        inspections = window.inspection_page
        penalty = next(v for v in services.inspections.visits() if v.result == RESULT_PENALTY)
        dialog = inspections._visit_dialog(
            initial=penalty.as_input(), visit_id=penalty.id, lock_business=True
        )
        dialog_holder.append(dialog)
        dialog.tabs.setCurrentIndex(2)
        dialog.show()
        later(600, lambda: shoot("visit-dialog.png"))
        later(900, show_start)

    def show_start() -> None:
        dismiss(dialog_holder[-1])
        window.nav.setCurrentRow(window.pages.indexOf(window.start_page))
        later(400, lambda: shoot("start.png"))
        later(700, show_users)

    def show_users() -> None:
        dialog = UsersDialog(services.users, window)
        dialog_holder.append(dialog)
        dialog.move(250, 150)
        dialog.show()
        dialog.table.selectRow(1)
        later(400, lambda: shoot("users.png"))
        later(700, show_audit)

    def show_audit() -> None:
        dismiss(dialog_holder[-1])
        dialog = AuditDialog(services.audit, window.runner, window_state, window)
        dialog_holder.append(dialog)
        dialog.show()
        later(500, lambda: shoot("audit.png"))
        later(800, show_cases)

    def show_cases() -> None:
        dismiss(dialog_holder[-1])
        assert window.case_page is not None
        window.nav.setCurrentRow(window.pages.indexOf(window.case_page))
        window.case_page.table.selectRow(0)
        later(400, lambda: shoot("cases.png"))
        later(700, show_case_file)

    def show_case_file() -> None:
        assert window.case_page is not None
        row = window.case_page.shown[0]
        dialog = CaseFileDialog(services.cases, row.id, services.office.communes(), True, window)
        dialog_holder.append(dialog)
        dialog.move(200, 80)
        dialog.tabs.setCurrentIndex(2)
        dialog.show()
        later(500, lambda: shoot("case-file.png"))
        later(800, show_reports)

    def show_reports() -> None:
        dismiss(dialog_holder[-1])
        assert window.report_page is not None
        window.nav.setCurrentRow(window.pages.indexOf(window.report_page))
        window.report_page.make_report()
        later(2500, lambda: shoot("reports.png"))
        later(2800, show_file_menu)

    def show_file_menu() -> None:
        """Tệp, with «Nhập danh sách khác từ Excel» open (the six lists a report also counts)."""
        bar = window.menuBar()
        file_action = bar.actions()[0]
        file_menu = file_action.menu()
        assert isinstance(file_menu, QMenu)
        file_menu.popup(bar.mapToGlobal(bar.actionGeometry(file_action).bottomLeft()))
        lists = window.lists_menu

        def open_lists() -> None:
            file_menu.setActiveAction(lists.menuAction())
            lists.popup(file_menu.mapToGlobal(file_menu.actionGeometry(lists.menuAction()).topRight()))

        later(300, open_lists)
        later(800, lambda: shoot("file-menu.png"))
        later(1000, lists.close)
        later(1100, file_menu.close)
        later(1300, show_activities)

    def show_activities() -> None:
        window.nav.setCurrentRow(window.pages.indexOf(window.activity_page))
        later(600, lambda: shoot("activities.png"))
        later(900, show_lock)

    def show_lock() -> None:
        window.nav.setCurrentRow(window.pages.indexOf(window.business_page))

        def unlock() -> None:
            dialog = window.lock_dialog
            assert dialog is not None
            dialog.password.setText(PASSWORD)
            dialog.ok_button.click()
            later(300, show_wizard)

        later(500, lambda: shoot("lock.png"))
        later(800, unlock)
        window.lock()

    def show_wizard() -> None:
        dismiss(dialog_holder[-1])
        window.hide()
        wizard.show()
        kind = (
            wizard.profile_page.kind_picker
        )  # a commune office of today, its Phòng Văn hóa – Xã hội issuing
        kind.set_kind("xa")
        kind.province_combo.setCurrentIndex(kind.province_combo.findText("Tỉnh Sơn La"))
        kind.unit_combo.setCurrentIndex(kind.unit_combo.findText("Xã Mai Sơn"))
        kind.issuer_combo.setCurrentIndex(kind.issuer_combo.findData("phong"))
        kind.apply_button.click()
        wizard.profile_page.form.signer_edit.setText("Lò Văn Dũng")
        later(500, lambda: shoot("wizard.png"))
        later(800, show_recovery_key)

    def show_recovery_key() -> None:
        wizard.hide()
        key_wizard = SetupWizard(
            key_services.office, key_services.users, recovery_key=key_services.recovery_key
        )
        dialog_holder.append(key_wizard)
        key_wizard.show()
        form = key_wizard.account_page.form  # type: ignore[union-attr]
        form.username.setText("hang.nt")
        form.full_name.setText("Nguyễn Thị Hằng")
        form.password.setText(PASSWORD)
        form.repeat.setText(PASSWORD)
        key_wizard.next()
        later(500, lambda: shoot("recovery-key.png"))
        later(800, app.quit)

    later(800, register)
    code = app.exec()
    services.close()
    wizard_services.close()
    key_services.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
