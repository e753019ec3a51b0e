"""First-run wizard: the first administrator, then office profile, jurisdiction and business types."""

from __future__ import annotations

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.forms import authority_problem
from desktop_app.domain.office import DEFAULT_BUSINESS_TYPES, validate_business_types, validate_communes
from desktop_app.domain.office_kinds import OfficePreset
from desktop_app.services.office import OfficeService
from desktop_app.services.users import UserService
from desktop_app.ui.dialogs.account_dialogs import AdminAccountForm
from desktop_app.ui.dialogs.recovery_key import RecoveryKeyPanel
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.office_forms import (
    CommuneEditor,
    JurisdictionPicker,
    OfficeKindPicker,
    ProfileForm,
    TypeCatalogEditor,
)


class _AccountPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Tài khoản quản trị"))
        self.setSubTitle(self.tr("Người quản trị tạo tài khoản cho các cán bộ khác sau khi thiết lập xong."))
        self.form = AdminAccountForm(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def validatePage(self) -> bool:
        try:
            self.form.account()
        except DomainError as err:
            self.form.errors.show(err)
            return False
        self.form.errors.clear()
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard.save() if self.isFinalPage() else True


class _RecoveryKeyPage(QWizardPage):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Khóa khôi phục"))
        self.setSubTitle(self.tr("Khóa này mở dữ liệu và bản sao lưu trên một máy khác."))
        self.panel = RecoveryKeyPanel(key, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.panel.saved_box.toggled.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return self.panel.saved_box.isChecked()

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard.save() if self.isFinalPage() else True


class _ProfilePage(QWizardPage):
    def __init__(self, office: OfficeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Đơn vị sử dụng"))
        self.setSubTitle(
            self.tr(
                "Chọn loại cơ quan để điền sẵn đơn vị ban hành, người ký, nơi nhận và địa bàn; "
                "thông tin in trên văn bản và báo cáo, có thể sửa sau trong Cài đặt."
            )
        )
        self.kind_picker = OfficeKindPicker(office, self)
        self.form = ProfileForm(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_picker)
        layout.addWidget(self.form)

    def validatePage(self) -> bool:
        try:
            profile = self.form.profile().normalised()
            profile.validate()
            problem = authority_problem(profile)
            if problem:
                raise ValidationErrors({"signer_authority": problem})
        except DomainError as err:
            self.form.errors.show(err)
            return False
        self.form.errors.clear()
        return True


class _JurisdictionPage(QWizardPage):
    def __init__(self, office: OfficeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Địa bàn quản lý"))
        self.setSubTitle(self.tr("Chọn từ danh mục hành chính có sẵn hoặc tự nhập; danh sách vẫn sửa được."))
        self.picker = JurisdictionPicker(office, self)
        self.editor = CommuneEditor(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(QLabel(self.tr("Các xã, phường thuộc địa bàn:"), self))
        layout.addWidget(self.editor, 1)
        self.picker.communes_picked.connect(self.editor.merge_communes)

    def validatePage(self) -> bool:
        communes = self.editor.communes()
        try:
            if not [c for c in communes if c.active]:
                raise ValidationErrors({"communes": "Cần ít nhất một xã, phường trong địa bàn quản lý."})
            validate_communes(communes)
        except DomainError as err:
            self.editor.show_error(err)
            return False
        self.editor.show_error(None)
        return True


class _TypesPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Loại hình kinh doanh"))
        self.setSubTitle(
            self.tr("Danh mục mặc định theo chương trình phòng, chống mại dâm; có thể sửa, thêm.")
        )
        self.editor = TypeCatalogEditor(self)
        self.editor.set_types(list(DEFAULT_BUSINESS_TYPES))
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b71c1c;")
        self.error_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error_label)

    def validatePage(self) -> bool:
        try:
            validate_business_types(self.editor.types())
        except DomainError as err:
            self.editor.show_error(err)
            return False
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard.save()


class SetupWizard(QWizard):
    """Shown when the database has no account or no office profile yet.

    With `users` and no account in the database, it first asks for the administrator, creates that account
    and signs in with it; on an encrypted file it then shows the recovery key, which must be confirmed as
    kept. The office pages follow unless the office is set up already (an older database).
    """

    def __init__(
        self,
        office: OfficeService,
        users: UserService | None = None,
        parent: QWidget | None = None,
        recovery_key: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._users = users
        self.setWindowTitle(self.tr("PCMD Desk — Thiết lập ban đầu"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.account_page: _AccountPage | None = None
        self.recovery_page: _RecoveryKeyPage | None = None
        if users is not None and not users.has_accounts():
            self.account_page = _AccountPage(self)
            self.addPage(self.account_page)
            if recovery_key is not None:  # shown once: with the first administrator
                self.recovery_page = _RecoveryKeyPage(recovery_key, self)
                self.addPage(self.recovery_page)
        self.profile_page = _ProfilePage(office, self)
        self.jurisdiction_page = _JurisdictionPage(office, self)
        self.profile_page.kind_picker.preset_chosen.connect(self._apply_preset)
        self.types_page = _TypesPage(self)
        self.needs_office = self.account_page is None or not office.is_configured()
        if self.needs_office:
            for page in (self.profile_page, self.jurisdiction_page, self.types_page):
                self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        fit_window(self, QSize(760, 600))

    @Slot(object)
    def _apply_preset(self, preset: OfficePreset) -> None:
        """An office kind chosen: its profile fills the form, its communes the territory page."""
        self.profile_page.form.apply_preset(preset)
        self.jurisdiction_page.picker.set_jurisdiction(preset.profile)
        self.jurisdiction_page.editor.set_communes(list(preset.communes))

    @Slot()
    def save(self) -> bool:
        """Create the administrator and sign in (once), then write the office through the service; on error
        stay on the page with the message."""
        from desktop_app.ui.i18n import error_text

        if self.account_page is not None and self._users is not None and self._users.current() is None:
            form = self.account_page.form
            try:
                account = form.account()
                self._users.create_first_admin(account)
                self._users.sign_in(account.username, account.password)
            except DomainError as err:
                form.error_label.setText(error_text(err))
                return False
        if not self.needs_office:
            return True
        profile = self.profile_page.form.profile(self.jurisdiction_page.picker.jurisdiction())
        try:
            self._office.setup(
                profile, self.jurisdiction_page.editor.communes(), self.types_page.editor.types()
            )
        except DomainError as err:
            self.types_page.error_label.setText(error_text(err))
            return False
        return True
