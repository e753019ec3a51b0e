"""One name per action, the ellipsis that announces a dialog, wherever the clerk meets them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.services.app_services import Services
from desktop_app.ui.settings import UiState
from tests.conftest import configure, sample_input
from tests.gui.conftest import show_main_window


def test_marking_a_mistake_has_one_name_and_toolbars_keep_the_ellipsis(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    window = show_main_window(qtbot, gui_services, ui_state)
    texts = {b.text() for b in window.findChildren(QAbstractButton)}
    texts |= {a.text() for a in window.findChildren(QAction)}
    mistakes = {t.replace("&", "") for t in texts if "nhầm" in t}
    assert mistakes == {"Đánh dấu nhập nhầm", "Hiện bản ghi nhập nhầm"}
    inspections = window.inspection_page  # two buttons of one name on one tab: their tooltips tell them apart
    assert inspections.void_round_button.toolTip() != inspections.void_visit_button.toolTip()

    shown = {
        button.text()
        for button in window.business_page.toolbar.findChildren(QToolButton)
        if button.defaultAction() is not None
    }
    assert {"Nhập từ Excel…", "Xuất Excel…", "Cam kết…", "Kiểm tra…", "Thêm cơ sở"} <= shown
    assert "Xuất Excel" not in shown and "Nhập từ Excel" not in shown
    window.close()


def test_the_business_form_keeps_its_place_and_its_labels_clear_of_the_boxes(
    qtbot: QtBot, gui_services: Services
) -> None:
    from PySide6.QtWidgets import QFormLayout

    from desktop_app.ui.dialogs.business_dialog import BusinessDialog

    configure(gui_services)
    dialog = BusinessDialog(
        gui_services.businesses, gui_services.office.business_types(), gui_services.office.communes()
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields: list[QWidget] = [dialog.name_edit, dialog.reg_date_edit, dialog.owner_id_edit, dialog.notes_edit]
    for field in fields:
        label = next(
            (
                f.labelForField(field) or f.labelForField(field.parentWidget())
                for f in dialog.findChildren(QFormLayout)
                if f.labelForField(field) or f.labelForField(field.parentWidget())
            ),
            None,
        )
        assert label is not None
        field_left = field.mapTo(dialog, field.rect().topLeft()).x()
        field_top = field.mapTo(dialog, field.rect().topLeft()).y()
        label_top = label.mapTo(dialog, label.rect().topLeft()).y()
        text_right = label.mapTo(dialog, label.rect().topLeft()).x()
        text_right += label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))  # shown text
        assert field_left - text_right >= 8, label.text()  # not touching its box
        assert abs(label_top - field_top) <= 4, label.text()  # level with it
    before = {field: field.mapTo(dialog, field.rect().topLeft()) for field in fields}
    size = dialog.size()
    dialog.save_button.click()  # nothing typed: three messages under their fields
    assert dialog.errors.text("name") == "Nhập tên cơ sở."
    assert dialog.errors.text("commune_id") != ""
    assert dialog.size() == size
    assert {field: field.mapTo(dialog, field.rect().topLeft()) for field in fields} == before  # nothing moved


def test_no_stray_red_box_in_the_visit_form_without_a_business(qtbot: QtBot, gui_services: Services) -> None:
    from desktop_app.ui.dialogs.visit_dialog import VisitDialog

    configure(gui_services)
    business_id = gui_services.businesses.create(sample_input(gui_services))
    dialog = VisitDialog(gui_services.inspections, gui_services.businesses.rows(), [])
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.picker
    assert not picker.chosen_label.isVisible()  # nothing chosen: no empty line, no empty box
    dialog.save_button.click()
    assert dialog.errors.text("business_id") != ""
    assert picker.styleSheet() == "" and not picker.chosen_label.isVisible()  # only the search box is framed
    assert "border" in picker.search_edit.styleSheet()
    picker.set_business(business_id)
    assert picker.chosen_label.isVisible() and "Nhà nghỉ" in picker.chosen_label.text()
    dialog.save_button.click()
    assert dialog.errors.text("business_id") == "" and picker.search_edit.styleSheet() == ""


def _shown_words(root: QWidget) -> list[str]:
    """Every text a clerk can read in `root`: labels, buttons, actions, tabs, list items, headers, hints."""
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.windowTitle()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QTableView) and widget.model() is not None:
            model, columns = widget.model(), widget.horizontalHeader().count()
            texts += [str(model.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(columns)]
    texts += [a.text() for a in root.findChildren(QAction)]
    return [t for t in texts if t]


def test_one_word_per_thing_in_the_window_and_the_business_form(
    qtbot: QtBot, gui_services: Services, ui_state: UiState
) -> None:
    """«xã, phường» (never «xã/phường»), the inter-agency team is an «Đội» (never «Đoàn»)."""
    from desktop_app.ui.dialogs.business_dialog import BusinessDialog
    from desktop_app.ui.dialogs.round_dialog import RoundDialog

    configure(gui_services)
    window = show_main_window(qtbot, gui_services, ui_state)
    dialogs: list[QWidget] = [
        BusinessDialog(
            gui_services.businesses, gui_services.office.business_types(), gui_services.office.communes()
        ),
        RoundDialog(gui_services.inspections, gui_services.office.communes(), gui_services.businesses.rows()),
    ]
    words = _shown_words(window)
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        words += _shown_words(dialog)
    assert any("xã, phường" in w.lower() for w in words)
    mixed = sorted({w for w in words if "xã/phường" in w.lower() or "đoàn" in w.lower()})
    assert mixed == []
    assert any("Đội" in w for w in words)
    window.close()
