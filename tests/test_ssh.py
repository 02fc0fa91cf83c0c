"""The SSH proof: a real OpenSSH server, two throwaway accounts in one team, the app
driven over `ssh -tt` inside tmux at 80x24 (see docs/deploy-ssh.md, which this follows).

Skips with the reason where the machine cannot host sshd; on CI (CI=true) it fails instead.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import time

import pytest

import ssh_env


pytestmark = pytest.mark.slow

FIGURES: dict[str, object] = {}


@pytest.fixture(scope="module")
def server():
    import figures  # registered by conftest.py; its `figure` fixture is per test, these add up

    def cannot_run(reason: str):
        if os.environ.get("CI") == "true":
            pytest.fail(f"the SSH proof must run on CI: {reason}")
        figures._lines.append(f"SSH proof SKIPPED: no SSH server on this machine: {reason}")
        pytest.skip(f"no SSH server on this machine: {reason}")

    reason = ssh_env.unavailable_reason()
    if reason:
        cannot_run(reason)
    try:
        srv = ssh_env.team_server()
    except ssh_env.ServerDidNotStart as exc:  # e.g. a container that forbids sshd's privilege drop
        cannot_run(str(exc))
    yield srv
    try:
        _account_for_writes(srv)
    finally:
        srv.close()
        FIGURES["sessions"] = srv.sessions
        figures._lines.append("SSH proof: " + ", ".join(f"{k} {v}" for k, v in FIGURES.items()))


def _account_for_writes(server) -> None:
    """Every acknowledged write is on disk: each write adds one revision to its case."""
    from casefile.store import Workspace

    states = list(Workspace.open(server.ws, create=False).load_all())
    assert not [s for s in states if isinstance(s, Exception)]
    on_disk = sum(state.revision for state in states)
    expected = sum(FIGURES.get(k, 0) for k in
                   ("acknowledged writes", "cut saves that landed whole", "padding writes by root"))
    FIGURES["revisions on disk"] = on_disk
    FIGURES["lost writes"] = expected - on_disk
    assert on_disk == expected, f"{expected - on_disk} acknowledged write(s) lost"


def write(server, user: str, *words: str) -> None:
    """A writing `casefile` command over SSH; exit 0 means it is on disk (counted)."""
    out = server.ssh(user, "casefile", *words)
    assert out.returncode == 0, out.stderr
    _count("acknowledged writes", 1)


def show(server, user: str, po: str) -> dict:
    out = server.ssh(user, "casefile", "show", po, "--json", check=True)
    return json.loads(out.stdout)


def test_login_runs_only_casefile_and_attributes_the_account(server):
    a, b = server.users
    out = server.ssh(a, "casefile", "list")
    assert out.returncode == 0, out.stderr
    assert "no cases yet" in out.stdout

    write(server, a, "new", "PO/SSH/1", *NEW_CASE)
    write(server, b, "note", "PO/SSH/1", "--subject", "asked for the report")

    state = show(server, a, "PO/SSH/1")
    assert [e["actor"] for e in state["history"]] == [a, b]
    assert state["correspondence"][0]["author"] == b

    out = server.ssh(a, "ls", "/")
    assert out.returncode == 2 and "runs only casefile" in out.stderr


def test_team_workspace_is_shared_and_a_client_cannot_move_it(server):
    """The ForceCommand pins the team workspace: a client's --data or --demo is refused
    (a private workspace is tested as real accounts in test_permissions.py)."""
    a, b = server.users
    assert ssh_env.mode(server.ws) == 0o2770 and server.ws.stat().st_gid == ssh_env.group_id(server.team)

    private = f"/home/{a}/private"
    out = server.ssh(a, "casefile", "--data", private, "new", "PO/PRIVATE/1", "--supplier", "Ningbo Forge",
                     "--product", "steel hinge", "--quantity", "500", "--order-value-cny", "1000.00",
                     "--deposit-cny", "300.00")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "--data" in out.stderr, out.stderr
    assert not os.path.exists(private)
    for command in (["--data", "/tmp", "list"], ["--demo", "list"]):
        out = server.ssh(b, "casefile", *command)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert "PO/PRIVATE" not in server.ssh(b, "casefile", "list").stdout


NEW_CASE = ["--supplier", "Ningbo Forge", "--product", "steel hinge", "--quantity", "3000",
            "--order-value-cny", "84000.00", "--deposit-cny", "25200.00"]


def test_simultaneous_writes_from_both_accounts_all_land(server):
    a, b = server.users
    write(server, a, "new", "PO/SSH/BUSY", *NEW_CASE)
    ids = {user: [secrets.token_hex(16) for _ in range(5)] for user in (a, b)}
    procs = [server.ssh_popen(user, "casefile", "note", "PO/SSH/BUSY", "--subject", f"note {i} from {user}", "--id", id_)
             for user in (a, b) for i, id_ in enumerate(ids[user])]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err

    state = show(server, b, "PO/SSH/BUSY")
    authors = {e["id"]: e["author"] for e in state["correspondence"]}
    lost = [i for user in (a, b) for i in ids[user] if authors.get(i) != user]
    _count("acknowledged writes", len(procs))
    assert lost == []
    assert len(state["correspondence"]) == len(procs) and state["revision"] == 1 + len(procs)


def _count(name: str, n: int) -> None:
    FIGURES[name] = FIGURES.get(name, 0) + n


def _pad_case(server, po: str, entries: int = 150) -> None:
    """Make the case file a few MB so a save takes long enough to be cut in the middle."""
    from casefile.correspondence import EntryDraft, chain_entry
    from casefile.store import Change, Workspace

    ws = Workspace.open(server.ws, create=False)

    def pad(state):
        chain = list(state.correspondence)
        for i in range(entries):
            chain.append(chain_entry(EntryDraft(subject=f"padding {i}", body="x" * 19_000), "padding", chain))
        return Change("padding", records=chain[len(state.correspondence):])

    ws.transact(po, pad)


def test_connection_cut_in_the_middle_of_a_save_leaves_the_case_whole(server):
    from casefile.chain import verify_chain
    from casefile.store import parse_case_bytes

    a, b = server.users
    po = "PO/SSH/CUT"
    write(server, a, "new", po, *NEW_CASE)
    _pad_case(server, po)
    _count("padding writes by root", 1)
    case_file = _case_file(server, po)
    tmp_prefix = f".{case_file.name}."
    outcomes = {"saved whole": 0, "not saved": 0}
    mid_save = 0
    for round_ in range(12):
        entry_id = secrets.token_hex(16)
        before = parse_case_bytes(case_file, case_file.read_bytes()).revision
        client = server.ssh_popen(b, "casefile", "note", po, "--subject", f"cut {round_}", "--id", entry_id, tty=True)
        # Even rounds cut as soon as the temp file of the save appears; odd rounds earlier.
        deadline = time.monotonic() + (30 if round_ % 2 == 0 else random.uniform(0.2, 0.8))
        while time.monotonic() < deadline and client.poll() is None:
            if round_ % 2 == 0 and any(n.startswith(tmp_prefix) for n in os.listdir(case_file.parent)):
                mid_save += 1
                break
        client.kill()
        client.wait()
        server.wait_gone(b)

        state = parse_case_bytes(case_file, case_file.read_bytes())  # raises on a torn file
        assert verify_chain(state.correspondence) is None
        found = [e for e in state.correspondence if e.id == entry_id]
        assert len(found) <= 1
        if found:
            assert found[0].author == b and state.revision == before + 1
            assert state.history[-1].actor == b and state.history[-1].action == "entry logged"
            outcomes["saved whole"] += 1
        else:
            assert state.revision == before
            outcomes["not saved"] += 1
    out = server.ssh(a, "casefile", "check")
    assert out.returncode == 0, out.stderr
    assert not [n for n in os.listdir(case_file.parent) if n.startswith(tmp_prefix)]  # cleaned on open
    _count("connection cuts", 12)
    _count("cuts during a save", mid_save)
    _count("cut saves that landed whole", outcomes["saved whole"])
    _count("cut saves that did not happen", outcomes["not saved"])
    _count("torn case files", 0)
    assert mid_save >= 1


def _case_file(server, po: str):
    from casefile.case import po_filename

    return server.ws / "cases" / f"{po_filename(po)}.json"


def test_app_over_ssh_shows_a_colleagues_deposit_and_refuses_a_stale_edit(server):
    a, b = server.users
    po = "PO/SSH/APP"
    for new in (po, "PO/SSH/APP2"):  # two rows at least, to move along the list
        write(server, a, "new", new, *NEW_CASE)
    app = server.client_commands()[0]  # the doc's `ssh -t ... "$PERSON@$SERVER"`
    logs = {u: server.open_terminal(u, app, PERSON=u) for u in (a, b)}
    for u in (a, b):
        server.wait_for(u, po)
        for keys in (["/"], ["-l", po], ["Enter"], ["Enter"]):  # filter, hand over to the table, open
            server.keys(u, *keys)
            server.settle(logs[u])
        server.wait_for(u, f"Case {po}")

    # A records the deposit in the ledger's payment form; B, on the same case's ledger, sees
    # it within 2 s of the save, named as A's.
    server.keys(b, "p")
    server.wait_for(b, "BALANCE LOCKED")
    server.keys(a, "p")
    server.wait_for(a, "BALANCE LOCKED")
    _fill_deposit_form(server, a, logs[a])
    server.keys(a, "F10")
    server.wait_for(b, f"changed by {a}", timeout=5)
    seen = time.time()
    server.wait_for(b, "ALI-2026-114")  # the deposit's row on B's ledger
    seen_after = seen - _case_file(server, po).stat().st_mtime
    assert seen_after < 2.0, f"B saw A's deposit {seen_after:.2f}s after it was saved"
    _count("acknowledged writes", 1)
    FIGURES["deposit seen by the colleague after"] = f"{seen_after:.2f}s"
    for u in (a, b):
        server.keys(u, "Escape")
        server.wait_for(u, f"by {a}: payment recorded")  # the case view's last change
    deposit = [p for p in show(server, b, po)["payments"] if p["kind"] == "deposit"]
    assert [(p["cny"], p["ngn"], p["receipt"], p["recorded_by"]) for p in deposit] == [
        ("25200.00", "5430600.00", "ALI-2026-114", a)]

    # Both open the case form on the same revision; A saves first, B's save is stale.
    for u in (a, b):
        server.keys(u, "e")
        server.wait_for(u, "Edit case")
        server.wait_for(u, "steel hinge")  # the form has loaded the case
        server.settle(logs[u])  # and focused (selecting) the supplier: End must come after
    server.keys(a, "End")
    server.settle(logs[a])
    server.keys(a, " Ltd", literal=True)
    server.keys(a, "F10")
    server.wait_for(a, f"Case {po} saved")
    server.keys(b, "End")
    server.settle(logs[b])
    server.keys(b, " (B)", literal=True)
    server.keys(b, "F10")
    server.wait_for(b, "Nothing was saved and your input is kept")
    screen_b = server.screen(b)
    assert f"changed by {a}" in " ".join(screen_b.split()), screen_b
    assert "Ningbo Forge (B)" in screen_b, screen_b  # B's input is still in the form
    state = show(server, b, po)
    assert state["case"]["supplier"] == "Ningbo Forge Ltd"
    assert state["history"][-1]["actor"] == a and state["history"][-1]["action"] == "case edited"
    _count("acknowledged writes", 1)  # A's edit
    _count("refused stale writes", 1)

    # What one keystroke costs on the wire (moving along the case list), and that an idle
    # screen costs nothing.
    for _ in range(2):  # back to the list, then clear its filter
        server.keys(a, "Escape")
        server.settle(logs[a])
    server.wait_for(a, "PO/SSH/APP2")
    FIGURES["bytes per keystroke (TERM=tmux-256color, default theme)"] = _bytes_per_key(server, a, logs[a])
    FIGURES["idle bytes in 3 s"] = _idle_bytes(server, logs[a])
    for u in (a, b):  # hang up: the sessions end with their clients
        server.tmux("kill-session", "-t", u)
        server.wait_gone(u)


def test_app_client_killed_during_its_save_leaves_the_case_whole(server):
    from casefile.store import parse_case_bytes

    a, _ = server.users
    po = "PO/SSH/APPCUT"
    write(server, a, "new", po, *NEW_CASE)
    _pad_case(server, po)
    _count("padding writes by root", 1)
    case_file = _case_file(server, po)
    before = parse_case_bytes(case_file, case_file.read_bytes())
    log = server.open_terminal("cut", server.client_commands()[0], PERSON=a)
    server.wait_for("cut", po)
    for keys in (["/"], ["-l", po], ["Enter"], ["Enter"], ["p"]):  # filter, open the case, its ledger
        server.keys("cut", *keys)
        server.settle(log)
    server.wait_for("cut", "BALANCE LOCKED")
    _fill_deposit_form(server, "cut", log)
    client = server.client_pid("cut")
    server.keys("cut", "F10")
    tmp_prefix = f".{case_file.name}."
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any(n.startswith(tmp_prefix) for n in os.listdir(case_file.parent)):
            _count("cuts during a save", 1)
            break
    os.kill(client, signal.SIGKILL)  # the connection is cut while the save's temp file is being written
    server.wait_gone(a)

    after = parse_case_bytes(case_file, case_file.read_bytes())  # raises on a torn file
    deposits = [p for p in after.payments if p.kind == "deposit"]
    if deposits:
        assert after.revision == before.revision + 1 and deposits[0].recorded_by == a
        _count("cut saves that landed whole", 1)
    else:
        assert after.revision == before.revision and after == before
        _count("cut saves that did not happen", 1)
    _count("connection cuts", 1)
    assert server.ssh(a, "casefile", "check").returncode == 0


def _fill_deposit_form(server, name: str, log) -> None:
    """In the ledger: open the payment form and type a deposit, ready to save with F10."""
    server.keys(name, "p")
    server.wait_for(name, "Record a payment")
    server.settle(log)
    # focus starts on Kind (deposit), then Status (paid), CNY, rate, expiry, quoted by, method, receipt
    for keys in (["Tab"], ["Tab"], ["-l", "25200.00"], ["Tab"], ["-l", "215.5000"], ["Tab"], ["Tab"], ["Tab"],
                 ["-l", "Alipay"], ["Tab"], ["-l", "ALI-2026-114"]):
        server.keys(name, *keys)
        server.settle(log, quiet=0.2)
    server.wait_for(name, "5,430,600.00")  # the NGN the form computed from CNY x rate


def _bytes_per_key(server, name: str, log, presses: int = 10) -> int:
    start = server.settle(log)
    for i in range(presses):
        server.keys(name, "Down" if i % 2 == 0 else "Up")
        server.settle(log, quiet=0.2)
    return round((server.settle(log) - start) / presses)


def _idle_bytes(server, log, seconds: float = 3.0) -> int:
    time.sleep(7)  # let the last notifications time out (6 s): their removal is output
    start = server.settle(log)
    time.sleep(seconds)
    return log.stat().st_size - start


def test_doc_client_commands_and_terminal_fitness_over_ssh(server):
    a, b = server.users
    app, one_command, slow_link = server.client_commands()
    for po in ("PO/SSH/FIT", "PO/SSH/FIT2"):
        write(server, a, "new", po, *NEW_CASE)

    out = ssh_env.run(["bash", "-c", one_command], env=server.env(PERSON=b, SERVER="127.0.0.1"), check=False)
    server.sessions += 1
    assert out.returncode == 0 and "PO/SSH/FIT" in out.stdout, out.stderr

    # Refused before the app starts, with the fix, and the exit code reaches the client.
    server.open_terminal("small", app, size=(70, 20), PERSON=a)
    server.wait_for("small", "needs at least 80x24")
    server.wait_for("small", "CLIENT EXITED 2")
    server.open_terminal("c-locale", app, PERSON=a, LANG="C")
    server.wait_for("c-locale", "export LANG=C.UTF-8")
    server.wait_for("c-locale", "CLIENT EXITED 2")

    # PuTTY's default TERM=xterm (16 colours) with the doc's slow-link command.
    log = server.open_terminal("putty", slow_link, PERSON=b, TERM="xterm")
    server.wait_for("putty", "PO/SSH/FIT2")
    FIGURES["bytes per keystroke (TERM=xterm, ansi-dark, --no-mouse)"] = _bytes_per_key(server, "putty", log)
    server.keys("putty", "q")
    server.wait_for("putty", "CLIENT EXITED 0")
