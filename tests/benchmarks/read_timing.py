"""Timing reads for the benchmarks: the median of several runs, each in a fresh read session,
wall time and this process's CPU time (on a busy machine the CPU time is the steadier figure)."""

from __future__ import annotations

import time
from statistics import median


class Timing(float):
    """Median wall seconds (it is that float, so ratios and sums work), with the median CPU seconds."""

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Timing:
        timing = super().__new__(cls, wall)
        timing.cpu = cpu
        return timing


def timed(store, action, repeat: int) -> tuple[Timing, object]:
    """`action(session)` run `repeat` times, each in a fresh read session: its Timing and last result."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        with store.read() as session:
            session.connection()  # the connection and its read transaction are not what is timed
            start, start_cpu = time.perf_counter(), time.process_time()
            result = action(session)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return Timing(median(times), median(cpu)), result


def ms(timing: Timing) -> str:
    """Wall time and CPU time (on a loaded machine the wall time waits for other programs)."""
    return f"{timing * 1000:.0f} ms wall, CPU {timing.cpu * 1000:.0f} ms"
