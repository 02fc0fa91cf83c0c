"""The collector held off during bulk reads comes back on; a command's process ends with its
output written, whether or not a thread is still running."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

import pytest

from casefile.values.gc_pause import gc_paused


def test_collector_back_on_after_a_pause_even_when_the_block_fails():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            assert not gc.isenabled()
            with gc_paused():  # nested: the inner end leaves it off for the outer block
                pass
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()


def test_pauses_in_two_threads_never_leave_it_off():
    inner_in, outer_done = threading.Event(), threading.Event()

    def other():
        with gc_paused():
            inner_in.set()
            outer_done.wait(5)

    t = threading.Thread(target=other)
    with gc_paused():
        t.start()
        inner_in.wait(5)
    outer_done.set()
    t.join()
    assert gc.isenabled()


@pytest.mark.parametrize("thread", [False, True])
def test_a_large_output_arrives_whole_and_the_exit_code_is_kept(tmp_path, thread):
    # exit_now skips the interpreter's teardown only when no other thread runs; either way,
    # what was printed reaches a file or pipe in full
    code = (
        "import sys, threading, time\n"
        "from tui.cli import exit_now\n"
        f"if {thread}: threading.Thread(target=time.sleep, args=(0.2,)).start()\n"
        "sys.stdout.write('x' * 3_000_000)\n"
        "exit_now(3)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert out.returncode == 3
    assert len(out.stdout) == 3_000_000
    assert out.stderr == b""


def test_a_reader_gone_early_is_no_traceback():
    # `casefile agenda --json | head`: the output stops being read; the exit says nothing
    # (tui.cli.main turns the BrokenPipeError of a command's print into exit 0, as here)
    code = ("import sys\nfrom tui.cli import exit_now\ntry:\n    print('line\\n' * 200_000)\n"
            "except BrokenPipeError:\n    pass\nexit_now(0)\n")
    out = subprocess.run(f"{sys.executable} -c \"{code}\" | head -c 10", shell=True, capture_output=True)
    assert out.stdout == b"line\nline\n"
    assert b"Traceback" not in out.stderr and b"Exception ignored" not in out.stderr
