"""Print the requirements that pyproject.toml names for a command, one a line, for pip.

``python tools/requirements.py [EXTRA ...]``: the core dependencies (what ``make run`` needs) plus
those of each optional group named (``bench``, ``spark``, ``test``). The Makefile installs them
with ``requirements.lock`` as pip constraints, so the versions come from the lock alone.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def requirements(extras: list[str]) -> list[str]:
    """The core dependencies of pyproject.toml, then those of each named optional group."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    groups = project.get("optional-dependencies", {})
    unknown = sorted(set(extras) - set(groups))
    if unknown:
        raise SystemExit(f"no optional dependencies named {', '.join(unknown)} in {PYPROJECT}")
    names = list(project["dependencies"])
    for extra in extras:
        names += groups[extra]
    return names


if __name__ == "__main__":
    print("\n".join(requirements(sys.argv[1:])))
