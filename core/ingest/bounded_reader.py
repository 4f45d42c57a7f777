"""Read a workbook the cell positions of which cannot be checked first (.xls, .xlsb, .ods) in a worker
process with a memory ceiling and a time limit.

The spreadsheet reader allocates a sheet's whole used range; a hostile or damaged file can make that
far more memory than the machine has, and the allocation failure aborts the process with no Python
exception to catch. In a worker, that ends the worker only, and the upload is refused.

The worker is this module run as its own program (`python -m core.ingest.bounded_reader IN OUT LIMIT`),
started by subprocess: not multiprocessing, whose spawned children first re-run the parent's __main__,
and under Streamlit that is the app's own script. The upload and the answer travel by files.
"""

from __future__ import annotations

import io
import os
import pickle
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum

WORKER_MEMORY_BYTES = 1536 * 1024 * 1024  # address space, so it includes the interpreter (~100 MB)
WORKER_SECONDS = 60

Rows = dict[str, tuple[list[list], list | None]]


def visible_and_hidden(book: CalamineWorkbook) -> tuple[list[str], list[str]]:
    """The names of the sheets Excel shows, and of those it hides (hidden or very hidden): a hidden sheet
    usually holds workings or last year's figures, never what the council publishes."""
    visible = [sheet.name for sheet in book.sheets_metadata if sheet.visible == SheetVisibleEnum.Visible]
    return visible, [name for name in book.sheet_names if name not in set(visible)]


class ReadRefused(Exception):
    """The worker ran out of memory or time, or failed; str(error) says which in a manager's words."""


def _read(source: Path, answer: Path, limit: int) -> None:
    """In the worker: every shown sheet's rows and merged ranges and the hidden sheets' names, pickled to
    `answer` (or the error's name)."""
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # An allocation failure prints a native backtrace before aborting: the parent reports it in one line.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(source.read_bytes()))
        visible, hidden = visible_and_hidden(book)
        sheets = {name: book.get_sheet_by_name(name) for name in visible}
        result: tuple[str, object] = ("ok", ({name: (sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges)
                                              for name, sheet in sheets.items()}, hidden))
    except Exception as error:  # noqa: BLE001 - the parent turns it into WorkbookUnreadable
        result = ("error", type(error).__name__)
    answer.write_bytes(pickle.dumps(result))


def read_rows_in_worker(data: bytes, memory_bytes: int = WORKER_MEMORY_BYTES,
                        seconds: float = WORKER_SECONDS) -> tuple[Rows, list[str]]:
    """Every shown sheet's cell rows and merged ranges (as CalamineSheet gives them), read under the limits,
    and the names of the hidden sheets, which are not read."""
    with tempfile.TemporaryDirectory(prefix="scorecard-upload-") as folder:
        source, answer = Path(folder) / "upload.bin", Path(folder) / "answer.pickle"
        source.write_bytes(data)
        command = [sys.executable, "-m", "core.ingest.bounded_reader", str(source), str(answer), str(memory_bytes)]
        root = Path(__file__).resolve().parents[2]  # where `core` is importable from
        try:
            subprocess.run(command, cwd=root, timeout=seconds, check=False, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:  # run() has killed it
            status, payload = "error", None
        else:
            status, payload = pickle.loads(answer.read_bytes()) if answer.exists() else ("error", None)
    if status == "ok":
        return payload  # type: ignore[return-value]
    if payload is None:
        raise ReadRefused("reading it needed more memory or time than one upload may have "
                          f"({memory_bytes // 1_048_576:,} MB, {seconds:g} s)")
    raise ReadRefused(f"the reader failed ({payload})")


if __name__ == "__main__":
    _read(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
