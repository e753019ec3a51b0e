"""The change log as a hash chain: each entry's hash covers the previous entry's hash and its own fields, and
a head (count, last hash) is kept apart, so that editing, deleting or cutting off entries is detected."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain import activities, businesses, cases, inspections, reviews
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.security import ROLE_LABELS
from desktop_app.domain.text import format_vnd

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    entity: str
    entity_id: int
    action: str
    changes: str
    at: datetime
    actor: str
    hash: str | None = None


@dataclass(frozen=True, slots=True)
class ChainHead:
    count: int = 0
    last_hash: str = GENESIS


def entry_hash(previous: str, entry: LogEntry) -> str:
    """SHA-256 over the previous hash and the entry's fields in a fixed canonical form."""
    payload = json.dumps(
        [
            previous,
            entry.id,
            entry.entity,
            entry.entity_id,
            entry.action,
            entry.changes,
            entry.at.isoformat(timespec="microseconds"),
            entry.actor,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def extend(head: ChainHead, entries: Iterable[LogEntry]) -> tuple[list[tuple[int, str]], ChainHead]:
    """Hashes for new entries (in id order) chained after `head`: the (id, hash) pairs and the new head."""
    hashes: list[tuple[int, str]] = []
    last, count = head.last_hash, head.count
    for entry in entries:
        last = entry_hash(last, entry)
        count += 1
        hashes.append((entry.id, last))
    return hashes, ChainHead(count, last)


def chain_problems(
    entries: Iterable[LogEntry], head: ChainHead, anchor: ChainHead | None = None, anchor_name: str = ""
) -> list[str]:
    """Why the log is not intact, one Vietnamese line each (at most 20); empty when it is.

    An edited entry no longer matches its hash; a deleted entry breaks the link of the one after it; entries
    cut off the end leave fewer entries, or another last hash, than the head records. `anchor` is the head
    kept outside the database (in the file `anchor_name`): the log must still reach it, entry for entry, so
    the whole log deleted or cut off together with the head inside the file is found too.
    """
    problems: list[str] = []
    last, count = GENESIS, 0
    anchored = anchor is None or anchor.count == 0
    for entry in entries:
        expected = entry_hash(last, entry)
        if entry.hash is None:
            problems.append(f"Mục nhật ký số {entry.id} chưa được niêm phong.")
        elif entry.hash != expected:
            problems.append(
                f"Mục nhật ký số {entry.id} không khớp: mục này hoặc mục ngay trước nó đã bị sửa hoặc xóa."
            )
        last, count = entry.hash or expected, count + 1
        if anchor is not None and count == anchor.count:
            anchored = last == anchor.last_hash
            if not anchored:
                problems.append(
                    f"Mục nhật ký thứ {count} không khớp với điểm cuối ghi bên ngoài dữ liệu "
                    f"(tệp «{anchor_name}»): nhật ký đã bị viết lại."
                )
                anchored = True  # said once
        if len(problems) >= 20:
            problems.append("… và có thể còn nữa.")
            return problems
    if not anchored and anchor is not None:
        problems.insert(
            0,
            f"Nhật ký có {count} mục, ít hơn {anchor.count} mục đã ghi bên ngoài dữ liệu "
            f"(tệp «{anchor_name}»): nhật ký đã bị xóa hoặc cắt bớt.",
        )
    if count < head.count:
        problems.append(f"Nhật ký có {count} mục, ít hơn {head.count} mục đã ghi: các mục cuối đã bị xóa.")
    elif count > head.count or last != head.last_hash:
        problems.append("Điểm cuối của nhật ký không khớp với bản ghi kiểm soát: nhật ký đã bị sửa.")
    return problems


# ---- Reading the log: the administrator's audit page -------------------------------------------------------

ENTITY_LABELS = {
    "business": "Cơ sở kinh doanh",
    "commitment": "Cam kết",
    "employee": "Người lao động",
    "inspection_round": "Đợt kiểm tra",
    "inspection_visit": "Lượt kiểm tra",
    "hotspot": "Tụ điểm",
    "legal_basis": "Căn cứ pháp lý",
    "review_round": "Đợt rà soát",
    "office": "Hồ sơ đơn vị",
    "setting": "Cài đặt",
    "user": "Tài khoản",
    "export": "Xuất tệp",
    "backup": "Dữ liệu (sao lưu, khôi phục)",
    "demo": "Dữ liệu mẫu",
    "case": "Hồ sơ hỗ trợ",
    "communication_event": "Tuyên truyền",
    "training_class": "Lớp tập huấn",
    "healthy_status": "Xã, phường lành mạnh",
    "issued_report": "Báo cáo đã ban hành",
}
ACTION_LABELS = {
    "create": "Thêm",
    "update": "Sửa",
    "save": "Lưu",
    "status": "Đổi trạng thái",
    "void": "Đánh dấu nhập nhầm",
    "restore": "Khôi phục",
    "fill": "Điền dữ liệu mẫu",
    "import": "Nhập từ tệp",
    "attach": "Đính kèm bản chụp",
    "counts": "Số lao động, số đã ký",
    "review": "Rà soát",
    "close": "Kết thúc",
    "communes": "Danh sách xã, phường",
    "units_convert": "Sắp xếp địa bàn theo đơn vị hành chính mới",
    "business_types": "Danh mục loại hình",
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "locked": "Tạm khóa tài khoản",
    "logout": "Đăng xuất",
    "password": "Đổi mật khẩu",
    "enable": "Kích hoạt lại",
    "disable": "Vô hiệu hóa",
    "export": "Xuất tệp",
    "backup": "Sao lưu",
    "view_identity": "Xem nhân thân",
    "update_identity": "Sửa nhân thân",
    "service": "Ghi hỗ trợ",
    "repayment": "Ghi trả nợ",
    "plan_follow_up": "Lên lịch theo dõi",
    "follow_up": "Ghi đã theo dõi",
    "deidentify": "Xóa nhân thân",
    "consent": "Ghi nhận đồng ý xử lý dữ liệu",
    "withdraw_consent": "Rút lại sự đồng ý",
    "issue": "Ban hành báo cáo",
}
FIELD_LABELS = {
    "backup": "Bản sao lưu",
    "backup_modified": "Thời điểm của tệp",
    "safety_copy": "Bản giữ lại trước khi khôi phục",
    "emergency": "Khẩn cấp",
    "businesses": "Số cơ sở",
    "visits": "Số lượt kiểm tra",
    "events": "Số buổi tuyên truyền",
    "seed": "Hạt giống",
    "force": "Trộn vào dữ liệu có sẵn",
    "name": "Tên",
    "type_id": "Loại hình (mã)",
    "commune_id": "Xã, phường (mã)",
    "address": "Địa chỉ",
    "owner_name": "Chủ cơ sở",
    "owner_id_number": "Số CCCD",
    "owner_phone": "Điện thoại",
    "owner_birth_date": "Ngày sinh chủ cơ sở",
    "owner_residence": "Nơi cư trú của chủ cơ sở",
    "registration_number": "Số ĐKKD",
    "registration_date": "Ngày cấp ĐKKD",
    "sub_licences": "Giấy phép con",
    "rooms": "Số phòng",
    "employees_total": "Số lao động",
    "employees_female": "Lao động nữ",
    "complex_area": "Địa bàn phức tạp",
    "notes": "Ghi chú",
    "status": "Trạng thái",
    "effective_on": "Ngày hiệu lực",
    "reason": "Lý do",
    "kind": "Loại",
    "rows": "Số dòng",
    "format": "Định dạng",
    "role": "Vai trò",
    "username": "Tên đăng nhập",
    "by": "Người đặt",
    "until": "Khóa đến",
    "in_use": "Đang dùng",
    "listed": "Tổng số",
    "employees": "Số lao động",
    "signed": "Số đã ký",
    "outcome": "Kết quả",
    "round": "Đợt",
    "title": "Tên đợt",
    "attachment_id": "Bản chụp (mã)",
    "business_id": "Cơ sở (mã)",
    "idle_minutes": "Tự khóa sau (phút)",
    "code": "Mã hồ sơ",
    "service": "Lần hỗ trợ (mã)",
    "planned_on": "Ngày dự kiến",
    "done_on": "Ngày theo dõi",
    "retention_years": "Giữ nhân thân (năm)",
    "no_contact_days": "Báo lâu không liên lạc (ngày)",
    "annual_pct": "Chỉ tiêu hằng năm (%)",
    "programme_start": "Năm bắt đầu chương trình",
    "validity": "Thời hạn cam kết",
    "eliminated_on": "Ngày xóa bỏ",
    "issuing_unit": "Đơn vị",
    "parent_unit": "Cơ quan chủ quản",
    "place_name": "Địa danh",
    "upward_recipient": "Nơi nhận báo cáo",
    "signer_name": "Người ký",
    "signer_position": "Chức vụ người ký",
    "signer_authority": "Thẩm quyền ký",
    "document_symbol": "Ký hiệu văn bản",
    "jurisdiction_kind": "Kiểu địa bàn",
    "province_code": "Mã tỉnh",
    "province_name": "Tỉnh",
    "district_code": "Mã huyện",
    "district_name": "Huyện",
    "held_on": "Ngày tổ chức",
    "form": "Hình thức",
    "participants": "Số người tham gia",
    "year": "Năm",
    "registered": "Đăng ký",
    "recognised": "Được công nhận",
    "decision_number": "Số quyết định",
    "amount_vnd": "Số tiền",
    "fine_vnd": "Tiền phạt",
    "visit_date": "Ngày kiểm tra",
    "result": "Kết quả",
    "follows_up": "Hậu kiểm cho lượt (mã)",
    "plan_number": "Số kế hoạch",
    "valid_to": "Hiệu lực đến",
    "round_id": "Đợt (mã)",
    "reference": "Căn cứ",
    "intake_date": "Ngày tiếp nhận",
    "referral_source": "Nguồn giới thiệu",
    "needs": "Nhu cầu",
    "consent_on": "Ngày đồng ý",
    "consent_way": "Cách đồng ý",
    "withdrawn_on": "Ngày rút lại đồng ý",
    "withdrawal_way": "Cách rút lại",
    "assigned_worker": "Cán bộ phụ trách",
    "close_reason": "Lý do đóng",
    "report_template": "Mẫu báo cáo",
    "report_expected_units": "Số đơn vị phải báo cáo",
    "commitment_validity": "Thời hạn cam kết",
    "issued_number": "Số văn bản",
    "issued_on": "Ngày ban hành",
    "period": "Kỳ báo cáo",
    "replaces": "Thay thế báo cáo số",
    "pdf_sha256": "Mã kiểm tra tệp PDF",
}
VALUE_LABELS = {
    "self": "chính người dùng",
    "admin": "quản trị viên",
    "businesses": "danh sách cơ sở",
    "commitments": "danh sách cam kết",
    "inspection_visits": "danh sách lượt kiểm tra",
    "inspection_minutes": "biên bản kiểm tra",
    "violation_records": "biên bản vi phạm hành chính",
    "owner_commitment_forms": "bản cam kết của chủ cơ sở",
    "employee_commitment_forms": "bản cam kết của người lao động",
    "audit_log": "nhật ký",
    "cases": "danh sách hồ sơ hỗ trợ (có mật khẩu)",
    "consent_notice": "thông báo xử lý dữ liệu cá nhân",
    "database": "toàn bộ dữ liệu",
    "communication_events": "danh sách tuyên truyền",
    "training_classes": "danh sách lớp tập huấn",
    "status_changes": "danh sách thay đổi trạng thái cơ sở",
    "employees": "danh sách người lao động ký cam kết",
    "case_services": "danh sách các lần hỗ trợ (có mật khẩu)",
    "case_follow_ups": "danh sách các lần theo dõi hồ sơ (có mật khẩu)",
    "hotspots": "danh sách tụ điểm",
    "healthy_statuses": "danh sách xã, phường lành mạnh",
    "conference": "hội nghị",
    "loudspeaker": "loa truyền thanh",
    "panel": "pa-nô, áp phích",
    "leaflet": "tờ rơi",
    "performance": "văn nghệ",
    "online": "trực tuyến",
    "quan_tri": "Quản trị",
    "can_bo": "Cán bộ",
    "can_bo_ho_tro": "Cán bộ hỗ trợ",
    "lanh_dao": "Lãnh đạo",
}
# Codes that mean something only for one field: the label the clerk knows them by.
FIELD_VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {**businesses.STATUS_LABELS, **cases.STATUS_LABELS},
    "kind": {**cases.SERVICE_LABELS, **inspections.KIND_LABELS},
    "result": inspections.RESULT_LABELS,
    "outcome": reviews.OUTCOMES,
    "form": activities.FORM_LABELS,
    "consent_way": cases.CONSENT_WAYS,
    "withdrawal_way": cases.WITHDRAWAL_WAYS,
    "role": ROLE_LABELS,
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
FAILURE_REASONS = {
    "password": "sai mật khẩu",
    "unknown": "không có tên đăng nhập này",
    "disabled": "tài khoản đã vô hiệu hóa",
    "locked": "tài khoản đang tạm khóa",
}


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the administrator narrows the log to; None means any. `date_to` is inclusive."""

    actor: str | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def validate(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationErrors({"date_to": "Ngày cuối phải sau hoặc bằng ngày đầu."})


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    entity: str
    entity_id: int
    action: str
    changes: str

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def detail(self) -> str:
        return describe_changes(self.changes)


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: list[AuditRow]
    total: int  # how many entries match; `rows` holds the newest of them


def describe_value(field: str, value: object) -> str:
    """One logged value as the clerk reads it: a code by its label, money as '5.000.000 đ', a date as
    dd/mm/yyyy (with the time, when there is one), yes/no in words, a missing value as '∅'."""
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int) and field.endswith("_vnd"):
        return format_vnd(value)
    if isinstance(value, str):
        labels = FIELD_VALUE_LABELS.get(field, {})
        if value in labels:
            return labels[value]
        if _ISO_DATE.match(value):
            return format_date(date.fromisoformat(value))
        if _ISO_DATETIME.match(value):
            return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
        return VALUE_LABELS.get(value, value)
    return str(value)


def describe_changes(changes: str) -> str:
    """The JSON of an entry as one readable line: `field: old → new; other: value`."""
    try:
        data = json.loads(changes) if changes else {}
    except ValueError:
        return changes
    if not isinstance(data, dict):
        return str(data)
    parts: list[str] = []
    for field, value in data.items():
        label = FIELD_LABELS.get(field, field)
        if field == "reason" and value in FAILURE_REASONS:
            parts.append(FAILURE_REASONS[str(value)])
        elif isinstance(value, dict) and set(value) == {"old", "new"}:
            parts.append(
                f"{label}: {describe_value(field, value['old'])} → {describe_value(field, value['new'])}"
            )
        else:
            parts.append(f"{label}: {describe_value(field, value)}")
    return "; ".join(parts)
