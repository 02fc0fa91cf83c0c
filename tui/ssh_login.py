"""What an SSH login runs (sshd's ForceCommand): the app, or one `casefile` command.

    ForceCommand /opt/casefile/bin/python -m tui.ssh_login /srv/casefile/importers

`ssh -t HOST` opens the app on the team workspace; `ssh HOST casefile list` (or any other
sub-command, or app flags such as `casefile --theme ansi-dark`) runs that instead. The
command is split like a shell would, never run by one, so the account gets no shell.
"""

from __future__ import annotations

import os
import shlex
import sys

PROG = "casefile-ssh"


def login_argv(workspace: str, original: str) -> list[str]:
    """The `casefile` arguments for the command the client asked for (empty: the app)."""
    from casefile.values.errors import InputError

    try:
        words = shlex.split(original)
    except ValueError as exc:
        raise InputError(f"cannot read the command {original!r} ({exc}); quote it as a shell would") from None
    if words and words[0] != "casefile":
        raise InputError(
            f"this account runs only casefile, not {words[0]!r}: `ssh -t HOST` opens the app, "
            "`ssh HOST casefile list` runs a command"
        )
    return ["--data", workspace, *words[1:]]


def main(argv: list[str] | None = None) -> int:
    from casefile.values.errors import CasefileError
    from tui.cli import main as casefile_main

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(f"{PROG}: usage: python -m tui.ssh_login WORKSPACE (as sshd's ForceCommand)", file=sys.stderr)
        return 2
    try:
        cli_args = login_argv(args[0], os.environ.get("SSH_ORIGINAL_COMMAND", ""))
    except CasefileError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    return casefile_main(cli_args)


if __name__ == "__main__":
    from tui.cli import exit_now

    exit_now(main())
