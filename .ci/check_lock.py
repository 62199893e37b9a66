"""Fail when the lock files no longer match pyproject.toml (run by `make lint` and `make lock`).

Offline: it reads the two lock files and pyproject.toml, and checks that
- every dependency pyproject.toml asks for is pinned, at a version its range allows;
- nothing is pinned as a direct dependency that pyproject.toml no longer asks for;
- every pinned package carries at least one hash (pip installs with --require-hashes);
- the development lock pins the production packages at the production versions.
The fix for every failure is `make lock`.
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DIRECT = "gnlc-portal (pyproject.toml)"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def read_lock(path):
    """{name: (version, has_hash, is_direct)} from a `uv pip compile` requirements file."""
    pins, current = {}, None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = [match[2], False, False]
        elif current and line.strip().startswith("--hash=sha256:"):
            pins[current][1] = True
        elif current and line.strip().lstrip("#").strip().removeprefix("via ") == DIRECT:
            # "# via gnlc-portal (pyproject.toml)", or that name in a list of several
            pins[current][2] = True
    return {name: tuple(values) for name, values in pins.items()}


def wanted(project, extras):
    requirements = [Requirement(text) for text in project["dependencies"]]
    for extra in extras:
        requirements += [Requirement(text) for text in project["optional-dependencies"][extra]]
    return {canonicalize_name(r.name): r for r in requirements}


def problems_of(lock_name, pins, requirements):
    problems = []
    for name, requirement in sorted(requirements.items()):
        if name not in pins:
            problems.append(f"{lock_name}: {requirement} is in pyproject.toml but not locked")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            problems.append(
                f"{lock_name}: {name}=={pins[name][0]} is outside pyproject.toml's "
                f"range {requirement}"
            )
    for name, (version, has_hash, is_direct) in sorted(pins.items()):
        if is_direct and name not in requirements:
            problems.append(f"{lock_name}: {name}=={version} is no longer in pyproject.toml")
        if not has_hash:
            problems.append(f"{lock_name}: {name}=={version} has no hash")
    return problems


def main():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    production = read_lock(ROOT / "requirements.txt")
    development = read_lock(ROOT / "requirements-dev.txt")
    problems = problems_of("requirements.txt", production, wanted(project, ["s3"]))
    problems += problems_of("requirements-dev.txt", development, wanted(project, ["dev"]))
    for name, (version, _, _) in sorted(development.items()):
        if name in production and production[name][0] != version:
            problems.append(
                f"requirements-dev.txt: {name}=={version}, but requirements.txt has "
                f"{production[name][0]}"
            )
    if problems:
        print("The lock files do not match pyproject.toml; run `make lock`:", file=sys.stderr)
        print("\n".join(f"  - {problem}" for problem in problems), file=sys.stderr)
        return 1
    print(f"Lock files match pyproject.toml ({len(production)} + {len(development)} pins).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
