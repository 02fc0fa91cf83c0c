"""The domain core stands alone: usable from a script, never imports Textual."""

import subprocess
import sys


def test_casefile_never_imports_textual():
    code = (
        "import sys, pkgutil, importlib, casefile\n"
        "for m in pkgutil.walk_packages(casefile.__path__, 'casefile.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'screens', 'tui')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_list_command_does_not_import_textual():
    code = "import sys; from tui.cli import build_parser; build_parser(); sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_screens_never_import_the_app():
    # screens/ reach the App only through screens.services.AppServices, never tui/.
    code = (
        "import sys, pkgutil, importlib, screens\n"
        "for m in pkgutil.walk_packages(screens.__path__, 'screens.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'tui']\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
