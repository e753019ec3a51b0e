"""Province report forms: the indicators added for them recounted on small data, business-type groups,
entered (typed-in) indicators, the closing-day convention, and a province template end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.domain.activities import HealthyStatusInput
from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.indicators import IndicatorValues
from desktop_app.domain.inspections import RESULT_NONE, RESULT_REMINDER, VisitInput
from desktop_app.domain.office import Commune
from desktop_app.domain.periods import CLOSING_DAY_15, CLOSING_RULE_VERIFIED, parse_period
from desktop_app.domain.report_templates import TemplateError, add_entered, parse_template, table_rows
from desktop_app.domain.reports import package_text, read_package
from desktop_app.domain.text import format_int
from desktop_app.imports.report_entered import read_entered_file
from desktop_app.services.app_services import Services, open_services
from desktop_app.storage.models import ChangeLogRecord
from tests.conftest import run_cli
from tests.unit.report_maxima import FINES_MAX, report_at_maxima
from tests.unit.test_report_pdf_tables import HEADING_NUMBER, NUMBER, WHOLE_VALUES, _words
from tests.unit.test_reports import ADMIN, _business, _configure, _ids, _text_of_pdf, build

S1 = parse_period("2026S1")
UNIT = "Phòng Văn hóa – Xã hội huyện Mai Sơn"


def _member(values: IndicatorValues, label: str) -> str:
    return next(code for code, name in values.members["commune"].items() if name == label)


def test_complex_area_prostitution_visits_and_registered_communes_recounted(services: Services) -> None:
    _configure(services, UNIT)
    _types, communes = _ids(services)
    k1 = _business(services, "Karaoke K 000001", "KAR", "Xã Mường Bon", "05/03/2020", complex_area=True)
    k2 = _business(services, "Nhà nghỉ K 000002", "NN", "Xã Cò Nòi", "05/03/2020", complex_area=True)
    k3 = _business(services, "Khách sạn K 000003", "KS", "Xã Cò Nòi", "05/03/2020")
    services.businesses.change_status(k2, STATUS_CLOSED, "01/03/2026")  # not active at the end
    visits = services.inspections
    visits.record_visit(VisitInput(k1, "10/02/2026", result=RESULT_REMINDER, prostitution_related=True))
    visits.record_visit(VisitInput(k2, "20/02/2026", result=RESULT_NONE, prostitution_related=True))
    visits.record_visit(VisitInput(k3, "05/05/2026", result=RESULT_NONE))
    visits.record_visit(VisitInput(k1, "01/07/2026", result=RESULT_NONE, prostitution_related=True))  # after
    activities = services.activities
    activities.save_healthy_status(
        HealthyStatusInput(communes["Xã Mường Bon"], 2026, registered=True, recognised=False)
    )
    activities.save_healthy_status(
        HealthyStatusInput(communes["Xã Cò Nòi"], 2026, registered=True, recognised=True)
    )
    activities.save_healthy_status(
        HealthyStatusInput(communes["Xã Chiềng Mung"], 2025, registered=True, recognised=False)
    )

    values = services.reports.report(S1).values
    muong_bon, co_noi = _member(values, "Xã Mường Bon"), _member(values, "Xã Cò Nòi")
    assert values.value("businesses_complex_area") == 1  # K1 (K2 closed, K3 not marked)
    assert values.value("businesses_complex_area", "type", "KAR") == 1
    assert values.value("businesses_complex_area", "type", "NN") == 0
    assert values.value("businesses_complex_area", "commune", muong_bon) == 1
    assert values.value("visits_prostitution_related") == 2  # K1 in February, K2 (not the July visit)
    assert values.value("visits_prostitution_related", "commune", co_noi) == 1
    assert values.value("communes_healthy_registered") == 2  # Mường Bon, Cò Nòi (Chiềng Mung: 2025)
    assert values.value("communes_healthy_recognised") == 1
    assert values.value("communes_healthy_registered", "commune", co_noi) == 1
    assert values.value("penalties_warning") == 0  # the penalty kinds exist since the catalogue


PROVINCE = Path(__file__).parents[2] / "resources" / "report_templates" / "vi-du-tinh.json"


def _province(services: Services) -> None:
    services.db.actor = ADMIN
    services.reports.import_template(PROVINCE)


def test_type_groups_add_up_the_office_types_and_the_rest_takes_the_unlisted(services: Services) -> None:
    _configure(services, UNIT)
    _business(services, "Khách sạn G 000001", "KS", "Xã Mường Bon", "05/03/2020")
    _business(services, "Nhà nghỉ G 000002", "NN", "Xã Cò Nòi", "05/03/2020")
    _business(services, "Karaoke G 000003", "KAR", "Xã Cò Nòi", "05/03/2020")
    _business(services, "Cà phê G 000004", "CF", "Xã Cò Nòi", "05/03/2020")  # in no group: «Khác»
    _business(services, "Bar G 000005", "BAR", "Xã Cò Nòi", "01/03/2026")
    _province(services)
    template = services.reports.template()
    table = next(t for t in template.tables if t.by == "type_group")
    rows = table_rows(table, services.reports.report(S1).values)
    end = [c.indicator for c in table.columns].index("businesses_active_end")
    new = [c.indicator for c in table.columns].index("businesses_new")
    assert [(r.label, r.cells[end], r.cells[new]) for r in rows] == [
        ("Tổng cộng", 5, 1),
        ("Cơ sở lưu trú", 2, 0),
        ("Karaoke, xoa bóp", 1, 0),
        ("Vũ trường, quán bar", 1, 1),
        ("Khác", 1, 0),
    ]
    # the office's own types are unchanged
    assert {t.code for t in services.office.business_types()} >= {"KS", "NN", "KAR", "CF", "BAR"}


def test_type_group_declarations_are_checked() -> None:
    base = json.loads(PROVINCE.read_text(encoding="utf-8"))
    no_rest = {**base, "type_groups": [g for g in base["type_groups"] if not g.get("rest")]}
    with pytest.raises(TemplateError, match="rest"):
        parse_template(no_rest)
    twice = {**base, "type_groups": [*base["type_groups"], {"label": "Lặp", "types": ["KS"]}]}
    with pytest.raises(TemplateError, match="đã thuộc nhóm khác"):
        parse_template(twice)
    without = {k: v for k, v in base.items() if k != "entered"}
    with pytest.raises(TemplateError, match="phải khai báo trong “entered”"):
        parse_template(without)  # an indicator the app does not count is unknown unless declared entered


def test_entered_figures_are_checked_saved_audited_and_reported(services: Services) -> None:
    _configure(services, UNIT)
    _province(services)
    _types, communes = _ids(services)
    mb = communes["Xã Mường Bon"]
    reports = services.reports
    with pytest.raises(ValidationErrors) as caught:
        reports.save_entered(
            S1,
            {
                ("tin_bao_tiep_nhan", None): 12,
                ("nbd_uoc_tinh_nu_18_30", None): 100_001,  # over its maximum
                ("tiep_can_thanh_nien", None): 5,  # by commune: needs one
                ("khong_co", None): 1,
            },
        )
    errors = caught.value.errors
    assert "phải từ 0 đến 100.000" in errors["nbd_uoc_tinh_nu_18_30"]
    assert "chọn xã, phường" in errors["tiep_can_thanh_nien"]
    assert "khong_co" in errors and "tin_bao_tiep_nhan" not in errors
    assert reports.entered_values(S1) == {}  # nothing kept from a form with a mistake

    values = {
        ("tin_bao_tiep_nhan", None): 12,
        ("kinh_phi_vnd", None): 10_000_000_000,
        ("tiep_can_thanh_nien", mb): 120,
        ("tiep_can_thanh_nien", communes["Xã Cò Nòi"]): 30,
    }
    assert reports.save_entered(S1, values) == 4
    assert reports.save_entered(S1, {**values, ("tin_bao_tiep_nhan", None): None}) == 1  # cleared
    assert reports.entered_values(S1) == {k: v for k, v in values.items() if k[0] != "tin_bao_tiep_nhan"}
    assert reports.entered_values(parse_period("2026S2")) == {}  # per period
    with services.db.read() as session:
        log = list(
            session.scalars(select(ChangeLogRecord.changes).where(ChangeLogRecord.entity == "report_entered"))
        )
    assert len(log) == 2 and all("2026S1" in changes for changes in log)

    report = reports.report(S1).values
    assert report.value("tiep_can_thanh_nien") == 150
    assert report.value("tiep_can_thanh_nien", "commune", _member(report, "Xã Mường Bon")) == 120
    assert report.value("kinh_phi_vnd") == 10_000_000_000
    assert report.value("tin_bao_tiep_nhan") is None  # never typed in (or cleared): blank, not 0
    assert report.flat()["tiep_can_thanh_nien_by_commune"][_member(report, "Xã Cò Nòi")] == 30


def test_closing_days_move_the_dates_keep_the_code_and_are_printed(
    services: Services, tmp_path: Path
) -> None:
    _configure(services, UNIT)
    _business(services, "Karaoke H 000001", "KAR", "Xã Mường Bon", "20/12/2025")  # before 01/01, after 15/12
    assert services.reports.report(S1).values.value("businesses_new") == 0
    with pytest.raises(ValidationError):
        services.reports.set_closing_convention("tuy_y")
    services.reports.set_closing_convention(CLOSING_DAY_15)
    report = services.reports.report(S1)
    assert (report.period.start, report.period.end, report.period.code) == (
        date(2025, 12, 15),
        date(2026, 6, 14),
        "2026S1",
    )
    assert report.values.value("businesses_new") == 1
    assert services.reports.report(parse_period("2026")).period.end == date(2026, 12, 14)
    assert services.reports.report(parse_period("20260101-20260315")).period.start == date(2026, 1, 1)
    workbook = load_workbook(services.reports.write_xlsx(report, tmp_path / "r.xlsx"))
    texts = [str(c.value) for c in workbook.worksheets[0]["A"] if c.value]
    assert any("Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026" in t for t in texts)
    # the rule takes a second line on a narrow sheet (Biểu 3): its row grows rather than overlap the title
    assert (workbook["Biểu 3"].row_dimensions[5].height or 0) >= 2 * 16.5
    pdf = _text_of_pdf(services.reports.write_pdf(report, tmp_path / "r.pdf"))
    assert "Số liệu tính từ ngày 15/12/2025 đến ngày 14/06/2026" in " ".join(pdf.split())
    package = read_package(package_text(report))
    assert package.period == report.period and package.period.code == "2026S1"


def test_closing_rule_source_is_recorded_beside_the_data() -> None:
    source = json.loads(
        (Path(__file__).parents[2] / "resources" / "legal" / "closing_days.json").read_text(encoding="utf-8")
    )
    assert source["verified"] is CLOSING_RULE_VERIFIED
    assert all(s["url"].startswith(("https://", "http://")) and s["quote"] for s in source["sources"])


def test_a_province_template_produces_every_output_and_consolidates_two_units(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = {name: tmp_path / f"{name}.sqlite3" for name in ("x", "y", "province")}
    opened = {name: open_services(path, actor=ADMIN, encrypt_new=False) for name, path in targets.items()}
    try:
        for name, services in opened.items():
            _configure(services, f"Phòng Văn hóa – Xã hội huyện {name.upper()}", codes=True)
            _province(services)
        build(opened["x"], part_y=False)
        build(opened["y"], part_x=False)
        x_communes = _ids(opened["x"])[1]
        opened["x"].reports.save_entered(
            S1, {("kinh_phi_vnd", None): 150_000_000, ("tiep_can_phu_nu", x_communes["Xã Mường Bon"]): 40}
        )
        entered_file = tmp_path / "nhap.csv"
        entered_file.write_text(
            "chi_tieu,xa_phuong,gia_tri\nkinh_phi_vnd,,50.000.000\ntiep_can_phu_nu,Xã Mường Bon,2\n"
            "nbd_uoc_tinh_nu_tren30,,7\n",
            encoding="utf-8",
        )
        code, out, err = run_cli(
            capsys,
            "--db",
            str(targets["y"]),
            "report",
            "--period",
            "2026S1",
            "--entered",
            str(entered_file),
            "--package",
            str(tmp_path / "y.json"),
        )
        assert code == 0, err
        assert "3 số liệu thay đổi" in out
        wrong = tmp_path / "sai.json"
        wrong.write_text('{"kinh_phi_vnd": 1, "nbd_xu_ly_nam_duoi18": 100001}', encoding="utf-8")
        code, out, err = run_cli(
            capsys, "--db", str(targets["y"]), "report", "--period", "2026S1", "--entered", str(wrong)
        )
        assert code == 1 and "phải từ 0 đến 100.000" in err
        assert opened["y"].reports.entered_values(S1)[("kinh_phi_vnd", None)] == 50_000_000  # unchanged
        x = opened["x"].reports
        x_report = x.report(S1)
        files = [x.write_xlsx(x_report, tmp_path / "x.xlsx"), tmp_path / "y.json"]
        pdf_text = " ".join(_text_of_pdf(x.write_pdf(x_report, tmp_path / "x.pdf")).split())
        assert "NGƯỜI BÁN DÂM THEO GIỚI TÍNH" in pdf_text.upper() and "150.000.000" in pdf_text
        assert "Cơ sở lưu trú" in pdf_text and "Karaoke, xoa bóp" in pdf_text
        sheets = load_workbook(files[0]).sheetnames
        assert "Biểu 4" in sheets and "Biểu 1" in sheets

        province = opened["province"].reports
        result = province.consolidate(files, S1)
        assert result.rejected == [] and len(result.included) == 2
        values = result.report.values
        assert values.value("kinh_phi_vnd") == 200_000_000
        assert values.value("tiep_can_phu_nu") == 42
        assert values.value("nbd_uoc_tinh_nu_tren30") == 7
        assert values.value("nbd_xu_ly_nam_duoi18") is None  # declared by the template, sent by no unit
        assert values.value("businesses_active_end") == (
            x_report.values.value("businesses_active_end")
            + opened["y"].reports.report(S1).values.value("businesses_active_end")  # type: ignore[operator]
        )
        for writer, suffix in ((province.write_xlsx, "xlsx"), (province.write_pdf, "pdf")):
            assert writer(result.report, tmp_path / f"tinh.{suffix}").stat().st_size > 0
        again = read_package(province.write_package(result.report, tmp_path / "tinh.json").read_text("utf-8"))
        assert again.values.value("kinh_phi_vnd") == 200_000_000
    finally:
        for services in opened.values():
            services.close()


def test_the_province_template_at_its_maxima_prints_whole_words_and_numbers(
    services: Services, tmp_path: Path
) -> None:
    _configure(services, UNIT)
    _province(services)
    template = services.reports.template()
    report = report_at_maxima(services, S1)
    values = report.values
    add_entered(values, template.entered, {})
    communes = list(values.members["commune"])
    for entered in template.entered:
        big = FINES_MAX if entered.unit == "vnd" else 99_999
        if entered.by_commune:
            values.by.setdefault("commune", {})[entered.id] = dict.fromkeys(communes, big)
        values.totals[entered.id] = big
    pdf = services.reports.write_pdf(report, tmp_path / "tinh.pdf")
    words = _words(pdf)
    found = set(words) | {w.strip("()") for w in words}
    expected: set[str] = set()
    for table in template.tables:
        labels = [table.row_header, *(c.label for c in table.columns), *(g[0] for g in table.header_groups)]
        labels += [grid.label for grid in table_rows(table, values)]
        for label in labels:
            expected.update(w.strip("()") for w in label.split() if w.strip("()"))
    assert not sorted(w for w in expected if w not in found)
    numbers = {w for w in words if NUMBER.match(w) and ("." in w or "," in w) and not HEADING_NUMBER.match(w)}
    group_sums = {format_int(n * 99_999) for n in range(2, 11)}  # a type group adds up its types
    assert numbers <= WHOLE_VALUES | group_sums, sorted(numbers - WHOLE_VALUES - group_sums)


def test_entered_figures_read_from_json_or_csv_with_communes_by_name_or_code(tmp_path: Path) -> None:
    communes = [Commune(1, "Xã Mường Bon", "04105", True), Commune(2, "Xã Cò Nòi", "", True)]
    path = tmp_path / "nhap.json"
    path.write_text(
        json.dumps(
            {
                "kinh_phi_vnd": "1.500.000",
                "tin_bao_tiep_nhan": "",
                "tiep_can_phu_nu": {"04105": 3, "xa co noi": 4},
            }
        ),
        encoding="utf-8",
    )
    assert read_entered_file(path, communes) == {
        ("kinh_phi_vnd", None): 1_500_000,
        ("tin_bao_tiep_nhan", None): None,  # a blank clears it
        ("tiep_can_phu_nu", 1): 3,
        ("tiep_can_phu_nu", 2): 4,
    }
    path.write_text(json.dumps({"tiep_can_phu_nu": {"Xã Không Có": 1}}), encoding="utf-8")
    with pytest.raises(ValidationErrors, match="không có xã, phường «Xã Không Có»"):
        read_entered_file(path, communes)
    csv_path = tmp_path / "nhap.csv"
    csv_path.write_text("chi_tieu,xa_phuong,gia_tri\nkinh_phi_vnd,,-5\n", encoding="utf-8")
    with pytest.raises(ValidationErrors, match="dòng 2: «-5» không phải số nguyên không âm"):
        read_entered_file(csv_path, communes)
    csv_path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationErrors, match="thiếu cột «chi_tieu»"):
        read_entered_file(csv_path, communes)


def test_a_package_carries_entered_declarations_only_when_there_are_some_and_checks_them() -> None:
    plain = IndicatorValues(totals={"cases_new": 1})
    assert "entered" not in plain.to_data()  # packages without typed-in figures read as before
    values = IndicatorValues(totals={"kinh_phi_vnd": 5})
    add_entered(values, parse_template(json.loads(PROVINCE.read_text(encoding="utf-8"))).entered, {})
    data = values.to_data()
    assert IndicatorValues.from_data(data).value("kinh_phi_vnd") == 5
    clash = {**data, "entered": {"cases_new": {"label": "Trùng", "unit": "count", "by": []}}}
    with pytest.raises(ValueError, match="chỉ tiêu nhập «cases_new» không hợp lệ"):
        IndicatorValues.from_data(clash)
    undeclared = {**data, "entered": {}}
    with pytest.raises(ValueError, match="chỉ tiêu «kinh_phi_vnd» không có trong phần mềm"):
        IndicatorValues.from_data(undeclared)
    percent = {**data, "entered": {"ty_le": {"label": "Tỷ lệ", "unit": "pct", "by": []}}}
    with pytest.raises(ValueError, match="đơn vị tính hoặc cách chia không hợp lệ"):
        IndicatorValues.from_data(percent)


def test_typed_in_figures_lock_once_the_period_is_issued_and_change_only_for_a_replacement(
    services: Services,
) -> None:
    _configure(services, UNIT)
    _province(services)
    reports = services.reports
    figure = {("tin_bao_tiep_nhan", None): 12}
    assert reports.save_entered(S1, figure) == 1
    assert reports.entered_lock(S1) is None
    issued = services.issued_reports.issue(reports.report(S1), "5/BC-UBND", None, None)
    lock = reports.entered_lock(S1)
    assert lock is not None and lock.number == "5/BC-UBND"
    with pytest.raises(ValidationError) as refused:
        reports.save_entered(S1, {("tin_bao_tiep_nhan", None): 15})
    message = refused.value.message
    assert "đã ban hành (số 5/BC-UBND" in message and "báo cáo thay thế" in message
    assert reports.entered_values(S1) == figure  # nothing changed
    assert reports.entered_values(parse_period("2026S2")) == {}
    assert reports.save_entered(parse_period("2026S2"), figure) == 1  # another period stays open
    # the clerk corrects the figure for a replacement: saved, and the change log names the issue replaced
    assert reports.save_entered(S1, {("tin_bao_tiep_nhan", None): 15}, for_replacement=True) == 1
    assert reports.entered_values(S1) == {("tin_bao_tiep_nhan", None): 15}
    with services.db.read() as session:
        last = session.scalars(
            select(ChangeLogRecord.changes)
            .where(ChangeLogRecord.entity == "report_entered")
            .order_by(ChangeLogRecord.id.desc())
        ).first()
    assert last is not None and "5/BC-UBND" in last
    assert issued.number == "5/BC-UBND"
