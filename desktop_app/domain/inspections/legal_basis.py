"""The catalogue of legal bases a penalty cites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.text import format_vnd, nfc


# ---- Legal basis catalogue
@dataclass(frozen=True, slots=True)
class LegalBasis:
    """One entry of the catalogue: decree – article – clause – point, with its text (the act) and, for an
    entry from the penalty catalogue, its fine range for an individual, validity dates and source.

    `catalogue_version` is "" for an entry added by hand (no range, no dates: not checked)."""

    id: int
    decree: str  # "282/2025/NĐ-CP"
    article: str  # "32"
    clause: str = ""
    point: str = ""
    text: str = ""
    active: bool = True
    fine_min: int | None = None
    fine_max: int | None = None
    organisation_factor: int = 2
    applies_to: tuple[str, ...] = ()
    warning_allowed: bool = True
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = ""
    verified: bool = True
    catalogue_version: str = ""
    replaces: tuple[tuple[str, str, str, str], ...] = ()

    @property
    def ref_key(self) -> tuple[str, str, str, str]:
        return (self.decree, self.article, self.clause, self.point)

    @property
    def reference(self) -> str:
        """'Điểm a khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP'."""
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}")
        parts.append(f"Nghị định {self.decree}")
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    @property
    def label(self) -> str:
        text = f"{self.reference}: {self.text}" if self.text else self.reference
        if self.fine_min is not None and self.fine_max is not None:
            text += f" ({format_vnd(self.fine_min)} – {format_vnd(self.fine_max)} với cá nhân)"
        return text if self.verified else f"{text} [chưa kiểm chứng]"


@dataclass(frozen=True, slots=True)
class LegalBasisInput:
    decree: str
    article: str
    clause: str = ""
    point: str = ""
    text: str = ""
    active: bool = True

    def validated(self) -> LegalBasisInput:
        """Raises ValidationErrors."""
        errors: dict[str, str] = {}
        decree = nfc(self.decree).strip()
        article = nfc(self.article).strip()
        if not decree:
            errors["decree"] = "Nhập số nghị định, ví dụ 282/2025/NĐ-CP."
        if not article:
            errors["article"] = "Nhập số điều."
        if errors:
            raise ValidationErrors(errors)
        return LegalBasisInput(
            decree=decree,
            article=article,
            clause=nfc(self.clause).strip(),
            point=nfc(self.point).strip().lower(),
            text=nfc(self.text).strip(),
            active=self.active,
        )
