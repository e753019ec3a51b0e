"""Command line for administrators and automation: errors are one Vietnamese line on stderr."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from desktop_app import __version__
from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop_app.domain.indicators import INDICATORS
from desktop_app.domain.office import (
    JURISDICTION_CUSTOM,
    OFFICE_KIND_COMMUNE,
    OFFICE_KIND_HEALTH_DEPT,
    OFFICE_KINDS,
    REFORM_DATE,
    OfficeProfile,
)
from desktop_app.domain.office_kinds import ISSUER_COMMITTEE, ISSUERS, OFFICE_KIND_LABELS
from desktop_app.domain.periods import PERIOD_CODE_HELP, Period, parse_period
from desktop_app.domain.report_templates import format_value
from desktop_app.domain.reports import DEMO_MARK, Report
from desktop_app.domain.security import (
    PERM_ADMIN,
    ROLE_ADMIN,
    ROLE_LABELS,
    SYSTEM,
    UserInput,
    normalise_username,
)
from desktop_app.domain.units import check_choices, read_choices_csv
from desktop_app.imports.readers import ImportFileError
from desktop_app.paths import default_database, log_file
from desktop_app.services.activity_transfer import CommunicationTransferService, TrainingTransferService
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.backup import check_database, restore_database, why_not_opened
from desktop_app.services.case_service_transfer import CaseServiceTransferService, FollowUpTransferService
from desktop_app.services.case_transfer import CaseTransferService
from desktop_app.services.commitment_transfer import CommitmentTransferService
from desktop_app.services.employee_transfer import EmployeeTransferService
from desktop_app.services.encryption import (
    decrypt_database,
    encrypt_database,
    encrypt_remaining_scans,
    install_recovery_key,
    is_encrypted,
)
from desktop_app.services.healthy_commune_transfer import HealthyCommuneTransferService
from desktop_app.services.hotspot_transfer import HotspotTransferService
from desktop_app.services.inspection_transfer import InspectionTransferService
from desktop_app.services.office import read_communes_file
from desktop_app.services.output_paths import check_output
from desktop_app.services.status_change_transfer import StatusChangeTransferService
from desktop_app.services.transfer import TransferService

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese headings and one-line Vietnamese errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"

    def error(self, message: str) -> NoReturn:
        translated = (
            message.replace("the following arguments are required", "thiếu tham số bắt buộc")
            .replace("unrecognized arguments", "tham số không hiểu được")
            .replace("invalid choice", "lựa chọn không hợp lệ")
            .replace("expected one argument", "cần một giá trị")
            .replace("one of the arguments", "cần một trong các tham số")
            .replace("is required", "")
            .replace("not allowed with argument", "không dùng cùng với")
            .replace("invalid int value", "không phải số nguyên")
        )
        self.exit(EXIT_USAGE, f"Lỗi: {translated.strip()}. Xem: python -m desktop_app --help\n")


REGISTERS = [
    "businesses",
    "commitments",
    "inspections",
    "cases",
    "communication",
    "training",
    "status-changes",
    "employees",
    "case-services",
    "follow-ups",
    "hotspots",
    "healthy-communes",
]
NOUNS = {
    "businesses": "cơ sở",
    "commitments": "lần ký cam kết",
    "inspections": "lượt kiểm tra",
    "cases": "hồ sơ hỗ trợ",
    "communication": "buổi tuyên truyền",
    "training": "lớp tập huấn",
    "status-changes": "lần đổi trạng thái",
    "employees": "người lao động",
    "case-services": "lần hỗ trợ",
    "follow-ups": "lần theo dõi",
    "hotspots": "tụ điểm",
    "healthy-communes": "tình trạng xã, phường lành mạnh",
}
Transfer = (
    TransferService
    | CommitmentTransferService
    | InspectionTransferService
    | CaseTransferService
    | CommunicationTransferService
    | TrainingTransferService
    | StatusChangeTransferService
    | EmployeeTransferService
    | CaseServiceTransferService
    | FollowUpTransferService
    | HotspotTransferService
    | HealthyCommuneTransferService
)


def _transfer(services: Services, register: str) -> Transfer:
    if register == "commitments":
        return services.commitment_transfer
    if register == "inspections":
        return services.inspection_transfer
    if register == "cases":
        return services.case_transfer
    if register == "communication":
        return services.communication_transfer
    if register == "training":
        return services.training_transfer
    if register == "status-changes":
        return services.status_change_transfer
    if register == "employees":
        return services.employee_transfer
    if register == "case-services":
        return services.case_service_transfer
    if register == "follow-ups":
        return services.follow_up_transfer
    if register == "hotspots":
        return services.hotspot_transfer
    if register == "healthy-communes":
        return services.healthy_commune_transfer
    return services.transfer


FORCE_HELP = "ghi đè lên tệp đã có (không bao giờ lên tệp dữ liệu, khóa hay bản sao lưu)"
ROLE_CHOICES = {code.replace("_", "-"): code for code in ROLE_LABELS}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m desktop_app",
        description="PCMD Desk — quản lý cơ sở kinh doanh có điều kiện và công tác phòng, chống mại dâm.",
        epilog=(
            "Không có lệnh: mở giao diện. Cơ sở dữ liệu mặc định: "
            + str(default_database())
            + ". Các lệnh (trừ check, recovery-key) cần đăng nhập: tên và mật khẩu lấy từ PCMD_USER, "
            "PCMD_PASSWORD hoặc được hỏi khi chạy; restore chỉ chạy không đăng nhập khi dữ liệu hiện tại "
            "không mở được."
        ),
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    parser.add_argument(
        "--version", action="version", version=f"PCMD Desk {__version__}", help="hiện số phiên bản rồi thoát"
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        default=None,
        help="tệp SQLite hoặc địa chỉ SQLAlchemy (postgresql+psycopg://…) thay cho tệp mặc định",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="tự kiểm tra cài đặt trên máy này (dữ liệu tạm, không đụng dữ liệu thật) rồi thoát: 0 là đạt",
    )
    parser.add_argument(
        "--skip-qt", action="store_true", help="khi tự kiểm tra: bỏ qua phần giao diện Qt (ví dụ dưới Wine)"
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="TỆP.txt",
        help="khi tự kiểm tra: ghi thêm kết quả vào tệp .txt này (UTF-8)",
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)

    setup = commands.add_parser(
        "setup", help="ghi hồ sơ đơn vị và địa bàn quản lý (không cần trình hướng dẫn)", add_help=False
    )
    setup.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    setup.add_argument(
        "--office-kind",
        choices=list(OFFICE_KINDS),
        help="loại cơ quan: xa (xã, phường, đặc khu), so-y-te (Sở Y tế), huyen-cu (huyện trước 1/7/2025); "
        "tự điền đơn vị ban hành, người ký, nơi nhận, địa danh và địa bàn từ danh mục",
    )
    setup.add_argument("--commune", help="với --office-kind xa: tên hoặc mã xã, phường (danh mục 2025)")
    setup.add_argument(
        "--issuer",
        choices=list(ISSUERS),
        default=ISSUER_COMMITTEE,
        help="với --office-kind xa: ubnd (Ủy ban nhân dân ban hành) hoặc phong (Phòng Văn hóa – Xã hội)",
    )
    setup.add_argument(
        "--signed-by",
        choices=["truong", "pho"],
        help="với --office-kind: cấp trưởng ký hoặc cấp phó ký thay (KT.); mặc định cấp phó ở Sở Y tế",
    )
    setup.add_argument("--unit", help="tên đơn vị ban hành văn bản (bắt buộc khi không có --office-kind)")
    setup.add_argument("--parent", help="tên cơ quan chủ quản")
    setup.add_argument("--place", help="địa danh ghi ở ngày tháng văn bản")
    setup.add_argument("--recipient", help="nơi nhận báo cáo cấp trên")
    setup.add_argument("--signer", help="họ tên người ký")
    setup.add_argument("--position", help="chức vụ người ký")
    setup.add_argument("--authority", choices=["", "TM.", "KT.", "TL.", "TUQ."], help="thẩm quyền ký")
    setup.add_argument("--symbol", help="ký hiệu văn bản của đơn vị")
    where = setup.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--communes-file", type=Path, help="tệp văn bản UTF-8, mỗi dòng một tên xã, phường (có thể 'tên;mã')"
    )
    where.add_argument(
        "--province", help="tỉnh/thành phố (một mình: danh mục 2025; kèm --district: trước 2025)"
    )
    setup.add_argument("--district", help="huyện/quận/thị xã theo danh mục trước 1/7/2025")
    setup.add_argument(
        "--admin-name",
        default="Quản trị viên",
        help="họ tên của tài khoản quản trị đầu tiên (tạo từ PCMD_USER/PCMD_PASSWORD khi chưa có tài khoản)",
    )

    users = commands.add_parser(
        "users",
        help="tài khoản người dùng: đổi mật khẩu của mình; quản lý tài khoản (quản trị)",
        add_help=False,
    )
    users.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    user_actions = users.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=_Parser)
    user_actions.add_parser(
        "passwd",
        help="đổi mật khẩu của chính mình (mật khẩu mới lấy từ PCMD_NEW_PASSWORD hoặc được hỏi hai lần); "
        "tài khoản mới hoặc vừa được đặt lại mật khẩu làm việc này trước tiên",
    )
    user_actions.add_parser("list", help="liệt kê tài khoản")
    add_user = user_actions.add_parser(
        "add", help="thêm tài khoản (mật khẩu hỏi khi chạy hoặc lấy từ PCMD_NEW_PASSWORD)"
    )
    add_user.add_argument("username", help="tên đăng nhập")
    add_user.add_argument("--name", required=True, help="họ và tên")
    add_user.add_argument("--role", required=True, choices=list(ROLE_CHOICES), help="vai trò")
    for action, text in (
        ("disable", "vô hiệu hóa tài khoản (không xóa)"),
        ("enable", "cho tài khoản hoạt động lại"),
        ("reset-password", "đặt lại mật khẩu (người dùng phải đổi khi đăng nhập)"),
    ):
        user_actions.add_parser(action, help=text).add_argument("username", help="tên đăng nhập")

    imp = commands.add_parser("import", help="nhập danh sách từ tệp Excel/CSV", add_help=False)
    imp.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    imp.add_argument(
        "register",
        choices=REGISTERS,
        help=(
            "sổ cần nhập (businesses: cơ sở kinh doanh; commitments: cam kết; inspections: lượt kiểm tra; "
            "cases: hồ sơ hỗ trợ; communication: tuyên truyền; training: tập huấn; status-changes: thay đổi "
            "trạng thái cơ sở; employees: người lao động ký cam kết; case-services: các lần hỗ trợ; "
            "follow-ups: các lần theo dõi hồ sơ; hotspots: tụ điểm; healthy-communes: xã, phường lành mạnh "
            "theo năm)"
        ),
    )
    imp.add_argument("file", type=Path, help="tệp .xlsx, .xls hoặc .csv")
    imp.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu có dữ liệu)")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    imp.add_argument("--json", action="store_true", help="in đúng một đối tượng JSON kết quả")

    exp = commands.add_parser("export", help="xuất danh sách ra tệp Excel", add_help=False)
    exp.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    exp.add_argument(
        "register",
        choices=REGISTERS,
        help="sổ cần xuất (cases, case-services, follow-ups: luôn có mật khẩu, lấy từ PCMD_FILE_PASSWORD "
        "hoặc hỏi khi chạy)",
    )
    exp.add_argument("file", type=Path, help="tệp .xlsx sẽ ghi")
    exp.add_argument("--force", action="store_true", help=FORCE_HELP)

    tpl = commands.add_parser("template", help="ghi tệp Excel mẫu trống để nhập", add_help=False)
    tpl.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    tpl.add_argument("register", choices=REGISTERS, help="sổ cần tệp mẫu")
    tpl.add_argument("file", type=Path, help="tệp .xlsx sẽ ghi")
    tpl.add_argument("--force", action="store_true", help=FORCE_HELP)

    forms = commands.add_parser(
        "forms", help="in bản cam kết, biên bản vi phạm hành chính điền sẵn ra tệp PDF", add_help=False
    )
    forms.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    forms.add_argument(
        "kind",
        choices=["commitments", "violation"],
        help="loại mẫu (commitments: bản cam kết của chủ cơ sở; violation: biên bản vi phạm hành chính)",
    )
    which = forms.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--missing-on",
        metavar="NGÀY",
        help="mọi cơ sở chưa có cam kết còn hiệu lực vào ngày này (dd/mm/yyyy)",
    )
    which.add_argument("--ids", metavar="ID,ID…", help="mã số các cơ sở, cách nhau bằng dấu phẩy")
    which.add_argument("--visit", metavar="ID", type=int, help="với violation: mã lượt kiểm tra có vi phạm")
    forms.add_argument("--pdf", type=Path, required=True, help="tệp PDF sẽ ghi")
    forms.add_argument("--date", metavar="NGÀY", help="ngày ghi trên bản cam kết (mặc định: hôm nay)")
    forms.add_argument("--force", action="store_true", help=FORCE_HELP)

    rep = commands.add_parser(
        "report", help="báo cáo định kỳ: Excel, PDF, gói số liệu gửi cấp trên", add_help=False
    )
    rep.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    span = rep.add_mutually_exclusive_group(required=True)
    span.add_argument("--period", metavar="KỲ", help=f"kỳ báo cáo: {PERIOD_CODE_HELP}")
    span.add_argument("--from", dest="date_from", metavar="NGÀY", help="từ ngày (dd/mm/yyyy), cùng với --to")
    rep.add_argument("--to", dest="date_to", metavar="NGÀY", help="đến ngày (dd/mm/yyyy)")
    _report_outputs(rep)

    con = commands.add_parser(
        "consolidate", help="tổng hợp gói số liệu (.json) hoặc báo cáo Excel của các đơn vị", add_help=False
    )
    con.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    con.add_argument("files", nargs="+", type=Path, help="các tệp .json hoặc .xlsx của đơn vị")
    con.add_argument("--period", metavar="KỲ", required=True, help=f"kỳ báo cáo: {PERIOD_CODE_HELP}")
    con.add_argument(
        "--newest-wins", action="store_true", help="đơn vị gửi hai lần: dùng tệp mới nhất thay vì loại cả hai"
    )
    _report_outputs(con)

    backup = commands.add_parser("backup", help="sao lưu dữ liệu (bản sao được kiểm tra)", add_help=False)
    backup.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    backup.add_argument(
        "--to",
        type=Path,
        metavar="THƯ_MỤC",
        help="thư mục nhận bản sao (mặc định: thư mục sao-luu cạnh dữ liệu)",
    )
    restore = commands.add_parser(
        "restore",
        help="khôi phục dữ liệu từ một bản sao lưu (quản trị; không đăng nhập chỉ khi dữ liệu hiện tại hỏng)",
        add_help=False,
    )
    restore.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    restore.add_argument("file", type=Path, help="tệp sao lưu (pcmd-….sqlite3)")
    check = commands.add_parser("check", help="kiểm tra tính toàn vẹn của dữ liệu", add_help=False)
    check.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    commands.add_parser(
        "recovery-key",
        help="nhập khóa khôi phục để mở dữ liệu mã hóa trên máy này (lấy từ PCMD_RECOVERY_KEY hoặc hỏi)",
    )
    commands.add_parser("encrypt", help="mã hóa tệp dữ liệu đang để thường (quản trị)")
    commands.add_parser("decrypt", help="bỏ mã hóa tệp dữ liệu, cho kỹ thuật viên (quản trị)")

    units = commands.add_parser(
        "units", help="đơn vị hành chính: sắp xếp địa bàn theo xã, phường mới (quản trị)", add_help=False
    )
    units.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    unit_actions = units.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=_Parser)
    convert = unit_actions.add_parser(
        "convert",
        help="chuyển các cơ sở từ xã, phường trước 1/7/2025 sang xã, phường theo danh mục 2025 (giữ lịch sử)",
    )
    convert.add_argument("--to", required=True, choices=["2025"], help="danh mục đích (2025)")
    convert.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    convert.add_argument("--json", action="store_true", help="in đúng một đối tượng JSON kết quả")
    convert.add_argument(
        "--choices",
        type=Path,
        metavar="TỆP.csv",
        help="lựa chọn cho cơ sở ở xã bị chia: CSV UTF-8, tiêu đề business_id,new_code",
    )
    convert.add_argument("--effective", metavar="NGÀY", help="ngày áp dụng (dd/mm/yyyy, mặc định 01/07/2025)")
    legal = commands.add_parser("legal", help="danh mục hành vi và khung phạt (căn cứ xử phạt)")
    legal_actions = legal.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=_Parser)
    legal_import = legal_actions.add_parser(
        "import", help="nhập danh mục cập nhật (tệp JSON, ví dụ do tỉnh gửi; quản trị)"
    )
    legal_import.add_argument("file", type=Path, help="tệp danh mục (.json)")
    legal_actions.add_parser("review", help="liệt kê các quyết định xử phạt đã ghi cần rà soát lại")

    demo = commands.add_parser("demo", help="điền dữ liệu mẫu để dùng thử", add_help=False)
    demo.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    demo.add_argument("--businesses", type=int, default=300, help="số cơ sở kinh doanh (mặc định 300)")
    demo.add_argument(
        "--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)"
    )
    demo.add_argument(
        "--force",
        action="store_true",
        help="điền cả vào cơ sở dữ liệu đã có dữ liệu thật (dữ liệu đó từ đây bị đánh dấu là dữ liệu mẫu)",
    )
    return parser


def _report_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--xlsx", type=Path, metavar="TỆP", help="ghi báo cáo Excel (kèm gói số liệu ẩn)")
    parser.add_argument("--pdf", type=Path, metavar="TỆP", help="ghi báo cáo PDF")
    parser.add_argument("--package", type=Path, metavar="TỆP", help="ghi gói số liệu .json gửi cấp trên")
    parser.add_argument("--json", action="store_true", help="in các chỉ tiêu dạng JSON")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def parse_args(argv: list[str]) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    if (args.skip_qt or args.report) and not args.self_test:
        print("Lỗi: --skip-qt và --report chỉ dùng cùng --self-test.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    if args.self_test and args.command is not None:
        print("Lỗi: --self-test không dùng cùng một lệnh.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    if getattr(args, "district", None) and not getattr(args, "province", None):
        print("Lỗi: --district cần đi kèm --province.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    if args.report:  # the self-test's own report may be written again, but never over the data
        try:
            check_output(args.report, ".txt", args.db or default_database(), force=True)
        except DomainError as err:
            print(f"Lỗi: {err.message}", file=sys.stderr)
            raise SystemExit(EXIT_USAGE) from None
    return args


def _setup(services: Services, args: argparse.Namespace) -> str:
    if args.office_kind:
        return _setup_kind(services, args)
    if args.unit is None:
        raise DomainError("Cần --unit (tên đơn vị ban hành) hoặc --office-kind xa|so-y-te|huyen-cu.")
    if args.communes_file is not None:
        try:
            text = args.communes_file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise DomainError(f"Không tìm thấy tệp danh sách xã, phường «{args.communes_file}».") from None
        except UnicodeDecodeError:
            raise DomainError("Tệp danh sách xã, phường phải là văn bản UTF-8.") from None
        except OSError:
            raise DomainError(f"Không đọc được tệp «{args.communes_file}».") from None
        communes = read_communes_file(text)
        jurisdiction = OfficeProfile(issuing_unit="", jurisdiction_kind=JURISDICTION_CUSTOM)
    else:
        jurisdiction, communes = services.office.jurisdiction_from_names(args.province, args.district)
    profile = OfficeProfile(
        issuing_unit=args.unit,
        parent_unit=args.parent or "",
        place_name=args.place or "",
        upward_recipient=args.recipient or "",
        signer_name=args.signer or "",
        signer_position=args.position or "",
        signer_authority=args.authority or "",
        document_symbol=args.symbol or "",
        jurisdiction_kind=jurisdiction.jurisdiction_kind,
        province_code=jurisdiction.province_code,
        province_name=jurisdiction.province_name,
        district_code=jurisdiction.district_code,
        district_name=jurisdiction.district_name,
    )
    services.office.setup(profile, communes)
    return f"Đã lưu hồ sơ đơn vị «{profile.issuing_unit.strip()}» với {len(communes)} xã, phường."


def _setup_kind(services: Services, args: argparse.Namespace) -> str:
    """`setup --office-kind`: the kind's preset from the bundled lists; flags given explicitly override it."""
    if args.communes_file is not None:
        raise DomainError("--office-kind lấy địa bàn từ danh mục: dùng --province thay cho --communes-file.")
    unit = args.commune if args.office_kind == OFFICE_KIND_COMMUNE else args.district
    if args.office_kind == OFFICE_KIND_HEALTH_DEPT and (args.commune or args.district):
        raise DomainError("Sở Y tế quản lý cả tỉnh: bỏ --commune/--district.")
    deputy = None if args.signed_by is None else args.signed_by == "pho"
    preset = services.office.office_preset_from_names(
        args.office_kind, args.province, unit or "", args.issuer, deputy, args.signer or ""
    )
    given = {
        "issuing_unit": args.unit,
        "parent_unit": args.parent,
        "place_name": args.place,
        "upward_recipient": args.recipient,
        "signer_position": args.position,
        "signer_authority": args.authority,
        "document_symbol": args.symbol,
    }
    profile = replace(preset.profile, **{k: v for k, v in given.items() if v is not None})
    services.office.setup(profile, list(preset.communes))
    return (
        f"Đã lưu hồ sơ đơn vị «{profile.issuing_unit}» ({OFFICE_KIND_LABELS[args.office_kind]}) "
        f"với {len(preset.communes)} xã, phường."
    )


