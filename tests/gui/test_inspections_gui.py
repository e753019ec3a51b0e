"""Inspections through real widgets: creating a round, recording a visit with a penalty, closing its follow-up
from the to-do list, coverage, hot-spots, the legal-basis catalogue, and the register's inspection filter."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.dates import format_date
from desktop_app.domain.inspections import (
    CHECK_PROBLEM,
    FLAG_NEVER,
    FLAG_OPEN_FOLLOW_UP,
    KIND_FOLLOW_UP,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_REMINDER,
    SCOPE_COMMUNES,
    CoverageLine,
    InspectionCoverage,
    Targets,
    VisitInput,
    YearTargets,
)
from desktop_app.domain.periods import Period, parse_period
from desktop_app.services.app_services import Services
from desktop_app.storage.repositories.legal import bundled_catalogue_path
from desktop_app.ui import tasks
from desktop_app.ui.dialogs.business_inspections_dialog import BusinessInspectionsDialog
from desktop_app.ui.dialogs.hotspot_dialog import HotspotDialog
from desktop_app.ui.dialogs.legal_basis_dialog import COLUMNS, LegalBasisDialog
from desktop_app.ui.dialogs.round_dialog import RoundDialog
from desktop_app.ui.dialogs.visit_dialog import VisitDialog
from desktop_app.ui.pages.business_page import BusinessPage
from desktop_app.ui.pages.inspection_coverage import RED, TargetsDialog
from desktop_app.ui.pages.inspection_page import InspectionPage
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import configure, sample_input
from tests.gui.conftest import answer_unsaved, type_text, when_modal

TODAY = date.today()
START = TODAY - timedelta(days=20)
END = TODAY + timedelta(days=10)


@pytest.fixture
def office(gui_services: Services) -> dict[str, int]:
    configure(gui_services)
    communes = {c.name: c.id for c in gui_services.office.communes()}
    return {
        name: gui_services.businesses.create(
            sample_input(
                gui_services,
                name=name,
                registration_number=f"R{i}",
                registration_date="01/01/2020",
                commune_id=communes[commune],
            )
        )
        for i, (name, commune) in enumerate(
            (
                ("Karaoke Hoa Ban", "Xã Mường Bon"),
                ("Nhà nghỉ Bình An", "Xã Mường Bon"),
                ("Massage Thảo Nguyên", "Xã Cò Nòi"),
            )
        )
    }


@pytest.fixture
def page(qtbot: QtBot, gui_services: Services, ui_state: UiState, office: dict[str, int]) -> InspectionPage:
    widget = InspectionPage(gui_services, TaskRunner(), ui_state)
    qtbot.addWidget(widget)
    widget.resize(1180, 640)
    widget.show()
    widget.reload()
    return widget


def _check_legal_basis(dialog: VisitDialog, decree: str) -> None:
    for index in range(dialog.legal_list.count()):
        item = dialog.legal_list.item(index)
        if decree in item.text():
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"no legal basis of {decree}")


def test_create_round_record_penalty_and_close_follow_up(
    qtbot: QtBot, page: InspectionPage, gui_services: Services, office: dict[str, int]
) -> None:
    # 1. A round limited to one commune.
    def fill_round(dialog: QWidget) -> None:
        assert isinstance(dialog, RoundDialog)
        dialog.save_button.click()  # empty: messages beside the fields, nothing saved
        assert dialog.errors.text("plan_number") == "Nhập số kế hoạch, ví dụ 12/KH-UBND."
        assert dialog.errors.text("team_name") == "Nhập tên đội kiểm tra."
        type_text(dialog.plan_edit, "12/KH-UBND")
        type_text(dialog.team_edit, "Đội kiểm tra liên ngành 178 xã Mường Bon")
        qtbot.keyClicks(dialog.starts_edit, format_date(START))
        qtbot.keyClicks(dialog.ends_edit, format_date(END))
        type_text(dialog.members_edit, "Nguyễn Văn Minh – Trưởng đoàn\nLò Văn Ứng – Công an xã")
        dialog.scope_radios[SCOPE_COMMUNES].setChecked(True)
        dialog.save_button.click()
        assert dialog.errors.text("scope") == "Chọn ít nhất một xã, phường trong phạm vi kiểm tra."
        (muong_bon,) = dialog.commune_list.findItems("Xã Mường Bon", Qt.MatchFlag.MatchExactly)
        muong_bon.setCheckState(Qt.CheckState.Checked)
        dialog.save_button.click()

    when_modal(fill_round)
    page.new_round()
    assert page.rounds_table.rowCount() == 1
    assert page.rounds_table.item(0, 0).text() == "12/KH-UBND"
    assert page.selected_round() is not None

    # 2. A visit of that round with a penalty and a follow-up due.
    due = TODAY + timedelta(days=30)

    def fill_visit(dialog: QWidget) -> None:
        assert isinstance(dialog, VisitDialog)
        assert "Lò Văn Ứng – Công an xã" in dialog.members_edit.toPlainText()  # the round's members
        type_text(dialog.picker.search_edit, "thao nguyen")
        assert dialog.picker.matches.count() == 0  # Cò Nòi is outside the round's scope
        dialog.picker.search_edit.clear()
        type_text(dialog.picker.search_edit, "hoa ban")
        assert dialog.picker.matches.count() == 1
        dialog.picker.matches.itemClicked.emit(dialog.picker.matches.item(0))
        assert dialog.picker.business_id() == office["Karaoke Hoa Ban"]
        dialog.date_edit.setText(format_date(TODAY))
        qtbot.keyClicks(dialog.time_edit, "20:15")
        dialog.check_combos["minors"].setCurrentIndex(dialog.check_combos["minors"].findData(CHECK_PROBLEM))
        type_text(dialog.findings_edit, "Một nhân viên phục vụ 17 tuổi.")
        dialog.result_combo.setCurrentIndex(dialog.result_combo.findData(RESULT_PENALTY))
        assert dialog.penalty_box.isEnabled()
        dialog.save_button.click()  # a penalty without a decision: the result tab shows why
        assert dialog.tabs.currentIndex() == 2
        assert dialog.errors.text("decision_number") == "Xử phạt phải có số quyết định xử phạt."
        assert dialog.errors.text("legal_basis_ids") != ""
        type_text(dialog.decision_edit, "15/QĐ-XPHC")
        dialog.decision_date_edit.setText(format_date(TODAY))
        _check_legal_basis(dialog, "Điểm đ khoản 2 Điều 10 Nghị định 282/2025")
        qtbot.keyClicks(dialog.fine_edit, "-5000")
        dialog.save_button.click()
        assert dialog.errors.text("fine_vnd") == "Số tiền phạt không thể âm."
        dialog.fine_edit.clear()
        qtbot.keyClicks(dialog.fine_edit, "7500000")
        dialog.fine_edit.editingFinished.emit()
        assert dialog.fine_edit.text() == "7.500.000"
        dialog.measures_combo.setCurrentText("Đình chỉ hoạt động có thời hạn")
        qtbot.keyClicks(dialog.follow_up_edit, format_date(due))
        dialog.save_button.click()

    when_modal(fill_visit)
    page.new_visit()
    (visit,) = gui_services.inspections.visits(business_id=office["Karaoke Hoa Ban"])
    assert (visit.result, visit.fine_vnd, visit.decision_number) == (RESULT_PENALTY, 7_500_000, "15/QĐ-XPHC")
    assert visit.checklist == {"minors": CHECK_PROBLEM} and visit.follow_up_due == due
    assert visit.legal_basis[0].decree == "282/2025/NĐ-CP"
    assert page.visits_table.rowCount() == 1
    assert page.visits_table.text(0, 4) == "Xử phạt vi phạm hành chính – 7.500.000 đ"
    assert page.tabs.tabText(1) == "Việc cần làm (1)"
    assert page.due_table.rowCount() == 1

    # 3. The follow-up, from the to-do list: it links back and closes the to-do.
    page.tabs.setCurrentIndex(1)
    page.due_table.selectRow(0)

    def fill_follow_up(dialog: QWidget) -> None:
        assert isinstance(dialog, VisitDialog)
        assert dialog.windowTitle() == "Ghi lượt hậu kiểm"
        assert dialog.kind_combo.currentData() == KIND_FOLLOW_UP
        assert not dialog.picker.search_edit.isVisible()  # the business is fixed
        dialog.result_combo.setCurrentIndex(dialog.result_combo.findData(RESULT_NONE))
        type_text(dialog.findings_edit, "Đã cho nghỉ việc nhân viên chưa đủ 18 tuổi.")
        dialog.save_button.click()

    when_modal(fill_follow_up)
    page.due_follow_up_button.click()
    visits = gui_services.inspections.visits(business_id=office["Karaoke Hoa Ban"])
    (follow,) = [v for v in visits if v.id != visit.id]
    assert follow.follows_up_id == visit.id and follow.kind == KIND_FOLLOW_UP
    assert gui_services.inspections.open_follow_ups() == []
    assert page.due_table.rowCount() == 0 and page.tabs.tabText(1) == "Việc cần làm (0)"

    # 4. The coverage tab counts businesses, not visits.
    page.tabs.setCurrentIndex(2)
    total = [
        page.coverage_view.coverage_table.item(0, c).text()
        for c in range(page.coverage_view.coverage_table.columnCount())
    ]
    assert total[:6] == ["Toàn địa bàn", "3", "1", "33,3 %", "1 (33,3 %)", "2"]
    assert total[8] == "1" and total[10] == "7.500.000 đ"


def test_visit_outside_round_dates_is_refused_beside_the_field(
    qtbot: QtBot, page: InspectionPage, gui_services: Services, office: dict[str, int]
) -> None:
    from desktop_app.domain.inspections import LEVEL_COMMUNE, RoundInput

    gui_services.inspections.create_round(
        RoundInput("05/KH-UBND", None, "Đội 178 xã Cò Nòi", LEVEL_COMMUNE, START, END)
    )
    page.reload()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, VisitDialog)
        dialog.picker.set_business(office["Massage Thảo Nguyên"])
        dialog.date_edit.setText(format_date(START - timedelta(days=1)))
        dialog.save_button.click()
        assert dialog.tabs.currentIndex() == 0
        assert dialog.errors.text("visit_date").startswith(
            "Ngày kiểm tra phải nằm trong thời gian của đợt 05/KH-UBND"
        )
        answer_unsaved("Bỏ thay đổi")  # what was typed is dropped only once the clerk says so
        dialog.reject()

    when_modal(fill)
    page.new_visit()
    assert gui_services.inspections.visits() == []


def test_hotspot_and_catalogue(qtbot: QtBot, page: InspectionPage, gui_services: Services) -> None:
    page.tabs.setCurrentIndex(3)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, HotspotDialog)
        type_text(dialog.place_edit, "Ngã ba Cò Nòi")
        dialog.commune_combo.setCurrentIndex(dialog.commune_combo.findText("Xã Cò Nòi"))
        qtbot.keyClicks(dialog.found_edit, format_date(TODAY - timedelta(days=60)))
        dialog.save_button.click()

    when_modal(fill)
    page.hotspot_view.new_hotspot()
    assert page.hotspot_view.hotspot_table.rowCount() == 1
    assert page.hotspot_view.hotspot_label.text() == "1 tụ điểm, 1 chưa xóa bỏ"

    def add_entry(dialog: QWidget) -> None:
        assert isinstance(dialog, LegalBasisDialog)
        before = dialog.table.rowCount()
        dialog.start_new()
        dialog.decree_edit.setText("282/2025/NĐ-CP")
        type_text(dialog.article_edit, "99")
        type_text(dialog.clause_edit, "1")
        type_text(dialog.text_edit, "Hành vi khác (nhập tay)")
        dialog.save_button.click()
        assert dialog.table.rowCount() == before + 1
        dialog.save_button.click()  # saving the same entry again changes it, no duplicate
        assert dialog.table.rowCount() == before + 1
        dialog.start_new()
        dialog.decree_edit.setText("282/2025/NĐ-CP")
        type_text(dialog.article_edit, "33")
        type_text(dialog.clause_edit, "1")
        dialog.save_button.click()  # an act of the shipped catalogue
        assert dialog.errors.text("article") == "Căn cứ này đã có trong danh mục."
        dialog.reject()

    when_modal(add_entry)
    page.edit_legal_basis()
    assert any(b.article == "99" for b in gui_services.inspections.legal_basis())


def test_register_filter_and_business_history(
    qtbot: QtBot,
    gui_services: Services,
    ui_state: UiState,
    office: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = gui_services.inspections
    service.record_visit(
        VisitInput(
            office["Nhà nghỉ Bình An"],
            TODAY - timedelta(days=3),
            result=RESULT_REMINDER,
            follow_up_due=TODAY + timedelta(days=7),
        )
    )
    register = BusinessPage(gui_services, TaskRunner(), ui_state)
    qtbot.addWidget(register)
    register.resize(1280, 640)
    register.show()
    register.reload()
    qtbot.waitUntil(lambda: register.inspections_loaded, timeout=5000)
    filter_combo = register.inspection_filter
    filter_combo.setCurrentIndex(filter_combo.findData(FLAG_OPEN_FOLLOW_UP))
    assert register.model.visible_ids() == [office["Nhà nghỉ Bình An"]]
    filter_combo.setCurrentIndex(filter_combo.findData(FLAG_NEVER))
    assert sorted(register.model.visible_ids()) == sorted(
        [office["Karaoke Hoa Ban"], office["Massage Thảo Nguyên"]]
    )

    filter_combo.setCurrentIndex(0)
    register.select_business(office["Nhà nghỉ Bình An"])

    def history(dialog: QWidget) -> None:
        assert isinstance(dialog, BusinessInspectionsDialog)
        assert dialog.table.rowCount() == 1
        assert "đang chờ hậu kiểm" in dialog.summary.text()
        dialog.table.selectRow(0)
        assert dialog.follow_up_button.isEnabled()

        def follow_up(inner: VisitDialog) -> int:
            assert inner.kind_combo.currentData() == KIND_FOLLOW_UP
            inner.save_button.click()
            return int(inner.result())

        monkeypatch.setattr(VisitDialog, "exec", follow_up)
        dialog.follow_up_button.click()
        assert dialog.table.rowCount() == 2 and "đang chờ hậu kiểm" not in dialog.summary.text()
        dialog.reject()

    when_modal(history)
    with qtbot.waitSignal(register.inspections_changed):
        register.inspections_action.trigger()
    qtbot.waitUntil(lambda: register.inspections_loaded, timeout=5000)
    filter_combo.setCurrentIndex(filter_combo.findData(FLAG_OPEN_FOLLOW_UP))
    assert register.model.visible_ids() == []


def test_void_round_with_visits_is_refused(
    qtbot: QtBot,
    page: InspectionPage,
    gui_services: Services,
    office: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop_app.domain.inspections import LEVEL_COMMUNE, RoundInput

    round_id = gui_services.inspections.create_round(
        RoundInput("07/KH-UBND", None, "Đội 178", LEVEL_COMMUNE, START, END)
    )
    gui_services.inspections.record_visit(VisitInput(office["Karaoke Hoa Ban"], TODAY, round_id=round_id))
    page.reload()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))
    page.void_round()
    assert warnings == ["Đợt kiểm tra còn lượt kiểm tra; hủy các lượt đó trước."]
    assert len(gui_services.inspections.rounds()) == 1


def test_start_page_reminds_of_follow_ups_and_planned_visits(
    qtbot: QtBot, gui_services: Services, office: dict[str, int]
) -> None:
    from desktop_app.domain.inspections import RESULT_PLANNED
    from desktop_app.ui.pages.start_page import DUE_SOON, OVERDUE, PLANNED_SOON, StartPage

    service = gui_services.inspections
    late = TODAY - timedelta(days=30)
    service.record_visit(
        VisitInput(
            office["Karaoke Hoa Ban"], late, result=RESULT_REMINDER, follow_up_due=late + timedelta(days=10)
        )
    )
    service.record_visit(
        VisitInput(
            office["Nhà nghỉ Bình An"], TODAY, result=RESULT_REMINDER, follow_up_due=TODAY + timedelta(days=3)
        )
    )
    service.record_visit(
        VisitInput(office["Massage Thảo Nguyên"], TODAY + timedelta(days=2), result=RESULT_PLANNED)
    )
    start = StartPage(gui_services)
    qtbot.addWidget(start)
    start.reload()
    assert (start.count(OVERDUE), start.count(DUE_SOON), start.count(PLANNED_SOON)) == (1, 1, 1)
    assert start.reminders[OVERDUE][0].text() == "<b>1</b> lượt hậu kiểm đã quá hạn"
    with qtbot.waitSignal(start.open_inspections):
        start.reminders[OVERDUE][1].click()


def test_print_minutes_of_the_planned_visits(
    qtbot: QtBot,
    page: InspectionPage,
    gui_services: Services,
    office: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop_app.domain.inspections import RESULT_PLANNED

    for name in ("Karaoke Hoa Ban", "Massage Thảo Nguyên"):
        gui_services.inspections.record_visit(
            VisitInput(office[name], TODAY + timedelta(days=3), visit_time="09:00", result=RESULT_PLANNED)
        )
    page.reload()
    page.tabs.setCurrentIndex(1)
    assert len(page.planned_table.visits) == 2
    target = tmp_path / "bien-ban"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    page.planned_print_button.click()  # nothing selected: the minutes of every planned visit
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown == ["Đã tạo 2 biên bản kiểm tra trong «bien-ban.pdf»."]
    assert page.last_print == str(target) + ".pdf"
    assert (tmp_path / "bien-ban.pdf").read_bytes().startswith(b"%PDF")


def test_export_and_import_the_visits_list(
    qtbot: QtBot,
    page: InspectionPage,
    gui_services: Services,
    ui_state: UiState,
    office: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openpyxl import load_workbook

    from desktop_app.ui.dialogs.import_dialog import ImportDialog

    gui_services.inspections.record_visit(
        VisitInput(office["Karaoke Hoa Ban"], TODAY - timedelta(days=5), result=RESULT_NONE)
    )
    target = tmp_path / "luot-kiem-tra.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == ["Đã xuất 1 lượt kiểm tra ra «luot-kiem-tra.xlsx»."]

    # The clerk adds a visit of another business to the exported list and imports it back.
    workbook = load_workbook(target)
    sheet = workbook.active
    assert sheet is not None
    header = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "STT")
    row = dict.fromkeys(header)
    row.update(
        {
            "STT": 2,
            "Tên cơ sở": "Massage Thảo Nguyên",
            "Xã/phường": "Xã Cò Nòi",
            "Ngày kiểm tra": format_date(TODAY - timedelta(days=2)),
            "Kết quả": "Nhắc nhở",
        }
    )
    sheet.append([row[h] for h in header])
    workbook.save(target)

    wizard = ImportDialog(gui_services.inspection_transfer, TaskRunner(), ui_state)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.windowTitle() == "Nhập danh sách lượt kiểm tra từ Excel"
    wizard.file_edit.setText(str(target))
    wizard.read_button.click()
    qtbot.waitUntil(lambda: wizard.preview is not None, timeout=10000)
    assert "1 sẽ nhập, 0 có cảnh báo, 0 lỗi, 1 trùng" in wizard.summary_label.text()
    assert wizard.import_button.text() == "Nhập 1 lượt kiểm tra"
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.imported == 1, timeout=10000)
    visits = gui_services.inspections.visits()
    assert sorted((v.business_name, v.result) for v in visits) == [
        ("Karaoke Hoa Ban", RESULT_NONE),
        ("Massage Thảo Nguyên", RESULT_REMINDER),
    ]


def test_penalty_offender_and_kinds_and_the_review_list(
    qtbot: QtBot, page: InspectionPage, gui_services: Services, office: dict[str, int], tmp_path: Path
) -> None:
    service = gui_services.inspections
    selling = next(
        b for b in service.legal_basis() if (b.decree, b.article, b.clause) == ("282/2025/NĐ-CP", "33", "1")
    )
    dialog = VisitDialog(
        service,
        gui_services.businesses.rows(),
        [],
        VisitInput(
            office["Massage Thảo Nguyên"],
            TODAY,
            result=RESULT_PENALTY,
            decision_number="7/QĐ-XPHC",
            decision_date=TODAY,
            legal_basis_ids=[selling.id],
            fine_vnd=0,
            offender_kind="individual",
            penalty_kinds=["warning"],
        ),
    )
    qtbot.addWidget(dialog)
    data = dialog.visit_input()  # read back from the widgets as filled
    assert (data.offender_kind, list(data.penalty_kinds)) == ("individual", ["warning"])
    dialog.offender_combo.setCurrentIndex(dialog.offender_combo.findData("organisation"))
    dialog.save_button.click()  # selling sex is an act of a person: refused, next to the field
    assert dialog.errors.text("offender_kind").startswith("Khoản 1 Điều 33 Nghị định 282/2025/NĐ-CP")
    assert service.visits() == []

    # A recorded penalty that an updated catalogue no longer allows: a visible list, the data unchanged.
    lodging = next(
        b.id
        for b in service.legal_basis()
        if (b.decree, b.article, b.clause, b.point) == ("282/2025/NĐ-CP", "10", "2", "đ")
    )
    service.record_visit(
        VisitInput(
            office["Nhà nghỉ Bình An"],
            TODAY,
            result=RESULT_PENALTY,
            decision_number="8/QĐ-XPHC",
            decision_date=TODAY,
            legal_basis_ids=[lodging],
            fine_vnd=7_000_000,
        )
    )
    page.reload()
    assert page.review_button.isHidden()
    catalogue = json.loads(bundled_catalogue_path().read_text(encoding="utf-8"))
    catalogue["version"] = "2027.01-tinh"
    for entry in catalogue["entries"]:
        if (entry["article"], entry["clause"], entry["point"]) == ("10", "2", "đ"):
            entry["fine_max"] = 3_000_000
    path = tmp_path / "danh-muc.json"
    path.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    service.import_legal_catalogue(path)
    page.reload()
    assert not page.review_button.isHidden() and page.review_button.text() == "Rà soát xử phạt (1)"
    shown: list[str] = []

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        shown.append(box.text() + "\n" + box.detailedText())
        box.accept()

    when_modal(read)
    page.show_reviews()
    assert "8/QĐ-XPHC" in shown[0] and "vượt khung 4.000.000 đ – 6.000.000 đ" in shown[0]
    (visit,) = [v for v in service.visits() if v.decision_number == "8/QĐ-XPHC"]
    assert visit.fine_vnd == 7_000_000


def test_catalogue_dialog_imports_an_updated_file(
    qtbot: QtBot,
    gui_services: Services,
    office: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = gui_services.inspections
    dialog = LegalBasisDialog(service)
    qtbot.addWidget(dialog)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append((title, text)))
    bad = tmp_path / "hong.json"
    bad.write_text("{không phải json", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bad), ""))
    before = service.legal_catalogue_version()
    dialog.import_button.click()
    assert shown[-1][0] == "Chưa nhập được danh mục" and "không phải tệp JSON" in shown[-1][1]
    assert service.legal_catalogue_version() == before

    catalogue = json.loads(bundled_catalogue_path().read_text(encoding="utf-8"))
    catalogue["version"] = "2027.01-tinh"
    good = tmp_path / "danh-muc.json"
    good.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(good), ""))
    dialog.import_button.click()
    assert shown[-1][0] == "Đã nhập danh mục" and "phiên bản 2027.01-tinh" in shown[-1][1]
    assert service.legal_catalogue_version() == "2027.01-tinh" and dialog.changed
    sources = {dialog.table.item(r, len(COLUMNS) - 1).text() for r in range(dialog.table.rowCount())}
    assert {"đã đối chiếu (danh mục 2027.01-tinh)", "chưa kiểm chứng"} <= sources


def test_a_half_year_share_is_red_only_below_the_prorated_target(qtbot: QtBot, page: InspectionPage) -> None:
    view = page.coverage_view
    total = CoverageLine(None, "Toàn địa bàn", active=100, inspected_active=12)
    line = CoverageLine(1, "Xã Mường Bon", active=100, inspected_active=12)

    def shown(code: str) -> tuple[str, str, str]:
        view._fill_coverage(InspectionCoverage(parse_period(code), Targets(annual_pct=20), [line], total))
        item = view.coverage_table.item(1, 3)
        return item.foreground().color().name(), item.toolTip(), view.targets_label.text()

    colour, tip, label = shown("2026S1")  # 12 % of a half-year against 10 %
    assert colour != RED and tip == "" and "(kỳ này ≥ 10 %)" in label
    assert "đạt chỉ tiêu 10 %" in view.coverage_summary.text()
    colour, tip, label = shown("2026")  # the same 12 % over a year against 20 %
    assert colour == RED and "Chưa đạt chỉ tiêu của kỳ 20 %" in tip
    assert "chưa đạt chỉ tiêu 20 %" in view.coverage_summary.text()


def test_the_coverage_page_s_half_years_are_the_domain_s_periods(qtbot: QtBot, page: InspectionPage) -> None:
    view = page.coverage_view
    view.year_spin.setValue(2024)
    for code, half in (("h1", 1), ("h2", 2)):
        view.period_combo.setCurrentIndex(view.period_combo.findData(code))
        assert view.period() == Period.half(2024, half) == parse_period(f"2024S{half}")


def test_targets_dialog_edits_the_plan_year_by_year(qtbot: QtBot) -> None:
    plan = Targets(annual_pct=20, years=(YearTargets(2026, 70, 20, 80),))
    dialog = TargetsDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.years_table.rowCount() == 1
    dialog.add_year_button.click()  # 2027, the shares of 2026 to start from
    assert dialog.targets().years == (YearTargets(2026, 70, 20, 80), YearTargets(2027, 70, 20, 80))
    spins = [dialog.years_table.cellWidget(1, column) for column in range(4)]
    assert all(isinstance(spin, QSpinBox) for spin in spins)
    spins[1].setValue(85)  # type: ignore[union-attr]
    spins[2].setValue(30)  # type: ignore[union-attr]
    assert dialog.targets().years[1] == YearTargets(2027, 85, 30, 80)
    dialog.years_table.setCurrentCell(0, 0)
    dialog.remove_year_button.click()
    assert dialog.targets() == Targets(20, plan.programme_start, (YearTargets(2027, 85, 30, 80),))


def test_the_coverage_page_judges_a_year_by_its_own_share(qtbot: QtBot, page: InspectionPage) -> None:
    view = page.coverage_view
    total = CoverageLine(None, "Toàn địa bàn", active=100, inspected_active=27)
    plan = Targets(annual_pct=20, years=(YearTargets(2027, 90, 30, 100),))
    view._fill_coverage(InspectionCoverage(parse_period("2027"), plan, [], total))
    assert "≥ 30 % mỗi năm (kỳ này ≥ 30 %)" in view.targets_label.text()
    assert "chưa đạt chỉ tiêu 30 %" in view.coverage_summary.text()


def test_print_a_violation_record_only_for_a_visit_with_a_violation(
    qtbot: QtBot,
    page: InspectionPage,
    gui_services: Services,
    office: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    business = office["Karaoke Hoa Ban"]
    clean = gui_services.inspections.record_visit(VisitInput(business, TODAY, result=RESULT_NONE))
    found = gui_services.inspections.record_visit(
        VisitInput(business, TODAY, result=RESULT_REMINDER, findings="Chưa có sổ theo dõi khách")
    )
    page.recent_check.setChecked(True)
    page.reload()
    page.visits_table.select_visit(clean)
    assert page.print_button.isEnabled() and not page.violation_button.isEnabled()
    page.visits_table.select_visit(found)
    assert page.violation_button.isEnabled()
    target = tmp_path / "vi-pham"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(tasks, "show_file_written", lambda _p, _t, text, _path: shown.append(text))
    page.violation_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown == ["Đã tạo 1 biên bản vi phạm hành chính trong «vi-pham.pdf»."]
    assert (tmp_path / "vi-pham.pdf").read_bytes().startswith(b"%PDF")


def test_opening_the_page_reads_the_round_visits_once_into_a_model_keeping_the_selection(
    qtbot: QtBot,
    page: InspectionPage,
    gui_services: Services,
    office: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: object,
) -> None:
    from desktop_app.domain.inspections import LEVEL_COMMUNE, RoundInput
    from desktop_app.ui.models.visit_table import VisitTableModel

    round_id = gui_services.inspections.create_round(
        RoundInput("08/KH-UBND", None, "Đội 178", LEVEL_COMMUNE, START, END)
    )
    ids = [
        gui_services.inspections.record_visit(VisitInput(business, TODAY, round_id=round_id))
        for business in office.values()
    ]
    reads: list[object] = []
    service = gui_services.inspections
    real = service.visits

    def counting(*args: object, **kwargs: object) -> object:
        reads.append(kwargs.get("round_id"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "visits", counting)
    page.reload()
    assert reads == [round_id]  # the round's visits are read once (a round can hold 20,000 of them)
    table = page.visits_table
    assert isinstance(table.model(), VisitTableModel) and table.rowCount() == 3
    qtmodeltester.check(table.model())  # type: ignore[attr-defined]
    table.select_visit(ids[1])
    assert table.selected_ids() == [ids[1]] and page.edit_visit_button.isEnabled()
    page.reload()  # a reload keeps the selected visit selected
    assert table.selected_ids() == [ids[1]]
    assert {table.text(r, 1) for r in range(3)} == set(office)


def test_first_visit_reads_the_round_visits_off_the_gui_thread(
    qtbot: QtBot, gui_services: Services, ui_state: UiState, office: dict[str, int]
) -> None:
    """A round of a large district holds 20,000 visits: the page opens, then its list fills in (#20)."""
    from desktop_app.domain.inspections import LEVEL_COMMUNE, RoundInput

    round_id = gui_services.inspections.create_round(
        RoundInput("09/KH-UBND", None, "Đội 178", LEVEL_COMMUNE, START, END)
    )
    for name in ("Karaoke Hoa Ban", "Nhà nghỉ Bình An"):
        gui_services.inspections.record_visit(VisitInput(office[name], TODAY, round_id=round_id))
    widget = InspectionPage(gui_services, TaskRunner(), ui_state)
    qtbot.addWidget(widget)
    widget.show()
    widget.ensure_loaded()
    assert widget.visits_label.text() == "Đang đọc các lượt kiểm tra…"
    assert widget.visits_table.model().rowCount() == 0
    qtbot.waitUntil(lambda: widget.visits_table.model().rowCount() == 2)
    assert widget.visits_label.text() == "Lượt kiểm tra của đợt 09/KH-UBND (2)"
    widget.recent_check.setChecked(True)  # chosen by the clerk: read at once, as before
    assert widget.visits_label.text() == "Các lượt kiểm tra gần đây nhất (2)"
