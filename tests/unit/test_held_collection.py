"""Automatic garbage collection is held while a report file is built, and only when it was on: the window's
own collector (ui/gc_guard.py, automatic collection off) is never switched back on by an export."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.collection import held_collection
from desktop_app.domain.periods import Period
from desktop_app.exports import report_xlsx
from desktop_app.exports.pdf_layout import Nd30Document
from desktop_app.services.app_services import Services
from tests.conftest import configure


@pytest.fixture(autouse=True)
def _restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_automatic_collection_is_held_inside_and_resumes_after_even_on_an_error() -> None:
    gc.enable()
    with held_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), held_collection():
        raise ValueError("hỏng")
    assert gc.isenabled()


def test_a_collection_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()  # as the window has it: the GUI thread collects on a timer
    with held_collection():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_nested_and_concurrent_holds_resume_only_when_the_last_ends() -> None:
    gc.enable()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with held_collection():
            inside.set()
            leave.wait(10)

    with held_collection():
        with held_collection():
            pass
        assert not gc.isenabled()
        worker = threading.Thread(target=other)
        worker.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other thread still builds its file
    leave.set()
    worker.join(10)
    assert gc.isenabled()


def test_the_report_files_are_built_with_collection_held_and_it_resumes_after(
    sqlite_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(sqlite_services)
    report = sqlite_services.reports.report(Period.year(2026))
    states: list[bool] = []
    layout_build = Nd30Document.build
    xlsx_bytes = report_xlsx.workbook_bytes

    def pdf_build(self: Nd30Document, story: list[object]) -> None:
        states.append(gc.isenabled())
        layout_build(self, story)

    def workbook(book: object) -> bytes:
        states.append(gc.isenabled())
        return xlsx_bytes(book)

    monkeypatch.setattr(Nd30Document, "build", pdf_build)
    monkeypatch.setattr(report_xlsx, "workbook_bytes", workbook)
    gc.enable()
    sqlite_services.reports.write_xlsx(report, tmp_path / "bao-cao.xlsx")
    assert gc.isenabled()
    sqlite_services.reports.write_pdf(report, tmp_path / "bao-cao.pdf")
    assert gc.isenabled()
    assert states == [False, False]
