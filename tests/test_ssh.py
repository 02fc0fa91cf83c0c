"""The SSH proof: a real OpenSSH server, two throwaway accounts in one team, the app
driven over `ssh -tt` inside tmux at 80x24 (see docs/deploy-ssh.md, which this follows).

Skips with the reason where the machine cannot host sshd; on CI (CI=true) it fails instead.
"""

from __future__ import annotations

import json
import os

import pytest

import ssh_env

pytestmark = pytest.mark.slow

FIGURES: dict[str, object] = {}


@pytest.fixture(scope="module")
def server():
    reason = ssh_env.unavailable_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the SSH proof must run on CI: {reason}")
        pytest.skip(f"no SSH server on this machine: {reason}")
    srv = ssh_env.team_server()
    yield srv
    srv.close()
    print("\nSSH proof figures: " + ", ".join(f"{k}={v}" for k, v in FIGURES.items()))


def show(server, user: str, po: str) -> dict:
    out = server.ssh(user, "casefile", "show", po, "--json", check=True)
    return json.loads(out.stdout)


def test_login_runs_only_casefile_and_attributes_the_account(server):
    a, b = server.users
    out = server.ssh(a, "casefile", "list")
    assert out.returncode == 0, out.stderr
    assert "no cases yet" in out.stdout

    out = server.ssh(a, "casefile", "new", "PO/SSH/1", "--supplier", "Ningbo Forge", "--product", "steel hinge",
                     "--quantity", "3000", "--order-value-cny", "84000.00", "--deposit-cny", "25200.00")
    assert out.returncode == 0, out.stderr
    out = server.ssh(b, "casefile", "note", "PO/SSH/1", "--subject", "asked for the report")
    assert out.returncode == 0, out.stderr

    state = show(server, a, "PO/SSH/1")
    assert [e["actor"] for e in state["history"]] == [a, b]
    assert state["correspondence"][0]["author"] == b

    out = server.ssh(a, "ls", "/")
    assert out.returncode == 2 and "runs only casefile" in out.stderr
