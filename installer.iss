; Inno Setup script for 支部管家 (BranchKeeper) on Windows.
; 1. Build the bundle:   uv run pyinstaller installer.spec --noconfirm
; 2. Compile this file:  ISCC.exe installer.iss      (Inno Setup 6, https://jrsoftware.org)
; Result: dist\BranchKeeper-Setup-<version>.exe — installs per user, no administrator rights.

#define AppName "支部管家"
#define AppVersion "0.1.0"
#define AppExe "BranchKeeper.exe"

[Setup]
; Fixed AppId: never change it, or upgrades will install beside the old version.
AppId={{6F1C2B5E-7A43-4C1B-9E55-2D8B0C6E4A17}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=支部管家
DefaultDirName={localappdata}\Programs\BranchKeeper
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=dist
OutputBaseFilename=BranchKeeper-Setup-{#AppVersion}
SetupIconFile=resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
; The whole one-folder bundle. User data lives in %APPDATA%\BranchKeeper, never here, so
; reinstalling or upgrading keeps it.
Source: "dist\BranchKeeper\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即运行{#AppName}"; Flags: nowait postinstall skipifsilent
