"""Print the declared floor of every runtime dependency and of the testing extra as pip
constraints (`attrs==23.2.0`), read from pyproject.toml: `make test` installs exactly these."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path


def floors(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["testing"]]
    pins = []
    for requirement in wanted:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", requirement.strip())
        if found is None:
            sys.exit(f"tools/floors.py: no plain '>=' floor in {requirement!r}")
        pins.append(f"{found[1]}=={found[2]}")
    return pins


if __name__ == "__main__":
    print("\n".join(floors(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"))))
