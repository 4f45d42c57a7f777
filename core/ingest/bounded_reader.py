"""Read a workbook the cell positions of which cannot be checked first (.xls, .xlsb, .ods) in a worker
process with a memory ceiling and a time limit.

The spreadsheet reader allocates a sheet's whole used range; a hostile or damaged file can make that
far more memory than the machine has, and the allocation failure aborts the process with no Python
exception to catch. In a worker, that ends the worker only, and the upload is refused.
This module imports nothing heavy: the worker starts from a fresh interpreter (spawn, never fork: the
app's server is multi-threaded) and imports only this module.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import queue
import resource
import tempfile
import time

from python_calamine import CalamineWorkbook

WORKER_MEMORY_BYTES = 1536 * 1024 * 1024  # address space, so it includes the interpreter (~100 MB)
WORKER_SECONDS = 60


class ReadRefused(Exception):
    """The worker ran out of memory or time, or failed; str(error) says which in a manager's words."""


def _read(path: str, limit: int, answer: multiprocessing.Queue) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # An allocation failure prints a native backtrace before aborting: the parent reports it in one line.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    try:
        with open(path, "rb") as file:
            data = file.read()
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {name: book.get_sheet_by_name(name) for name in book.sheet_names}
        answer.put(("ok", {name: (sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges)
                           for name, sheet in sheets.items()}))
    except Exception as error:  # noqa: BLE001 - the parent turns it into WorkbookUnreadable
        answer.put(("error", type(error).__name__))


def read_rows_in_worker(data: bytes, memory_bytes: int = WORKER_MEMORY_BYTES,
                        seconds: float = WORKER_SECONDS) -> dict[str, tuple[list[list], list | None]]:
    """Every sheet's cell rows and merged ranges (as CalamineSheet gives them), read under the limits."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    # The bytes go by a file, not as the worker's arguments: arguments larger than a pipe's buffer are
    # written while the parent itself holds the pipe's other end, so a worker that dies before reading
    # them would leave the parent waiting for ever.
    with tempfile.NamedTemporaryFile(prefix="scorecard-upload-", suffix=".bin") as file:
        file.write(data)
        file.flush()
        worker = context.Process(target=_read, args=(file.name, memory_bytes, answer), daemon=True)
        worker.start()
        try:
            status, payload = _wait(worker, answer, time.monotonic() + seconds)
        finally:
            if worker.is_alive():
                worker.kill()
            worker.join(timeout=10)
            answer.close()
    if status == "ok":
        return payload
    if payload is None:
        raise ReadRefused("reading it needed more memory or time than one upload may have "
                          f"({memory_bytes // 1_048_576:,} MB, {seconds:g} s)")
    raise ReadRefused(f"the reader failed ({payload})")


def _wait(worker: multiprocessing.Process, answer: multiprocessing.Queue, deadline: float) -> tuple[str, object]:
    """The worker's answer; ("error", None) when it died (out of memory aborts it) or ran out of time.
    Read before joining: a large answer fills the pipe, and the worker exits only once it is read."""
    while (left := deadline - time.monotonic()) > 0:
        try:
            return answer.get(timeout=min(0.2, left))
        except queue.Empty:
            if not worker.is_alive():
                try:
                    return answer.get(timeout=1)  # it answered just before it ended
                except queue.Empty:
                    return "error", None
    return "error", None