def _demo(services: Services, args: argparse.Namespace) -> str:
    if args.businesses < 0 or args.businesses > 1_000_000:
        raise DomainError("Số cơ sở phải từ 0 đến 1.000.000.")
    started = time.perf_counter()
    created = services.demo.fill(args.businesses, args.seed, force=args.force)
    elapsed = time.perf_counter() - started
    return (
        f"Đã thêm {created:,} cơ sở mẫu trong {elapsed:.1f} giây.".replace(",", ".")
        + " Cơ sở dữ liệu này được đánh dấu là dữ liệu mẫu: mọi báo cáo và gói số liệu lập từ nó đều ghi rõ."
    )


def _units(services: Services, args: argparse.Namespace) -> str:
    """`units convert`: a preview (--dry-run), else the move in one transaction."""
    effective = parse_date(args.effective, "effective_on") if args.effective else None
    preview = services.units.preview_conversion(args.to, effective or REFORM_DATE)
    choices: dict[int, str] = {}
    if args.choices is not None:
        try:
            choices = read_choices_csv(args.choices.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise DomainError(f"Không tìm thấy tệp lựa chọn «{args.choices}».") from None
        except UnicodeDecodeError:
            raise DomainError("Tệp lựa chọn phải là văn bản UTF-8 (CSV).") from None
        except OSError:
            raise DomainError(f"Không đọc được tệp «{args.choices}».") from None
    missing = [row for row in preview.needs_choice if row.business_id not in choices]
    if args.dry_run or missing:
        if choices:
            check_choices(preview, choices, require_all=False)
        if args.json:
            print(json.dumps(preview.report(), ensure_ascii=False))
        else:
            print(
                f"Ngày áp dụng {preview.effective_on:%d/%m/%Y}: chuyển {preview.moved} cơ sở, giữ nguyên "
                f"{preview.unchanged}, {len(preview.needs_choice)} cơ sở cần chọn xã, phường mới; "
                f"{len(preview.ending)} xã, phường cũ kết thúc."
            )
            for row in preview.needs_choice:
                options = "; ".join(f"{c.code} {c.name}" for c in row.candidates[:8])
                more = f"; … ({len(row.candidates)} xã, phường)" if len(row.candidates) > 8 else ""
                where = f"Cơ sở mã {row.business_id} «{row.business_name}», {row.old_commune}"
                print(f"  {where}: {options or row.reason}{more}")
        if missing and not args.dry_run:
            raise DomainError(
                f"{len(missing)} cơ sở ở xã, phường bị chia cần chọn xã, phường mới: ghi lựa chọn vào tệp "
                "CSV (tiêu đề business_id,new_code) rồi chạy lại với --choices TỆP.csv. Chưa ghi gì."
            )
        return "" if args.json else "Chỉ xem trước: chưa ghi gì."
    result = services.units.apply_conversion(choices, preview.effective_on, expected=preview)
    if args.json:
        print(json.dumps(result.report(), ensure_ascii=False))
        return ""
    return (
        f"Đã chuyển {result.moved} cơ sở sang xã, phường mới từ ngày {preview.effective_on:%d/%m/%Y} "
        f"(giữ nguyên {result.unchanged}); thêm {result.communes_added} xã, phường mới vào địa bàn, "
        f"{result.communes_ended} xã, phường cũ được giữ lại cho lịch sử và báo cáo các kỳ trước."
    )


EXIT_UNREADABLE = 2


class _ExitCode(Exception):
    """A command that has printed its own output and wants a given exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _import(services: Services, args: argparse.Namespace) -> str:
    try:
        transfer = _transfer(services, args.register)
        preview = transfer.preview(args.file, args.sheet)
    except ImportFileError as err:
        print(f"Lỗi: {err.message}", file=sys.stderr)
        raise _ExitCode(EXIT_UNREADABLE) from None
    imported = 0 if args.dry_run else transfer.commit(preview)
    report = preview.report(imported)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for problem in preview.problems:
            print(f"Dòng {problem.row}: [{_SEVERITY[problem.severity]}] {problem.message}")
        action = "Sẽ nhập" if args.dry_run else "Đã nhập"
        print(
            f"{action} {len(preview.importable) if args.dry_run else imported} {NOUNS[args.register]}; "
            f"{report['warnings']} có cảnh báo, {report['duplicates']} trùng, {report['rejected']} lỗi "
            f"(đọc {report['rows_read']} dòng)."
        )
    raise _ExitCode(EXIT_ERROR if report["rejected"] else EXIT_OK)


_SEVERITY = {"error": "lỗi", "warning": "cảnh báo", "duplicate": "trùng"}


def _export(services: Services, args: argparse.Namespace) -> str:
    transfer = _transfer(services, args.register)
    if isinstance(transfer, CaseTransferService | CaseServiceTransferService | FollowUpTransferService):
        count = transfer.export(args.file, _file_password())
        return f"Đã xuất {count} {NOUNS[args.register]} ra «{args.file}» (chỉ mở được bằng mật khẩu)."
    count = transfer.export(args.file)
    return f"Đã xuất {count} {NOUNS[args.register]} ra «{args.file}»."


def _file_password() -> str:
    """The password of an exported list of personal data: PCMD_FILE_PASSWORD, else asked twice."""
    given = os.environ.get("PCMD_FILE_PASSWORD")
    if given:
        return given
    if not _interactive():
        raise DomainError("Danh sách hồ sơ chỉ xuất kèm mật khẩu: hãy đặt PCMD_FILE_PASSWORD.")
    first = getpass.getpass("Mật khẩu mở tệp: ")
    if getpass.getpass("Nhập lại mật khẩu mở tệp: ") != first:
        raise DomainError("Hai lần nhập mật khẩu không giống nhau.")
    return first


def _template(services: Services, args: argparse.Namespace) -> str:
    _transfer(services, args.register).write_template(args.file)
    return f"Đã ghi tệp mẫu «{args.file}»."


def _forms(services: Services, args: argparse.Namespace) -> str:
    if (args.kind == "violation") != (args.visit is not None):
        raise ValidationError(
            "Biên bản vi phạm hành chính in theo lượt kiểm tra: dùng «forms violation --visit MÃ_LƯỢT»; "
            "bản cam kết in theo cơ sở: «forms commitments --ids …» hoặc «--missing-on …».",
            "visit",
        )
    if args.kind == "violation":
        services.inspections.print_violation_records(args.pdf, [args.visit])
        return f"Đã tạo biên bản vi phạm hành chính trong «{args.pdf}»."
    form_date = parse_date(args.date, "date") if args.date else None
    if args.missing_on:
        day = parse_date(args.missing_on, "missing_on")
        assert day is not None
        ids = services.commitments.missing_on(day)
    else:
        try:
            ids = [int(part) for part in args.ids.split(",") if part.strip()]
        except ValueError:
            raise ValidationError("--ids cần các mã số cơ sở, cách nhau bằng dấu phẩy.", "ids") from None
    if not ids:
        return "Không có cơ sở nào cần in bản cam kết; không ghi tệp."
    count = services.commitments.print_owner_forms(args.pdf, ids, form_date)
    return f"Đã tạo {count} bản cam kết trong «{args.pdf}»."


def _report_period(args: argparse.Namespace) -> Period:
    if args.period:
        if args.date_to:
            raise ValidationError("--to chỉ dùng cùng với --from, không dùng cùng --period.", "to")
        return parse_period(args.period)
    start = parse_date(args.date_from, "from")
    end = parse_date(args.date_to, "to") if args.date_to else None
    if start is None or end is None:
        raise ValidationError("Cần cả --from và --to (dd/mm/yyyy).", "to")
    period = Period(start, end)
    period.check()
    return period


def _write_report(services: Services, report: Report, args: argparse.Namespace) -> list[str]:
    lines = []
    if args.xlsx:
        lines.append(f"Đã ghi báo cáo Excel «{services.reports.write_xlsx(report, args.xlsx)}».")
    if args.pdf:
        lines.append(f"Đã ghi báo cáo PDF «{services.reports.write_pdf(report, args.pdf)}».")
    if args.package:
        lines.append(f"Đã ghi gói số liệu «{services.reports.write_package(report, args.package)}».")
    if lines and report.demo:
        lines.append(f"Lưu ý: {DEMO_MARK}.")
    return lines


def _print_json(data: dict[str, Any], written: list[str]) -> None:
    """stdout carries the JSON object alone; what was written goes to stderr."""
    print(json.dumps(data, ensure_ascii=False))
    for line in written:
        print(line, file=sys.stderr)


def _report_json(report: Report) -> dict[str, Any]:
    period = report.period
    return {
        "unit": report.unit.name,
        "period": {"code": period.code, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "indicators": report.values.flat(),
        "demo": report.demo,
    }


def _report(services: Services, args: argparse.Namespace) -> str:
    report = services.reports.report(_report_period(args))
    lines = _write_report(services, report, args)
    if args.json:
        _print_json(_report_json(report), lines)
        return ""
    if not lines:
        values = report.values
        lines.append(f"{report.period.label} ({report.period.text}):")
        if report.demo:
            lines.append(f"  {DEMO_MARK}")
        lines += [
            f"  {INDICATORS[i].label}: {format_value(values.value(i), INDICATORS[i].unit)}"
            for i in INDICATORS
            if i != "services_by_kind"
        ]
    return "\n".join(lines)


def _consolidate(services: Services, args: argparse.Namespace) -> str:
    result = services.reports.consolidate(args.files, parse_period(args.period), args.newest_wins)
    # nothing usable: no file is written, so an empty report can never go upward by mistake
    lines = _write_report(services, result.report, args) if result.included else []
    if args.json:
        data = _report_json(result.report)
        data["units"] = [
            {"name": unit.name, "kind": unit.kind, "code": unit.code, "list": unit.unit_list, "file": name}
            for unit, name in result.included
        ]
        data["missing"] = result.missing
        data["rejected"] = [{"file": r.file_name, "reason": r.reason} for r in result.rejected]
        _print_json(data, lines)
        lines = []
    else:
        lines.insert(0, f"Tổng hợp {len(result.included)} đơn vị cho {result.report.period.label}.")
        lines += [f"  Thiếu: {name}" for name in result.missing]
        lines += [f"  Loại: {r.file_name}: {r.reason}" for r in result.rejected]
    if not result.included:
        if lines:
            print("\n".join(lines))
        print("Lỗi: không có tệp nào dùng được; không ghi tệp báo cáo.", file=sys.stderr)
        raise _ExitCode(EXIT_ERROR)
    return "\n".join(lines)


def _backup(services: Services, args: argparse.Namespace) -> str:
    path = services.backup.backup_now(args.to)
    return f"Đã sao lưu vào «{path}» (bản sao đã được kiểm tra)."


def _users(services: Services, args: argparse.Namespace) -> str:
    if args.action == "passwd":
        account = services.users.current()
        services.users.change_own_password(args.current_password, _new_password())
        return f"Đã đổi mật khẩu của «{account.username if account else ''}»."
    if args.action == "list":
        lines = [f"{'Tên đăng nhập':<20} {'Họ và tên':<28} {'Vai trò':<14} Tình trạng"]
        for account in services.users.accounts():
            state = "hoạt động" if account.active else "đã vô hiệu hóa"
            if account.must_change_password:
                state += ", phải đổi mật khẩu"
            lines.append(f"{account.username:<20} {account.full_name:<28} {account.role_label:<14} {state}")
        return "\n".join(lines)
    if args.action == "add":
        password = _new_password()
        data = UserInput(args.username, args.name, ROLE_CHOICES[args.role], password)
        services.users.add(data)
        return (
            f"Đã thêm tài khoản «{normalise_username(args.username)}»; người dùng đổi mật khẩu khi đăng nhập."
        )
    user_id = _user_id(services, args.username)
    if args.action == "reset-password":
        services.users.reset_password(user_id, _new_password())
        return f"Đã đặt lại mật khẩu của «{args.username}»; người dùng đổi mật khẩu khi đăng nhập."
    services.users.set_active(user_id, args.action == "enable")
    verb = "cho hoạt động lại" if args.action == "enable" else "vô hiệu hóa"
    return f"Đã {verb} tài khoản «{args.username}»."


def _user_id(services: Services, username: str) -> int:
    name = normalise_username(username)
    for account in services.users.accounts():
        if account.username == name:
            return account.id
    raise DomainError(f"Không có tài khoản «{name}».")


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _new_password() -> str:
    """The password for a new or reset account: PCMD_NEW_PASSWORD, else asked twice."""
    given = os.environ.get("PCMD_NEW_PASSWORD")
    if given:
        return given
    if not _interactive():
        raise DomainError("Hãy đặt mật khẩu mới trong biến môi trường PCMD_NEW_PASSWORD.")
    first = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại mật khẩu mới: ") != first:
        raise DomainError("Hai lần nhập mật khẩu không giống nhau.")
    return first


def _credentials() -> tuple[str, str]:
    """User and password from PCMD_USER / PCMD_PASSWORD, else asked (the password is not echoed)."""
    username = os.environ.get("PCMD_USER", "")
    password = os.environ.get("PCMD_PASSWORD", "")
    if (not username or not password) and not _interactive():
        raise DomainError("Cần đăng nhập: hãy đặt PCMD_USER và PCMD_PASSWORD (tên đăng nhập và mật khẩu).")
    if not username:
        username = input("Tên đăng nhập: ")
    if not password:
        password = getpass.getpass("Mật khẩu: ")
    return username, password


def _sign_in(services: Services, args: argparse.Namespace) -> bool:
    """Every command that opens the data signs in first. On a database without any account, `setup` and
    `demo` create the first administrator from the same credentials (then True)."""
    if not services.users.has_accounts():
        if args.command not in ("setup", "demo"):
            raise DomainError(
                "Cơ sở dữ liệu chưa có tài khoản nào: hãy chạy «setup» (hoặc mở chương trình) để tạo tài "
                "khoản quản trị đầu tiên."
            )
        username, password = _credentials()
        name = getattr(args, "admin_name", "") or "Quản trị viên"
        services.users.create_first_admin(UserInput(username, name, ROLE_ADMIN, password))
        print(f"Đã tạo tài khoản quản trị «{normalise_username(username)}».")
        _show_recovery_key(services.recovery_key)
        services.users.sign_in(username, password)
        return True
    username, password = _credentials()
    account = services.users.sign_in(username, password)
    if args.command == "users" and args.action == "passwd":
        args.current_password = password  # the old password that `users passwd` must give again
    elif account.must_change_password:
        raise DomainError(
            f"Tài khoản «{account.username}» phải đổi mật khẩu trước khi làm việc: hãy chạy «users passwd» "
            "(mật khẩu mới lấy từ PCMD_NEW_PASSWORD hoặc được hỏi), hoặc mở chương trình và đăng nhập."
        )
    return False


def _show_recovery_key(text: str | None) -> None:
    if text is None:
        return
    print(
        "Dữ liệu được mã hóa. KHÓA KHÔI PHỤC (chỉ hiện một lần: hãy in hoặc chép lại và cất nơi an toàn; "
        "cần khóa này để mở dữ liệu và bản sao lưu trên máy khác):"
    )
    print(f"    {text}")


def _recovery_key(args: argparse.Namespace) -> int:
    text = os.environ.get("PCMD_RECOVERY_KEY", "")
    if not text:
        if not _interactive():
            raise DomainError("Hãy đặt khóa khôi phục trong biến môi trường PCMD_RECOVERY_KEY.")
        text = getpass.getpass("Khóa khôi phục: ")
    install_recovery_key(args.db or default_database(), text)
    print("Đã lưu khóa cho máy này: dữ liệu mở được như bình thường.")
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    """`encrypt` / `decrypt`: an administrator signs in, then the file is converted with the data closed."""
    target = args.db or default_database()
    is_encrypted(target)  # a missing file or a server: a clear message, and no new file
    services = open_services(target, encrypt_new=False)
    try:
        _sign_in(services, args)
        services.db.require(PERM_ADMIN)
        already = services.encrypted
        if args.command == "decrypt" and not already:
            raise DomainError("Dữ liệu chưa được mã hóa.")
        _sign_out_quietly(services)
    finally:
        services.close()
    if args.command == "encrypt" and already:  # scans an earlier run could not encrypt are tried again
        done, left = encrypt_remaining_scans(target)
        if not done and not left:
            raise DomainError("Dữ liệu đã được mã hóa.")
        if done:
            print(f"Dữ liệu đã được mã hóa; đã mã hóa thêm {done} bản chụp còn để thường.")
        _warn_scans_left(left, "mã hóa")
        return EXIT_ERROR if left else EXIT_OK
    if args.command == "encrypt":
        result = encrypt_database(target)
        print("Đã mã hóa tệp dữ liệu.")
        _show_recovery_key(result.recovery_key)
        if result.plain_copies:
            print(
                f"{result.plain_copies} bản sao của dữ liệu (bản sao lưu trong thư mục sao-luu, bản sao "
                "trước khi nâng cấp *.truoc-nang-cap-*) vẫn để thường, không mã hóa: hãy xóa chúng khi không "
                "còn cần."
            )
        _warn_scans_left(result.scans_left, "mã hóa")
    else:
        left = decrypt_database(target)
        print("Đã bỏ mã hóa tệp dữ liệu. Tệp khóa được giữ lại để mở các bản sao lưu đã mã hóa.")
        _warn_scans_left(left, "bỏ mã hóa")
    return EXIT_OK


def _warn_scans_left(names: list[str], what: str) -> None:
    if names:
        print(
            f"Chưa {what} được {len(names)} bản chụp (tệp hỏng hoặc đang được chương trình khác mở): "
            f"{', '.join(names)}. Các bản chụp này vẫn mở được; hãy đóng chương trình đang mở chúng rồi chạy "
            "lại lệnh (hoặc dùng lệnh check để tìm tệp hỏng)."
        )


def _restore(args: argparse.Namespace, target: str | os.PathLike[str]) -> int:
    """When the current data opens, an administrator signs in on it first; when it cannot be opened (the
    emergency), the restore runs without a sign-in. The restored data's change log records either."""
    emergency = why_not_opened(target)
    actor = None
    if emergency is None:
        services = open_services(target)
        try:
            _sign_in(services, args)
            actor = services.db.require(PERM_ADMIN)
            _sign_out_quietly(services)
        finally:
            services.close()
    else:
        print(
            f"Dữ liệu hiện tại không mở được ({emergency}): khôi phục không cần đăng nhập; việc này được ghi "
            "vào nhật ký thay đổi của dữ liệu khôi phục."
        )
    safety = restore_database(target, args.file, actor=actor)
    kept = f" Dữ liệu trước khi khôi phục được giữ ở «{safety}»." if "truoc-khoi-phuc" in safety.name else ""
    print(f"Đã khôi phục từ «{args.file}».{kept}")
    return EXIT_OK


def _without_opening(args: argparse.Namespace) -> int:
    """`check` and `restore` read the file without opening it for work: it may be the damaged one."""
    target = args.db or default_database()
    if args.command == "restore":
        return _restore(args, target)
    problems = check_database(target)
    if not problems:
        services = open_services(target, actor=SYSTEM)  # reads the log's hashes and the scans' names only
        try:
            chain = services.audit.problems()
            scans = services.commitments.scan_problems()
        finally:
            services.close()
        for problem in chain + scans:
            print(f"Lỗi: {problem}")
        if chain:
            print("Nhật ký thay đổi không còn nguyên vẹn: hãy báo cho quản trị viên.")
        if scans:
            print(
                "Hãy chép lại các bản chụp từ thư mục attachments của bản sao lưu (sao-luu\\attachments) "
                "vào thư mục attachments bên cạnh tệp dữ liệu."
            )
        if chain or scans:
            return EXIT_ERROR
    if problems:
        for problem in problems:
            print(f"Lỗi: {problem}")
        print("Hãy khôi phục từ bản sao lưu gần nhất: python -m desktop_app restore TỆP")
        return EXIT_ERROR
    print("Dữ liệu nguyên vẹn; nhật ký thay đổi không bị sửa hay xóa; các bản chụp đầy đủ.")
    return EXIT_OK


def _legal(services: Services, args: argparse.Namespace) -> str:
    inspections = services.inspections
    if args.action == "import":
        counts = inspections.import_legal_catalogue(args.file)
        return (
            f"Đã nhập danh mục phiên bản {inspections.legal_catalogue_version()}: "
            f"{counts['added']} hành vi mới, {counts['updated']} cập nhật, {counts['retired']} thôi áp dụng."
        )
    reviews = inspections.penalty_reviews()
    if not reviews:
        return (
            f"Không có quyết định xử phạt nào cần rà soát (danh mục {inspections.legal_catalogue_version()})."
        )
    lines = [f"{len(reviews)} quyết định xử phạt cần rà soát (dữ liệu không bị thay đổi):"]
    for review in reviews:
        v = review.visit
        lines.append(f"• {format_date(v.visit_date)} – {v.business_name} – QĐ {v.decision_number or '…'}")
        lines.extend(f"    {problem}" for problem in review.problems)
    return "\n".join(lines)


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {
    "backup": _backup,
    "setup": _setup,
    "demo": _demo,
    "import": _import,
    "export": _export,
    "template": _template,
    "forms": _forms,
    "report": _report,
    "consolidate": _consolidate,
    "users": _users,
    "units": _units,
    "legal": _legal,
}


def run(args: argparse.Namespace) -> int:
    """Run one command; prints the outcome. Returns the exit code."""
    services: Services | None = None
    saved_before = -1  # the commits of the command itself start after this many (-1: not known)
    try:
        if args.command in ("check", "restore"):
            return _without_opening(args)
        if args.command == "recovery-key":
            return _recovery_key(args)
        if args.command in ("encrypt", "decrypt"):
            return _convert(args)
        _check_outputs(args)  # before anything is opened or written
        services = open_services(args.db or default_database())
        created_admin = _sign_in(services, args)
        saved_before = 0 if created_admin else services.db.commits  # a sign-in's log entry is no change
        output = COMMANDS[args.command](services, args)
        if output:
            print(output)
        return EXIT_OK
    except _ExitCode as done:
        return done.code
    except ValidationErrors as err:
        print("Lỗi: " + " ".join(err.errors.values()), file=sys.stderr)
        return EXIT_ERROR
    except DomainError as err:
        print(f"Lỗi: {err.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"Đã dừng theo yêu cầu; {_what_was_saved(services, saved_before)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:  # the last line of defence: never a traceback in a clerk's face
        logged = _log_unexpected(err)
        where = f" Chi tiết kỹ thuật đã được ghi vào «{logged}»." if logged is not None else ""
        print(
            f"Lỗi không mong đợi ({type(err).__name__}); {_what_was_saved(services, saved_before)}{where}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        if services is not None:
            _sign_out_quietly(services)
            services.close()


def _outputs(args: argparse.Namespace) -> list[tuple[Path, str]]:
    """The files the command will write, with the extension each must have."""
    if args.command in ("export", "template"):
        return [(args.file, ".xlsx")]
    if args.command == "forms":
        return [(args.pdf, ".pdf")]
    if args.command in ("report", "consolidate"):
        given = [(args.xlsx, ".xlsx"), (args.pdf, ".pdf"), (args.package, ".json")]
        return [(path, extension) for path, extension in given if path is not None]
    return []


def _check_outputs(args: argparse.Namespace) -> None:
    """Every file a command writes goes through here first. Raises OutputPathError."""
    if args.command == "forms" and args.pdf.suffix.lower() != ".pdf":  # `--pdf cam-ket` writes cam-ket.pdf
        args.pdf = args.pdf.with_name(args.pdf.name + ".pdf")
    for path, extension in _outputs(args):
        check_output(path, extension, args.db or default_database(), args.force)


def _what_was_saved(services: Services | None, saved_before: int) -> str:
    """What is known to be true of the data after a command stopped half way."""
    if services is None or saved_before < 0:
        return (
            "không rõ thao tác đã làm được đến đâu: hãy chạy lệnh «check» để kiểm tra dữ liệu trước khi làm "
            "tiếp."
        )
    if services.db.commits == saved_before:
        return "dữ liệu chưa bị thay đổi."
    return (
        "một phần thao tác đã được lưu trước khi dừng: hãy xem lại dữ liệu (và nhật ký thay đổi) trước khi "
        "chạy lại lệnh."
    )


def _log_unexpected(err: BaseException) -> Path | None:
    """The error's type and where it happened, appended to the app's log file (never its text, which can
    carry a row's values: names, ID numbers). Returns the log file, or None when it cannot be written."""
    text = f"{type(err).__name__}\n" + "".join(traceback.format_tb(err.__traceback__))
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            stamp = datetime.now().isoformat(sep=" ", timespec="seconds")
            log.write(f"{stamp} ERROR desktop_app.cli: Unexpected error in a command: {text}")
    except OSError:
        return None
    return path


def _sign_out_quietly(services: Services) -> None:
    with contextlib.suppress(DomainError):  # the command's own outcome is what the user needs to see
        services.users.sign_out()
