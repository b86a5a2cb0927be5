"""Print the runtime dependencies and the testing extra, read from pyproject.toml, as pip
requirements: each at its declared floor as a constraint (`attrs==23.2.0`), or with `--declared`
as declared (`attrs>=23.2.0`).

`make test` installs the floors exactly in one venv, and what is declared (the newest releases)
in the other; both before the wheel is built, which is then installed without its dependencies
and checked by `pip check` (and tests/test_package.py) against them."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path


def requirements(pyproject: Path) -> list[str]:
    """The runtime dependencies and the testing extra, as declared."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["testing"]]


def floors(pyproject: Path) -> list[str]:
    pins = []
    for requirement in requirements(pyproject):
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", requirement.strip())
        if found is None:
            sys.exit(f"tools/floors.py: no plain '>=' floor in {requirement!r}")
        pins.append(f"{found[1]}=={found[2]}")
    return pins


if __name__ == "__main__":
    arguments = sys.argv[1:]
    declared = "--declared" in arguments
    paths = [argument for argument in arguments if argument != "--declared"]
    pyproject = Path(paths[0] if paths else "pyproject.toml")
    print("\n".join(requirements(pyproject) if declared else floors(pyproject)))
