"""Processes and users: who runs the server, and which folders that user can enter."""

import os
import pwd
import subprocess
from pathlib import Path

SERVER_USER = "postgres"  # who runs the server when we are root


def process_alive(pid: int) -> bool:
    """True for a running process; a zombie (killed, not yet reaped) counts as dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    return state not in {"Z", "X"}


def _server_user_entry() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        return None


def server_can_enter(path: Path) -> bool:
    """Whether the user who runs the server can reach `path` (what exists of it).

    Checks the permission bits of every folder on the way, as written and as resolved
    (ACLs aside). Not being root, we run the server ourselves, so the answer is yes.
    """
    if os.geteuid() != 0:
        return True
    entry = _server_user_entry()
    # A user still to be created owns nothing and is in no group: the "other" bits apply.
    uid, groups = (
        (entry.pw_uid, set(os.getgrouplist(entry.pw_name, entry.pw_gid))) if entry else (-1, set())
    )
    path = Path(os.path.abspath(path))
    for chain in (path, path.resolve()):
        for folder in [*reversed(chain.parents), chain]:
            try:
                info = folder.stat()
            except FileNotFoundError:
                break  # we create the rest ourselves, enterable
            if info.st_uid == uid:
                bit = 0o100
            elif info.st_gid in groups:
                bit = 0o010
            else:
                bit = 0o001
            if not info.st_mode & bit:
                return False
    return True


def _server_ids() -> tuple[int, int]:
    if os.geteuid() != 0:
        return os.getuid(), os.getgid()
    if not (entry := _server_user_entry()):
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=True)
        entry = pwd.getpwnam(SERVER_USER)
    return entry.pw_uid, entry.pw_gid


def give_to_server_user(path: Path) -> None:
    """Make the server's user the owner of `path` (creating that user if root needs it)."""
    os.chown(path, *_server_ids())


def as_server_user(cmd: list) -> list[str]:
    """`cmd` as strings, run through runuser as the server's user when we are root."""
    cmd = [str(part) for part in cmd]
    return ["runuser", "-u", SERVER_USER, "--", *cmd] if os.geteuid() == 0 else cmd
