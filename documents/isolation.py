"""Parsing untrusted files in a forked child process with memory, CPU and wall-clock limits.

The limits of `safety.py` refuse the bombs we know from their directory or page tree; whatever a
parser still chokes on (a pathological page, a file stored before the limits) can then exhaust
only the child, which the kernel stops at its address-space or CPU limit and the parent kills at
the wall-clock limit. The worker and its database connection live on and record the outcome.
Text extraction (services.run_extraction) and the parse of an office file at upload
(validation.py) run here.

Fork rather than a fresh interpreter: the child starts with the parsers already imported (an
interpreter importing pypdf takes about 0.4 s), and it shares the parent's memory until it
writes. The child never touches Django or the database, and leaves through os._exit, so nothing
inherited (the database socket, atexit handlers) is used or closed by it. Linux only (fork,
setrlimit, /proc).
"""

import gc
import json
import math
import os
import resource
import selectors
import signal
import time
from dataclasses import dataclass

from . import safety

# A reading that may stop early (text extraction) stops at this share of its time limit and
# returns what it has, so that a long file gives its beginning rather than nothing.
SOFT_SHARE = 0.75
# Seconds the parent waits beyond the time limit before it kills the child.
KILL_GRACE = 1.0
# Exit status of a child whose result could not be written for lack of memory.
EXIT_MEMORY = 3


@dataclass(frozen=True)
class Outcome:
    """What became of one call. kind: "done" (value set), "refused" (refusal set: a limit of
    safety.py), "error" (error set: the parser failed), "memory", "time" or "crashed" (signal or
    exit status set)."""

    kind: str
    value: object = None
    refusal: safety.UnsafeFile | None = None
    error: str = ""
    signal: int | None = None
    status: int | None = None


def soft_deadline(timeout):
    """The time.monotonic() value at which a reading that may stop early should stop."""
    return time.monotonic() + timeout * SOFT_SHARE


def call(function, args, *, timeout, memory):
    """Run function(*args) in a forked child held to `timeout` seconds (CPU and wall clock) and
    to `memory` bytes of address space beyond the parent's; always returns an Outcome.

    The function returns what JSON can carry. Import the modules it needs before calling, so
    that each child does not import them again.
    """
    started = time.monotonic()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_fd)
        _child(write_fd, function, args, timeout, memory)
    os.close(write_fd)
    try:
        payload, timed_out = _read(read_fd, pid, started + timeout + KILL_GRACE)
    finally:
        os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return Outcome("time")
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return Outcome("time") if number == signal.SIGXCPU else Outcome("crashed", signal=number)
    code = os.WEXITSTATUS(status)
    if code == EXIT_MEMORY:
        return Outcome("memory")
    if code != 0 or not payload:
        return Outcome("crashed", status=code)
    result = json.loads(payload.decode("utf-8"))
    kind = result["kind"]
    if kind == "refused":
        return Outcome(kind, refusal=safety.UnsafeFile(result["code"], **result["params"]))
    return Outcome(kind, value=result.get("value"), error=result.get("error", ""))


def _read(read_fd, pid, deadline):
    """Everything the child writes, or (None, True) once the deadline passed and it was killed."""
    chunks = []
    with selectors.DefaultSelector() as selector:
        selector.register(read_fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                return None, True
            if not selector.select(remaining):
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)


def _child(write_fd, function, args, timeout, memory):  # pragma: no cover - runs in the child
    status = 0
    try:
        # The parent's objects are never garbage here: keep the collector from walking (and so
        # copying) all of them; it still collects what the parser makes.
        gc.freeze()
        _limit_resources(timeout, memory)
        try:
            result = {"kind": "done", "value": function(*args)}
        except safety.UnsafeFile as refusal:
            result = {"kind": "refused", "code": refusal.code, "params": refusal.params}
        except MemoryError:
            result = {"kind": "memory"}
        except Exception as error:  # any parser error: the file could not be read
            if _out_of_memory(error):
                result = {"kind": "memory"}
            else:
                result = {"kind": "error", "error": f"{type(error).__name__}: {error}"[:300]}
        # "replace": a lone surrogate a parser made of a broken font map becomes "?".
        payload = json.dumps(result, ensure_ascii=False).encode("utf-8", "replace")
        payload = memoryview(payload)
        while payload:
            payload = payload[os.write(write_fd, payload) :]
    except MemoryError:
        status = EXIT_MEMORY
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _out_of_memory(error):  # pragma: no cover - runs in the child
    """libxml2 (lxml: python-docx, openpyxl) reports a failed allocation as a syntax error with
    its code XML_ERR_NO_MEMORY (2), not as MemoryError."""
    return type(error).__module__.startswith("lxml") and getattr(error, "code", None) == 2


def _limit_resources(timeout, memory):  # pragma: no cover - runs in the child
    """Address space: what the child has at the fork plus `memory`; CPU: `timeout` seconds (the
    kernel then sends SIGXCPU); no core dumps."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    seconds = max(1, math.ceil(timeout))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    allowed = pages * resource.getpagesize() + memory
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        allowed = min(allowed, hard)
    resource.setrlimit(resource.RLIMIT_AS, (allowed, allowed))
