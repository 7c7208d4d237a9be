"""A process forked after the analyser loaded (a pre-forking server or worker pool) can
still analyse: Kiwi's thread pool does not survive a fork."""

import os
import signal
import subprocess
import sys

from tests.core.test_settings import BASE_DIR

FORK_THEN_ANALYSE = """
import os
from similarity import morphology

morphology.terms_many(["관리 시스템", "기업 유치"])  # the parent loads Kiwi and its pool
pid = os.fork()
if pid == 0:
    found = morphology.terms_many(["기업유치를 위한 관리시스템", "민원 서류 줄이기"])
    os._exit(0 if found[0] == ["기업", "유치", "관리", "시스템"] else 3)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
"""


def test_a_forked_child_analyses_a_batch_instead_of_hanging():
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", FORK_THEN_ANALYSE],
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the child too is killed if it hangs
    )
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError("the forked child hung") from None
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == "0"
