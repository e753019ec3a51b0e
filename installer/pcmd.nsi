; PCMD Desk installer: pynsist's pyapp.nsi (MIT licence, pynsist 2.8) adapted for clerks' PCs:
; a 64-bit installer, per-user only (no administrator prompt), Vietnamese texts, an optional desktop
; shortcut, a Windows 10 1903 check, upgrades that replace the program files, and an uninstaller that
; removes only the program folder (the data folder %LOCALAPPDATA%\PCMD Desk with its backups stays).
; Rendered by pynsist (a Jinja2 template); build.sh runs makensis on the result.

Target amd64-unicode
Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!define PRODUCT_NAME "[[ib.appname]]"
!define PRODUCT_VERSION "[[ib.version]]"
!define PY_VERSION "[[ib.py_version]]"
!define INSTALLER_NAME "[[ib.installer_name]]"
!define PRODUCT_ICON "[[icon]]"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_NAME}"
; Qt 6 needs the system ICU of Windows 10 version 1903 (build 18362) or later.
!define MIN_WINDOWS_BUILD 18362

; Marker file to tell the uninstaller that it's a user installation
!define USER_INSTALL_MARKER _user_install_marker

!define MULTIUSER_EXECUTIONLEVEL Standard
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_INSTDIR "[[ib.appname]]"
!include MultiUser.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include WinVer.nsh

!include "MUI2.nsh"
!define MUI_ABORTWARNING
!define MUI_ICON "[[icon]]"
!define MUI_UNICON "[[icon]]"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchApp
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT_NAME} ngay"

!insertmacro MUI_PAGE_WELCOME
[% if license_file %]
!insertmacro MUI_PAGE_LICENSE [[license_file]]
[% endif %]
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Name "${PRODUCT_NAME} ${PRODUCT_VERSION}"
OutFile "${INSTALLER_NAME}"
ShowInstDetails show
VIProductVersion "[[ib.version]].0"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "[[ib.publisher]]"

Var cmdLineInstallDir

Section -SETTINGS
  SetOutPath "$INSTDIR"
  SetOverwrite on
SectionEnd

Section "!Chương trình ${PRODUCT_NAME}" sec_app
  SetRegView 64
  SectionIn RO
  File ${PRODUCT_ICON}

  ; An upgrade replaces the program files whole: nothing of the older version lingers. The data folder
  ; (%LOCALAPPDATA%\${PRODUCT_NAME}) is elsewhere and is never touched here.
  DetailPrint "Xóa tệp chương trình của phiên bản cũ (dữ liệu được giữ nguyên)..."
  RMDir /r "$INSTDIR\pkgs"
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\bin"

  SetOutPath "$INSTDIR\pkgs"
  File /r "pkgs\*.*"
  SetOutPath "$INSTDIR"

  ; Marker file for per-user install
  StrCmp $MultiUser.InstallMode CurrentUser 0 +3
    FileOpen $0 "$INSTDIR\${USER_INSTALL_MARKER}" w
    FileClose $0
    SetFileAttributes "$INSTDIR\${USER_INSTALL_MARKER}" HIDDEN

  ; Install files
  [% for destination, group in grouped_files %]
    SetOutPath "[[destination]]"
    [% for file in group %]
      File "[[ file ]]"
    [% endfor %]
  [% endfor %]

  ; Install directories
  [% for dir, destination in ib.install_dirs %]
    SetOutPath "[[ pjoin(destination, dir) ]]"
    File /r "[[dir]]\*.*"
  [% endfor %]

  ; Start-menu shortcut; the output path becomes the working directory of the shortcut
  SetOutPath "%HOMEDRIVE%\%HOMEPATH%"
  [% for scname, sc in ib.shortcuts.items() %]
    CreateShortCut "$SMPROGRAMS\[[scname]].lnk" "[[sc['target'] ]]" \
      '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  [% endfor %]
  SetOutPath "$INSTDIR"

  [% if has_commands %]
    DetailPrint "Thêm lệnh pcmd-desk cho kỹ thuật viên vào PATH của người dùng..."
    ; Taken out first, so that installing over an earlier install leaves one entry, not two. Only the
    ; user's own PATH (HKCU) is touched: a standard user cannot write the machine-wide one.
    nsExec::ExecToLog '[[ python ]] -Es "$INSTDIR\_system_path.py" remove_user "$INSTDIR\bin"'
    nsExec::ExecToLog '[[ python ]] -Es "$INSTDIR\_system_path.py" add_user "$INSTDIR\bin"'
  [% endif %]

  DetailPrint "Biên dịch trước các mô-đun Python..."
  nsExec::ExecToLog '[[ python ]] -m compileall -q "$INSTDIR\pkgs"'
  WriteUninstaller $INSTDIR\uninstall.exe
  ; Add ourselves to Add/remove programs (per user: HKCU)
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${PRODUCT_ICON}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "[[ib.publisher]]"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${PRODUCT_VERSION}"
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Biểu tượng trên màn hình nền" sec_desktop
  SetOutPath "%HOMEDRIVE%\%HOMEPATH%"
  [% for scname, sc in ib.shortcuts.items() %]
    CreateShortCut "$DESKTOP\[[scname]].lnk" "[[sc['target'] ]]" \
      '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  [% endfor %]
  SetOutPath "$INSTDIR"
