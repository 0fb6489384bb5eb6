"""BranchKeeperCLI.exe's first start-up script: read the program's modules from BranchKeeper.exe.

The console twin (the command line and `self-test`) runs the same main.py as the windowed
BranchKeeper.exe. Each executable would carry its own copy of the program's modules (an archive of
about 9 MiB inside the .exe); this one carries an empty archive instead and, before the bundle's
other start-up hooks run, points PyInstaller's importer at the archive inside BranchKeeper.exe beside
it. installer.spec writes where that archive starts into _internal/program-archive.txt.
Only modules that start Python (base_library.zip) are used here.
"""

import os
import sys

import pyimod01_archive  # PyInstaller's bootstrap modules, in every frozen program
import pyimod02_importers


def use_program_archive() -> None:
    with open(os.path.join(sys._MEIPASS, "program-archive.txt"), encoding="utf-8") as note:
        name, offset = note.read().split()
    try:
        archive = pyimod01_archive.ZlibArchiveReader(
            os.path.join(os.path.dirname(sys.executable), name), int(offset), check_pymagic=True)
    except Exception as error:  # noqa: BLE001 - any failure means the pair does not belong together
        sys.stderr.write(f"{os.path.basename(sys.executable)} 需要同一文件夹里同一版本的 {name}，"
                         f"请重新安装支部管家。（{error}）\n")
        sys.exit(2)
    pyimod02_importers.pyz_archive = archive
    with pyimod02_importers._pyz_tree_lock:
        pyimod02_importers._pyz_tree = None
    # The finders made so far hold the empty archive: the next import makes them again.
    for path, finder in list(sys.path_importer_cache.items()):
        if isinstance(finder, pyimod02_importers.PyiFrozenFinder):
            del sys.path_importer_cache[path]


use_program_archive()
del use_program_archive
