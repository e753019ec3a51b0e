"""Each importable register described once: the CLI, the services container and the UI read this list.

Adding a register is one `Register(...)` entry here (and one `RegisterView` in `desktop_app/ui/registers.py`
for its page's texts): `python -m desktop_app import/export/template` offer it, `Services.transfer_for`
builds its transfer service, the main window shows its page. See docs/adding-a-register.md.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.domain.security import PERM_CASES, PERM_EDIT, PERM_IDENTITY

if TYPE_CHECKING:
    from desktop_app.services.import_writing import ListTransfer
    from desktop_app.storage.db import Database


@dataclass(frozen=True, slots=True)
class Register:
    """One register: what it is called, who may see it, which service moves it in and out of Excel."""

    name: str  # the key everywhere: the CLI's word, the import spec's name, the UI's key
    noun: str  # what one row is, counted: «Đã nhập 3 cơ sở», «Đã xuất 5 lượt kiểm tra»
    title: str  # the register in the CLI's help: «cơ sở kinh doanh»
    transfer: str  # "module:Class" of its ListTransfer (import, export, template), imported on first use
    page: str  # the UI page that shows it (a key of desktop_app.ui.registers.PAGES)
    export_file: str  # the suggested name of an exported list
    template_file: str  # the suggested name of the blank import workbook
    permission: str | None = None  # needed to see the register at all (None: every signed-in role)
    export_permission: str | None = None  # needed to export it, besides the transfer's own check
    password_export: bool = False  # personal data: the list goes out only in a password-protected file
    import_permission: str = PERM_EDIT  # needed to bring a list in (the transfer service checks it too)

    def transfer_class(self) -> type[ListTransfer]:
        """The transfer service's class (its module, with openpyxl and the readers, loads now)."""
        module, _, name = self.transfer.partition(":")
        cls: type[ListTransfer] = getattr(importlib.import_module(module), name)
        return cls

    def make_transfer(self, db: Database) -> ListTransfer:
        return self.transfer_class()(db)


REGISTERS: tuple[Register, ...] = (
    Register(
        name="businesses",
        noun="cơ sở",
        title="cơ sở kinh doanh",
        transfer="desktop_app.services.transfer:TransferService",
        page="business_page",
        export_file="danh-sach-co-so.xlsx",
        template_file="mau-danh-sach-co-so.xlsx",
    ),
    Register(
        name="commitments",
        noun="lần ký cam kết",
        title="cam kết",
        transfer="desktop_app.services.commitment_transfer:CommitmentTransferService",
        page="commitment_page",
        export_file="danh-sach-cam-ket.xlsx",
        template_file="mau-danh-sach-cam-ket.xlsx",
    ),
    Register(
        name="inspections",
        noun="lượt kiểm tra",
        title="lượt kiểm tra",
        transfer="desktop_app.services.inspection_transfer:InspectionTransferService",
        page="inspection_page",
        export_file="danh-sach-luot-kiem-tra.xlsx",
        template_file="mau-danh-sach-luot-kiem-tra.xlsx",
    ),
    Register(
        name="cases",
        noun="hồ sơ hỗ trợ",
        title="hồ sơ hỗ trợ",
        transfer="desktop_app.services.case_transfer:CaseTransferService",
        page="case_page",
        export_file="danh-sach-ho-so.xlsx",
        template_file="mau-danh-sach-ho-so.xlsx",
        permission=PERM_CASES,
        export_permission=PERM_IDENTITY,
        password_export=True,
        import_permission=PERM_IDENTITY,
    ),
    Register(
        name="communication",
        noun="buổi tuyên truyền",
        title="tuyên truyền",
        transfer="desktop_app.services.activity_transfer:CommunicationTransferService",
        page="activity_page",
        export_file="danh-sach-tuyen-truyen.xlsx",
        template_file="mau-danh-sach-tuyen-truyen.xlsx",
    ),
    Register(
        name="training",
        noun="lớp tập huấn",
        title="tập huấn",
        transfer="desktop_app.services.activity_transfer:TrainingTransferService",
        page="activity_page",
        export_file="danh-sach-tap-huan.xlsx",
        template_file="mau-danh-sach-tap-huan.xlsx",
    ),
    Register(
        name="status-changes",
        noun="lần đổi trạng thái",
        title="thay đổi trạng thái cơ sở",
        transfer="desktop_app.services.status_change_transfer:StatusChangeTransferService",
        page="business_page",
        export_file="danh-sach-doi-trang-thai.xlsx",
        template_file="mau-danh-sach-doi-trang-thai.xlsx",
    ),
    Register(
        name="employees",
        noun="người lao động",
        title="người lao động ký cam kết",
        transfer="desktop_app.services.employee_transfer:EmployeeTransferService",
        page="commitment_page",
        export_file="danh-sach-nguoi-lao-dong.xlsx",
        template_file="mau-danh-sach-nguoi-lao-dong.xlsx",
    ),
    Register(
        name="case-services",
        noun="lần hỗ trợ",
        title="các lần hỗ trợ",
        transfer="desktop_app.services.case_service_transfer:CaseServiceTransferService",
        page="case_page",
        export_file="danh-sach-lan-ho-tro.xlsx",
        template_file="mau-danh-sach-lan-ho-tro.xlsx",
        permission=PERM_CASES,
        export_permission=PERM_IDENTITY,
        password_export=True,
        import_permission=PERM_IDENTITY,
    ),
    Register(
        name="follow-ups",
        noun="lần theo dõi",
        title="các lần theo dõi hồ sơ",
        transfer="desktop_app.services.case_service_transfer:FollowUpTransferService",
        page="case_page",
        export_file="danh-sach-lan-theo-doi.xlsx",
        template_file="mau-danh-sach-lan-theo-doi.xlsx",
        permission=PERM_CASES,
        export_permission=PERM_IDENTITY,
        password_export=True,
        import_permission=PERM_IDENTITY,
    ),
    Register(
        name="hotspots",
        noun="tụ điểm",
        title="tụ điểm",
        transfer="desktop_app.services.hotspot_transfer:HotspotTransferService",
        page="inspection_page",
        export_file="danh-sach-tu-diem.xlsx",
        template_file="mau-danh-sach-tu-diem.xlsx",
    ),
    Register(
        name="healthy-communes",
        noun="tình trạng xã, phường lành mạnh",
        title="xã, phường lành mạnh theo năm",
        transfer="desktop_app.services.healthy_commune_transfer:HealthyCommuneTransferService",
        page="activity_page",
        export_file="danh-sach-xa-phuong-lanh-manh.xlsx",
        template_file="mau-danh-sach-xa-phuong-lanh-manh.xlsx",
    ),
)


def names() -> list[str]:
    """The registers' names in the order they are described (the CLI's choices)."""
    return [register.name for register in REGISTERS]


def register(name: str) -> Register:
    """The register called `name`. Raises KeyError."""
    for described in REGISTERS:
        if described.name == name:
            return described
    raise KeyError(name)
