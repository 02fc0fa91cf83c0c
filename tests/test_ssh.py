"""The SSH proof: a real OpenSSH server, throwaway accounts in one team, the app driven
over `ssh -tt` inside tmux at 80x24, and the admin's side of docs/deploy-ssh.md (joining,
leaving, upgrading, backups), all by the doc's own commands.

Skips with the reason where the machine cannot host sshd; on CI (CI=true) it fails instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import random
import re
import secrets
import signal
import tarfile
import threading
import time
from pathlib import Path

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
    from casefile.actions.workspace import Workspace

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
    from casefile.records.log_entry import EntryDraft, chain_entry
    from casefile.actions.workspace import Workspace
    from casefile.store.protocol import Change

    ws = Workspace.open(server.ws, create=False)

    def pad(state):
        chain = list(state.correspondence)
        for i in range(entries):
            chain.append(chain_entry(EntryDraft(subject=f"padding {i}", body="x" * 19_000), "padding", chain))
        return Change("padding", records=chain[len(state.correspondence):])

    ws.transact(po, pad)


def test_connection_cut_in_the_middle_of_a_save_leaves_the_case_whole(server):
    from casefile.records.log_chain import verify_chain
    from casefile.store.case_file import parse_case_bytes

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
    from casefile.records.po import po_filename

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
    default = logs[a].read_bytes()
    assert MOUSE_ON in default  # mouse tracking, unless --no-mouse
    assert not TRUECOLOUR.search(default)  # no COLORTERM sent: 256 colours
    assert _colours_256(default) - GREYS_256  # in colour, so the monochrome check below can fail
    for u in (a, b):  # hang up: the sessions end with their clients
        server.tmux("kill-session", "-t", u)
        server.wait_gone(u)


def test_app_client_killed_during_its_save_leaves_the_case_whole(server):
    from casefile.store.case_file import parse_case_bytes

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
    # the form opens on the payment due next, the deposit, its amount filled in and focused;
    # then rate, expiry, quoted by, method, receipt
    for keys in (["Tab"], ["-l", "215.5000"], ["Tab"], ["Tab"], ["Tab"],
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
    app, one_command, slow_link, monochrome = server.client_commands()
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
    putty = log.read_bytes()
    assert MOUSE_ON not in putty
    assert not re.search(rb"[34]8;[25];", putty)  # 16 colours: neither 256 nor truecolour

    # NO_COLOR sent and accepted: shades of grey only.
    log = server.open_terminal("mono", monochrome, PERSON=a)
    server.wait_for("mono", "PO/SSH/FIT2")
    server.settle(log)
    server.keys("mono", "q")
    server.wait_for("mono", "CLIENT EXITED 0")
    greys = _colours_256(log.read_bytes())
    assert greys and greys <= GREYS_256, sorted(greys - GREYS_256)


MOUSE_ON = b"\x1b[?1003h"  # any-motion tracking, as Textual switches it on
TRUECOLOUR = re.compile(rb"[34]8;2;\d+;\d+;\d+")
# xterm's 256 colours whose red, green and blue are equal: the four grey system colours,
# the cube's diagonal and the grey ramp
GREYS_256 = {0, 7, 8, 15, 16, 59, 102, 145, 188, 231, *range(232, 256)}


def _colours_256(out: bytes) -> set[int]:
    return {int(n) for n in re.findall(rb"[34]8;5;(\d+)", out)}


# -- the admin's side of the doc ------------------------------------------------------------

def test_doc_writes_out_step_1s_names_where_no_variable_reaches():
    """sshd and cron read no shell variables: their blocks spell out step 1's values, and the
    test swaps exactly those values for its own (so a block that drifted from step 1 fails)."""
    assert {k: ssh_env.doc_settings().get(k) for k in ssh_env.DOC_DEFAULTS} == ssh_env.DOC_DEFAULTS
    blocks = ssh_env.doc_blocks()
    for key in ("TEAM", "APP", "WS"):
        assert ssh_env.DOC_DEFAULTS[key] in blocks["sshd"], key
    for key in ("WS", "BACKUPS"):
        assert ssh_env.DOC_DEFAULTS[key] in blocks["cron"], key


def test_sshd_check_passes_the_doc_block_and_names_a_misspelt_line(server):
    # The doc's block already passed the doc's check when the server started; a typo must not.
    bad = server.root / "etc" / "sshd_config.typo"
    bad.write_text(server.base_sshd_config() + server.sshd_snippet().replace("DisableForwarding", "DisableForwading"))
    out = server.check_sshd_config(bad)
    assert out.returncode != 0
    line = 1 + next(i for i, text in enumerate(bad.read_text().splitlines()) if "DisableForwading" in text)
    assert f"{bad}: line {line}: Bad configuration option: DisableForwading" in out.stderr, out.stderr


def test_no_file_transfer_and_no_forwarding(server):
    a, _ = server.users
    client = server.root / "client"
    client.mkdir(exist_ok=True)
    cfg = ["-F", str(server.client_config)]
    attempts = {
        "scp": ["/usr/bin/scp", *cfg, f"{a}@127.0.0.1:/etc/hostname", str(client / "scp")],
        "scp -O": ["/usr/bin/scp", "-O", *cfg, f"{a}@127.0.0.1:/etc/hostname", str(client / "scp-O")],
        "sftp": ["/usr/bin/sftp", *cfg, "-b", "-", f"{a}@127.0.0.1"],
        # stdio forwarding to the server's own sshd: it would print sshd's banner
        "ssh -W": ["/usr/bin/ssh", *cfg, "-W", f"127.0.0.1:{server.port}", f"{a}@127.0.0.1"],
        "ssh -R": ["/usr/bin/ssh", *cfg, "-N", "-o", "ExitOnForwardFailure=yes", "-R", f"0:127.0.0.1:{server.port}",
                   f"{a}@127.0.0.1"],
    }
    for what, command in attempts.items():
        out = ssh_env.run(command, env=server.env(), check=False, timeout=30,
                          input="get /etc/hostname\n" if what == "sftp" else "")
        server.sessions += 1
        assert out.returncode != 0, what
        assert "SSH-2.0" not in out.stdout and not list(client.iterdir()), what
    # ssh -A: with agent forwarding on, sshd makes the session an agent socket in /tmp
    uid = pwd.getpwnam(a).pw_uid
    server.open_terminal("agent", f"ssh-agent ssh -A -t {a}@127.0.0.1")
    server.wait_for("agent", "Quit")
    assert not [p for p in Path("/tmp").glob("ssh-*") if _owner(p) == uid]
    server.keys("agent", "q")
    server.wait_for("agent", "CLIENT EXITED 0")
    _count("file transfers and forwardings refused", len(attempts) + 1)


def _owner(path: Path) -> int | None:
    try:
        return path.stat().st_uid
    except FileNotFoundError:  # someone else's, gone meanwhile
        return None


def test_an_existing_account_joins_the_team_and_leaves_it(server):
    a, _ = server.users
    d = server.add_person("d", existing=True)  # useradd --user-group, then the doc's `join`
    po = "PO/SSH/JOIN"
    write(server, a, "new", po, *NEW_CASE)
    write(server, d, "note", po, "--subject", "joined the team")

    # Still in their own primary group, yet what they save is the team's.
    assert pwd.getpwnam(d).pw_gid == ssh_env.grp.getgrnam(d).gr_gid
    saved = _case_file(server, po).stat()
    assert (saved.st_uid, saved.st_gid, ssh_env.stat.S_IMODE(saved.st_mode)) == (
        pwd.getpwnam(d).pw_uid, ssh_env.group_id(server.team), 0o660)
    write(server, a, "note", po, "--subject", "a colleague replaces the file d saved")
    out = server.ssh(d, "ls", "/")  # their shell over SSH is gone
    assert out.returncode == 2 and "runs only casefile" in out.stderr

    server.open_terminal("d", server.client_commands()[0], PERSON=d)  # the app, left open
    server.wait_for("d", po)
    server.run_doc("leave", PERSON=d)
    server.wait_for("d", "CLIENT EXITED 255")  # the doc's pkill ended it
    server.wait_gone(d)
    out = ssh_env.run(["runuser", "-u", d, "--", "ls", str(server.ws)], check=False)
    assert out.returncode != 0 and "Permission denied" in out.stderr
    assert [e["actor"] for e in show(server, a, po)["history"]] == [a, d, a]


def test_upgrade_under_an_open_session_then_remove_its_account(server):
    a, _ = server.users
    c = server.add_person("c")
    keymap = server.root / "keymap.json"
    keymap.write_text(json.dumps({"app.help": "f1,h"}))
    server.run_doc("keymap", PERSON=c, KEYMAP=str(keymap))
    po = "PO/SSH/GONE"
    write(server, a, "new", po, *NEW_CASE)
    write(server, c, "note", po, "--subject", "from c, before leaving")

    log = server.open_terminal("c", server.client_commands()[0], PERSON=c, COLORTERM="truecolor")
    server.wait_for("c", po)
    assert TRUECOLOUR.search(log.read_bytes())  # COLORTERM sent and accepted

    start = time.monotonic()
    with _watch_missing(next(server.app.glob("lib/python3*/site-packages/tui/ssh_login.py"))) as missing:
        out = server.run_doc("upgrade")
    FIGURES["upgrade under an open session"] = f"{time.monotonic() - start:.0f}s"
    FIGURES["app files missing during the upgrade"] = f"{missing[0]:.2f}s"
    assert missing[0] > 0  # pip did replace the files under the session
    # who is connected (other test runs on this machine may be listed too)
    assert re.search(rf"^{c} +[0-9:-]+ \S+/python -m tui\.ssh_login {server.ws}$", out.stdout, re.M), out.stdout
    # The open session opens a screen it had not loaded (from the new files), through the
    # key its own keymap gives it, and carries on.
    server.keys("c", "h")
    server.wait_for("c", "Help: every key")
    server.keys("c", "Escape")
    server.wait_for("c", po)
    assert server.ssh(c, "casefile", "list").returncode == 0  # a login after the upgrade

    server.run_doc("remove", PERSON=c)  # with c's session still open
    server.wait_for("c", "CLIENT EXITED 255")
    with pytest.raises(KeyError):
        pwd.getpwnam(c)
    assert not Path(f"/home/{c}").exists()
    state = show(server, a, po)
    assert [e["actor"] for e in state["history"]] == [a, c]
    assert state["correspondence"][0]["author"] == c
    write(server, a, "note", po, "--subject", "after c left")  # the file c saved last is still the team's


@contextlib.contextmanager
def _watch_missing(path: Path):
    """Yields [seconds `path` was missing while the block ran], filled in at its end."""
    missing = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not path.exists():
                gone = time.monotonic()
                while not path.exists() and not done.is_set():
                    time.sleep(0.001)
                missing[0] += time.monotonic() - gone
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield missing
    finally:
        done.set()
        watcher.join()


def test_backup_while_colleagues_save_then_restore_a_torn_case(server):
    from casefile.store.case_file import parse_case_bytes

    a, b = server.users
    busy, torn = "PO/SSH/BACKUP-BUSY", "PO/SSH/BACKUP-TORN"
    for po in (busy, torn):
        write(server, a, "new", po, *NEW_CASE)
    write(server, b, "note", torn, "--subject", "before the backup")
    server.run_doc("backup")
    assert ssh_env.mode(server.backups) == 0o700

    saves = [server.ssh_popen(u, "casefile", "note", busy, "--subject", f"saved during a backup {i}")
             for i in range(4) for u in (a, b)]
    during = 0
    while any(p.poll() is None for p in saves):
        server.run_cron()  # exits 0, or the line's `|| [ $? -eq 1 ]` did not hold
        during += 1
        time.sleep(0.1)  # the saves need the CPU too (two cores)
    for p in saves:
        _, err = p.communicate()
        assert p.returncode == 0, err
    _count("acknowledged writes", len(saves))
    FIGURES["backups taken while colleagues saved"] = during
    assert during >= 1
    archive = max(server.backups.iterdir(), key=lambda p: p.stat().st_mtime)
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
        cases = [m for name, m in members.items() if name.startswith("./cases/") and name.endswith(".json")]
        assert len(cases) == len(list(server.ws.glob("cases/*.json")))
        for m in cases:  # every case file whole
            parse_case_bytes(Path(m.name), tar.extractfile(m).read())
    assert not [n for n in members if n.endswith((".lock", ".tmp"))]
    assert members["."].mode & 0o7777 == 0o2770 and members["."].gname == server.team

    case_file = _case_file(server, torn)
    whole = case_file.read_bytes()
    case_file.write_bytes(whole[: len(whole) // 2])  # torn, as by a disk fault
    out = server.ssh(a, "casefile", "check")
    assert out.returncode == 1
    bad = re.search(r"^BAD (\S+): ", out.stderr, re.M)
    assert bad and Path(bad[1]) == case_file, out.stderr
    server.run_doc("restore", NAME=Path(bad[1]).name, BACKUP=str(archive))
    assert case_file.read_bytes() == whole
    restored = case_file.stat()
    assert (restored.st_gid, ssh_env.stat.S_IMODE(restored.st_mode)) == (ssh_env.group_id(server.team), 0o660)
    out = server.ssh(a, "casefile", "check")
    assert out.returncode == 0 and "0 unreadable, 0 changed outside Casefile" in out.stdout, out.stderr
    write(server, b, "note", torn, "--subject", "after the restore")  # the team writes it again

    elsewhere = server.root / "srv" / "restored"
    out = server.run_doc("restore-all", settings={"WS": str(elsewhere)}, BACKUP=str(archive))
    assert "0 unreadable, 0 changed outside Casefile" in out.stdout
    assert ssh_env.mode(elsewhere) == 0o2770 and elsewhere.stat().st_gid == ssh_env.group_id(server.team)
    assert {ssh_env.mode(p) for p in elsewhere.glob("cases/*.json")} == {0o660}
    _count("case files restored from a backup", 1)


def test_dossier_arrives_on_the_client_byte_for_byte(server):
    a, b = server.users
    po = "PO/SSH 114 DOSSIER"  # spaces: the doc's second pair of quotes
    write(server, a, "new", po, "--supplier", "宁波 Forge", *NEW_CASE[2:])
    client = server.root / "dossier-client"
    client.mkdir()
    server.run_doc("dossier", cwd=client, PERSON=b, SERVER="127.0.0.1", PO=f"'{po}'")
    server.sessions += 1
    received = (client / "dossier.md").read_bytes()
    local = ssh_env.run([str(server.app / "bin" / "casefile"), "--data", str(server.ws), "export", po],
                        text=False).stdout
    assert received == local and received.startswith(f"# Case file: {po}\n".encode())
    assert "宁波 Forge".encode() in received
