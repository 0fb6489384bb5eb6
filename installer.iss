; Inno Setup script for 支部管家 (BranchKeeper) on Windows.
; On Linux, `bash packaging/windows/build.sh` does both steps under Wine. On a Windows PC:
; 1. Build the bundle:   pyinstaller installer.spec --noconfirm --distpath dist-win --workpath build-win
; 2. Compile this file:  ISCC.exe /DAppVersion=<version> installer.iss      (Inno Setup 6.4)
; Result: dist-win\BranchKeeper-Setup-<version>.exe — installs per user, no administrator rights.
; The version comes from models/__init__.py (__version__); build.sh passes it.

#define AppName "支部管家"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "BranchKeeper.exe"
#ifndef Compression
  #define Compression "lzma2/max"
#endif

[Setup]
; Fixed AppId: never change it, or upgrades will install beside the old version.
AppId={{6F1C2B5E-7A43-4C1B-9E55-2D8B0C6E4A17}
AppName={#AppName}
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=支部管家
; {localappdata}, not {autopf}: per-user {autopf} does not expand under Wine 8, and this is where
; per-user programs go on Windows 10 and 11 anyway.
DefaultDirName={localappdata}\Programs\BranchKeeper
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=dist-win
OutputBaseFilename=BranchKeeper-Setup-{#AppVersion}
SetupIconFile=resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
; packaging/windows/installer-check.sh compiles its upgrade test installer faster (/DCompression=lzma2/fast).
Compression={#Compression}
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
; Qt 6 runs on 64-bit Windows 10 or later only.
MinVersion=10.0

[Languages]
Name: "chinesesimplified"; MessagesFile: "packaging\windows\ChineseSimplified.isl"

[Messages]
; The data is never in the program's folder: say so where people fear for it.
ConfirmUninstall=确定要卸载%1吗？%n%n党员名册等数据文件和备份保存在用户数据文件夹（AppData\Roaming\BranchKeeper）中，卸载不会删除它们。
UninstalledAll=已从您的计算机中删除%1。%n%n数据文件和备份仍保留在用户数据文件夹（AppData\Roaming\BranchKeeper）中，重新安装后可以继续使用。

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
; The whole one-folder bundle. User data lives in %APPDATA%\BranchKeeper, never here, so reinstalling,
; upgrading and uninstalling keep it (a portable data\ folder made here later is not removed either:
; the uninstaller deletes only the files it installed).
Source: "dist-win\BranchKeeper\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即运行{#AppName}"; Flags: nowait postinstall skipifsilent
