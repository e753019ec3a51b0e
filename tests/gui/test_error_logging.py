"""What the app log keeps of an unexpected error: its type and where, never the values it carried."""

from __future__ import annotations

from desktop_app.ui.i18n import loggable_error


def _fail(row: tuple[str, str]) -> None:
    raise ValueError(f"UNIQUE constraint failed: {row}")


ROW = ("Nguyễn Thị Hoa", "014186001234")  # a value the code carries, as a row read from the database


def test_logged_error_has_no_personal_values() -> None:
    try:
        _fail(ROW)
    except ValueError as err:
        text = loggable_error(type(err), err.__traceback__)
    assert text.startswith("ValueError\n")
    assert "test_logged_error_has_no_personal_values" in text  # where it happened
    assert "Nguyễn" not in text and "014186001234" not in text
