"""The package as pip installs it: the copy under test, its files, its dependency floors.

`make test` runs the suite from the unpacked sdist against the installed wheel with
TRADECLOUD_UNDER_TEST=installed, and once more with TRADECLOUD_DEPENDENCIES=floors; these tests
make sure that each run tests what it says it does.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import tradecloud_domain
import tradecloud_domain.testing

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "tradecloud-domain"
INSTALLED = os.environ.get("TRADECLOUD_UNDER_TEST") == "installed"


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _floors() -> dict[str, str]:
    """The `>=` floors of the installed distribution's requirements (runtime and [testing])."""
    floors = {}
    for requirement in importlib.metadata.requires(DISTRIBUTION) or []:
        found = re.match(
            r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)\s*(?:;\s*extra\s*==\s*\"(\w+)\")?$",
            requirement.strip(),
        )
        assert found, f"a requirement without a plain floor: {requirement}"
        if found[3] in (None, "testing"):
            floors[found[1]] = found[2]
    return floors


def test_the_copy_under_test_is_the_one_expected() -> None:
    imported = Path(tradecloud_domain.__file__).resolve().parent
    kit = Path(tradecloud_domain.testing.__file__).resolve().parent
    if INSTALLED:
        site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
        assert imported == site_packages / "tradecloud_domain", imported
        assert kit == imported / "testing"
        located = importlib.metadata.distribution(DISTRIBUTION).locate_file("")
        assert Path(str(located)).resolve() == site_packages, located
        # What pip recorded as installed: the kit, the typing marker and the licence ship.
        files = {str(path) for path in importlib.metadata.files(DISTRIBUTION) or []}
        assert "tradecloud_domain/testing/strategies.py" in files
        assert "tradecloud_domain/py.typed" in files
        assert any(name.endswith("licenses/LICENSE") for name in files), sorted(files)
    else:
        assert imported == ROOT / "tradecloud_domain", (
            f"imported {imported}; set TRADECLOUD_UNDER_TEST=installed to test an installed wheel"
        )


def test_the_version_is_written_once() -> None:
    assert importlib.metadata.version(DISTRIBUTION) == tradecloud_domain.__version__
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "tradecloud_domain.__version__"
    }


def test_the_console_script_prints_the_version() -> None:
    script = Path(sys.executable).parent / "tradecloud-domain"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"tradecloud-domain {tradecloud_domain.__version__}"


def test_the_dependencies_are_at_their_floors_when_asked() -> None:
    floors = _floors()
    assert set(floors) == {"attrs", "cattrs", "simplejson", "transitions", "hypothesis"}
    installed = {name: importlib.metadata.version(name) for name in floors}
    if os.environ.get("TRADECLOUD_DEPENDENCIES") == "floors":
        assert installed == floors
    else:
        for name, floor in floors.items():
            assert _version(installed[name]) >= _version(floor), (name, installed[name], floor)


def test_the_testing_kit_without_hypothesis_names_the_extra(tmp_path: Path) -> None:
    code = "import sys; sys.modules['hypothesis'] = None; import tradecloud_domain.testing"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        check=False,
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: tradecloud_domain.testing needs hypothesis"), last
    assert "pip install 'tradecloud-domain[testing]'" in last
