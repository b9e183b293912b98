"""Running a command and measuring it: wall-clock time, peak memory, sizes, the machine."""

from __future__ import annotations

import os
import platform
import shutil
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_kb: int  # largest resident set of the process or any of its descendants
    returncode: int
    log: str = ""  # the last lines of its output, kept when it failed
    cpu_s: float = 0.0  # CPU time of the process tree (user + system)
    other_cpu_s: float = 0.0  # CPU time the rest of the machine used meanwhile: other people's work makes timings noisy


@dataclass
class Measure:
    """One tool at one size: every run, and the summary the report shows."""

    name: str
    runs: list[Run] = field(default_factory=list)
    error: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs)

    @property
    def median(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.peak_kb for r in self.runs) / 1024 if self.ok else None

    def as_dict(self) -> dict:
        return {"name": self.name, "median_s": self.median, "peak_mb": self.peak_mb, "error": self.error, "runs": [asdict(r) for r in self.runs], **self.extra}


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 1800.0) -> Run:
    """Run `cmd` once; wall-clock seconds and the peak RSS of its whole process tree.

    os.wait4 returns the child's resource usage, whose ru_maxrss covers the descendants it
    waited for (our build runs MkDocs in a child process). The command runs in its own
    process group, which is killed if it outlives `timeout`.
    """
    out_path = Path(cwd) / f".bench-{os.getpid()}-{threading.get_ident()}.log"
    busy_before = busy_cpu_s()
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): stop the command too, then go on stopping
            _kill_group(proc.pid)
            os.waitpid(proc.pid, 0)
            proc.returncode = -9
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    busy_after = busy_cpu_s()
    cpu = usage.ru_utime + usage.ru_stime
    other = max(0.0, busy_after - busy_before - cpu) if busy_before is not None and busy_after is not None else 0.0
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    text = out_path.read_text(encoding="utf-8", errors="replace")
    out_path.unlink(missing_ok=True)
    if killed.is_set():
        text += f"\n(killed after {timeout:.0f} s)"
    return Run(seconds, usage.ru_maxrss, code, "" if code == 0 else tail(text), round(cpu, 3), round(other, 3))


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def tail(text: str, lines: int = 25, chars: int = 4000) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])[-chars:]


#: Before each run, wait up to this many seconds for other processes to leave the CPU (0: do not wait);
#: the waiting stops for good once WAIT_BUDGET seconds have been spent on it in total.
WAIT_IDLE = 60.0
WAIT_BUDGET = 300.0
IDLE_BELOW = 0.15  # cores' worth of CPU used by others, over a one-second sample
waited = {"seconds": 0.0, "runs_started_busy": 0}


def wait_idle() -> None:
    """Wait until the machine is (nearly) idle, within WAIT_IDLE and what is left of WAIT_BUDGET."""
    limit = min(WAIT_IDLE, WAIT_BUDGET - waited["seconds"])
    start = time.perf_counter()
    while limit > 0:
        before = busy_cpu_s()
        time.sleep(1.0)
        after = busy_cpu_s()
        if before is None or after is None or after - before < IDLE_BELOW:
            break
        if time.perf_counter() - start >= limit:
            waited["runs_started_busy"] += 1
            break
    waited["seconds"] += time.perf_counter() - start


def interleave(specs: list[tuple[str, object, object]], times: int) -> list[Measure]:
    """Run several commands, (name, once, before) each, `times` times in rounds: one run of each per round.

    `before()` runs first each time; a command that fails is not run again.

    The virtual machine's speed drifts by tens of percent over minutes; alternating the tools
    spreads that drift over all of them instead of loading it onto whichever ran last.
    """
    measures = [Measure(name) for name, _, _ in specs]
    for _ in range(times):
        for m, (_, once, before) in zip(measures, specs, strict=True):
            if m.error is not None:
                continue
            if before is not None:
                before()
            if WAIT_IDLE > 0:
                wait_idle()
            r = once()
            if r.returncode != 0:
                m.error = f"exit {r.returncode}:\n{r.log}"
                m.extra["failed_after_s"] = round(r.seconds, 2)
                continue
            m.runs.append(r)
    return measures


def du_mb(path: Path) -> float | None:
    """Disk usage of a folder in MB (as `du -sk` counts it), or None if it does not exist."""
    if not Path(path).exists():
        return None
    du = shutil.which("du")
    if du:
        out = subprocess.run([du, "-sk", str(path)], capture_output=True, text=True)
        if out.returncode == 0:
            return int(out.stdout.split()[0]) / 1024
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1024 / 1024


def file_kb(path: Path) -> float | None:
    return Path(path).stat().st_size / 1024 if Path(path).is_file() else None


def rmtree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def machine() -> dict[str, str]:
    info = {"cores": str(os.cpu_count()), "os": f"{platform.system()} {platform.release()}", "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        info["os"] = next(line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text().splitlines() if line.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        pass
    return info


def busy_cpu_s() -> float | None:
    """CPU seconds the whole machine has spent running processes since boot (user, nice, system, irq)."""
    try:
        ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    except (OSError, IndexError, ValueError):
        return None
    return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / os.sysconf("SC_CLK_TCK")


def cpu_counters() -> tuple[int, int] | None:
    """(all CPU time, stolen CPU time) since boot, in ticks: stolen time is the hypervisor running others."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    ticks = [int(x) for x in fields[:8]]
    return sum(ticks), ticks[7] if len(ticks) > 7 else 0


def steal_pct(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    if not before or not after or after[0] <= before[0]:
        return None
    return round(100 * (after[1] - before[1]) / (after[0] - before[0]), 2)


def version_of(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if out.returncode == 0 and text else None