SectionEnd

Section "Uninstall"
  SetRegView 64
  SetShellVarContext all
  IfFileExists "$INSTDIR\${USER_INSTALL_MARKER}" 0 +3
    SetShellVarContext current
    Delete "$INSTDIR\${USER_INSTALL_MARKER}"

  [% if has_commands %]
    ; remove_user: the all-users variant opens the machine-wide Environment key for writing, which fails
    ; for a standard user; the installer only ever adds to the user's PATH.
    nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -Es "$INSTDIR\_system_path.py" remove_user "$INSTDIR\bin"'
  [% endif %]

  ; Only the program folder goes; the data folder and its backups stay for the next install.
  Delete $INSTDIR\uninstall.exe
  Delete "$INSTDIR\${PRODUCT_ICON}"
  RMDir /r "$INSTDIR\pkgs"
  [% for file, destination in ib.install_files %]
    Delete "[[pjoin(destination, file)]]"
  [% endfor %]
  [% for dir, destination in ib.install_dirs %]
    RMDir /r "[[pjoin(destination, dir)]]"
  [% endfor %]
  [% for scname in ib.shortcuts %]
    Delete "$SMPROGRAMS\[[scname]].lnk"
    Delete "$DESKTOP\[[scname]].lnk"
  [% endfor %]
  RMDir $INSTDIR
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
SectionEnd

Function .onInit
  ${WinVerGetBuild} $0
  ${IfNot} ${AtLeastWin10}
  ${OrIf} $0 < ${MIN_WINDOWS_BUILD}
    MessageBox MB_ICONSTOP|MB_OK "${PRODUCT_NAME} cần Windows 10 phiên bản 1903 trở lên hoặc Windows 11 (máy này: bản dựng $0). Hãy cập nhật Windows rồi cài lại." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}

  ; Multiuser.nsh breaks /D command line parameter. Parse /INSTDIR instead.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} '$0' "/INSTDIR=" $1
  IfErrors +2  ; Error means flag not found
    StrCpy $cmdLineInstallDir $1
  ClearErrors

  !insertmacro MULTIUSER_INIT

  ; If cmd line included /INSTDIR, override the install dir set by MultiUser
  StrCmp $cmdLineInstallDir "" +2
    StrCpy $INSTDIR $cmdLineInstallDir
FunctionEnd

Function LaunchApp
  [% for scname, sc in ib.shortcuts.items() %]
    Exec '"[[sc['target'] ]]" [[ sc['parameters'] ]]'
  [% endfor %]
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd
