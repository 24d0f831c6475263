"""The manifest of released migrations: the sha256 of every revision file, checked by the tests.

A revision that databases have already run must never change: an edited one leaves those databases
with the right revision ids and the wrong schema. The manifest (``tests/data/migration_manifest.sha256``,
in ``sha256sum`` format) lists every released revision file; the test fails when a listed file is
changed or deleted, or when a revision file is not listed yet.

After adding a NEW revision file, record it::

    python -m core.storage.migrate_manifest --add

``--add`` only appends files that are not listed; it never rewrites a listed hash.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "tests" / "data" / "migration_manifest.sha256"
#: Where the built-in revision files live, relative to the repository root.
PATTERNS = ("core/migrations/versions/*.py", "plugins/*/migrations/versions/*.py")
ADD_COMMAND = "python -m core.storage.migrate_manifest --add"


def file_hash(path: Path) -> str:
    """sha256 of a file with line endings made LF, so a Windows checkout (autocrlf) hashes the same."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def revision_files(root: Path = ROOT) -> list[str]:
    """Every revision file under ``root``, as sorted POSIX paths relative to it."""
    return sorted({p.relative_to(root).as_posix() for pattern in PATTERNS for p in root.glob(pattern)})


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """The listed files and their hashes (``<sha256>  <path>`` lines; ``#`` starts a comment)."""
    listed: dict[str, str] = {}
    if not path.exists():
        return listed
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, _, name = line.partition("  ")
            listed[name.strip()] = digest.strip()
    return listed


@dataclass
class ManifestReport:
    """What differs between the revision files and the manifest."""

    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file is listed with its hash and every listed file exists."""
        return not (self.changed or self.deleted or self.unlisted)

    def messages(self) -> list[str]:
        """One line per problem, saying what to do."""
        lines = [f"released migration changed: {name} — released revisions are immutable; restore it and "
                 "add a new revision instead" for name in self.changed]
        lines += [f"released migration deleted: {name} — restore it; add new revisions only" for name in self.deleted]
        lines += [f"new migration not in the manifest: {name} — add new revisions only, then record its hash "
                  f"with `{ADD_COMMAND}`" for name in self.unlisted]
        return lines


def check(root: Path = ROOT, manifest: Path = MANIFEST) -> ManifestReport:
    """Compare the revision files under ``root`` with ``manifest``."""
    listed = read_manifest(manifest)
    present = revision_files(root)
    report = ManifestReport()
    for name in present:
        if name not in listed:
            report.unlisted.append(name)
        elif file_hash(root / name) != listed[name]:
            report.changed.append(name)
    report.deleted = sorted(set(listed) - set(present))
    return report


def add_new(root: Path = ROOT, manifest: Path = MANIFEST) -> list[str]:
    """Append the hashes of revision files not listed yet; returns their paths. Listed hashes stay as they are."""
    listed = read_manifest(manifest)
    new = [name for name in revision_files(root) if name not in listed]
    if new:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        existing = manifest.read_text(encoding="utf-8") if manifest.exists() else (
            "# sha256 of every released migration file (sha256sum format, LF line endings).\n"
            f"# Never edit a line; after adding a new revision run: {ADD_COMMAND}\n")
        if existing and not existing.endswith("\n"):
            existing += "\n"
        lines = "".join(f"{file_hash(root / name)}  {name}\n" for name in new)
        manifest.write_text(existing + lines, encoding="utf-8")
    return new


def main(argv: list[str] | None = None) -> int:
    """``python -m core.storage.migrate_manifest [--add]``: check the manifest, or append new files' hashes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", action="store_true", help="append the hashes of revision files not listed yet")
    args = parser.parse_args(argv)
    if args.add:
        for name in add_new():
            print(f"added {name}")
    report = check()
    for line in report.messages():
        print(line, file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
