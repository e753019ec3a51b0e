"""`setup`: the office's profile and its communes, without the setup wizard."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import (
    JURISDICTION_CUSTOM,
    OFFICE_KIND_COMMUNE,
    OFFICE_KIND_HEALTH_DEPT,
    OFFICE_KINDS,
    OfficeProfile,
)
from desktop_app.domain.office_kinds import ISSUER_COMMITTEE, ISSUERS, OFFICE_KIND_LABELS
from desktop_app.services.app_services import Services
from desktop_app.services.office import read_communes_file


def add_parsers(commands: Any) -> None:
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


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {"setup": _setup}
