"""constraints.txt pins every package the two README commands install, within pyproject.toml's ranges."""
from __future__ import annotations

import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the dev extra installs tomli on Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        assert version, f"constraints.txt: {line!r} is not pinned with =="
        pins[canonicalize_name(name)] = Version(version)
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in ("dask", "dev"):  # what the Makefile installs: -e ".[dask,dev]"
        wanted += project["optional-dependencies"][extra]
    reqs = [Requirement(spec) for spec in wanted]
    return [req for req in reqs if req.marker is None or req.marker.evaluate()]  # this Python's requirements


def test_every_dependency_is_pinned_within_its_range():
    pins = _pins()
    for req in _requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in constraints.txt: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {req.name}=={pins[name]}, outside pyproject.toml's {req.specifier}: run `make lock`")


def test_extras_of_dependencies_are_pinned_too():
    pins = _pins()
    assert "distributed" in pins  # dask[distributed]


def test_the_kit_itself_is_not_pinned():
    assert canonicalize_name("sales-workbook-kit") not in _pins()


def test_the_makefile_installs_with_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'pip install --quiet -c constraints.txt -e ".[dask,dev]"' in makefile
