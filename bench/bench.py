"""Speed check: ingest + validate + rate against a bare calamine read of the same workbook.

Generates two workbooks (cached in bench/out) and prints, in one run:
  - the template-format stress workbook (3 years x 7 localities + whole authority x 100 indicators):
    bare pd.read_excel(engine="calamine") of every sheet against load_workbook() (read, validate,
    build the model) + rating, direction and travel of every row; one page's scorecard; the what-if
    re-rate of the whole table with target overrides;
  - a published-layout workbook (100 indicators x (whole authority + 79 localities) x 36 months on 9
    area sheets, the way councils print their packs): the same ingest ratio;
  - `python -m core scorecard` on the published workbook as a whole process, against a whole process
    that only imports pandas and reads the file with calamine.
Targets: ingest ratio <= 1.3 at both sizes; re-rate <= 50 ms; command ratio <= 1.5. Medians of several runs,
in CPU seconds (this process and its children), so other work on a shared machine does not skew them.
"""

from __future__ import annotations

import io
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.ingest.load import load_workbook  # noqa: E402
from core.model import About, AmberBand, Indicator  # noqa: E402
from core.rules.direction import direction_of_travel  # noqa: E402
from core.rules.rag import rate  # noqa: E402
from core.template.contract import write_template  # noqa: E402
from core.views.scorecard import build_scorecard  # noqa: E402

LOCALITIES = ["Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck", "West Dorset", "Weymouth"]
N_INDICATORS, N_MONTHS, RUNS = 100, 36, 7
PUBLISHED_LOCALITIES = [f"Locality {i:02d}" for i in range(1, 80)]  # + the whole authority = 80 rows each
PUBLISHED_AREAS = ["Profile", "Placement", "Health", "Education", "Adoption", "Care Leavers", "Fostering",
                   "Safeguarding", "Participation"]
INGEST_TARGET, RERATE_TARGET, COMMAND_TARGET = 1.3, 0.05, 1.5


def stress_workbook() -> bytes:
    rng = np.random.default_rng(7)
    units = np.array(["percent", "count", "days", "rate_per_10k"])
    indicators = [
        Indicator(id=f"ind_{i:03d}", area=["Profile", "Placement", "Education", "Adoption", "Care Leavers"][i % 5],
                  name=f"Stress indicator {i}", unit=units[i % 4], good_is=["high", "low", "neutral"][i % 3],
                  target=float(rng.integers(10, 90)), amber_band=AmberBand(kind="absolute", value=5) if i % 2 else None)
        for i in range(N_INDICATORS)
    ]
    months = pd.period_range("2020-04", periods=N_MONTHS, freq="M").strftime("%Y-%m")
    grid = pd.MultiIndex.from_product([[i.id for i in indicators], ["", *LOCALITIES], months],
                                      names=["indicator_id", "locality", "month"]).to_frame(index=False)
    grid["value"] = rng.uniform(0, 100, len(grid)).round(1).astype(object)
    # Real workbooks are messy: some text notes, percentages typed as text, blanks.
    messy = rng.random(len(grid))
    grid.loc[messy < 0.03, "value"] = "NA"
    grid.loc[(messy >= 0.03) & (messy < 0.05), "value"] = "12.5%"
    grid.loc[(messy >= 0.05) & (messy < 0.06), "value"] = None
    grid["numerator"] = rng.integers(0, 50, len(grid))
    grid["denominator"] = grid["numerator"] + rng.integers(1, 50, len(grid))
    grid["note"] = np.where((messy >= 0.06) & (messy < 0.07), "Provisional", None)
    buffer = io.BytesIO()
    write_template(buffer, about=About(authority="Stress", localities=LOCALITIES), indicators=indicators,
                   values=grid)
    return buffer.getvalue()


def published_workbook() -> bytes:
    """Nine area sheets as a council prints them: a title naming the council, a header row, then per
    indicator a whole-authority row (locality blank) and one row per locality; text cells mixed in."""
    rng = np.random.default_rng(11)
    months = pd.period_range("2020-04", periods=N_MONTHS, freq="M")
    header = ["Indicator", "Locality", "Unit", "Good Is", "England Av.", "Target",
              *months.strftime("%b-%y"), "Latest D.O.T."]
    units, polarity = ["%", "No.", "Days", "Rate per 10,000"], ["High", "Low", "Neutral"]
    book = openpyxl.Workbook(write_only=True)
    per_sheet = np.array_split(np.arange(N_INDICATORS), len(PUBLISHED_AREAS))
    for area, numbers in zip(PUBLISHED_AREAS, per_sheet):
        sheet = book.create_sheet(area)
        sheet.append([f"Stress County Council - Corporate Parenting Board scorecard: {area}"])
        sheet.append([None])
        sheet.append(header)
        for i in numbers.tolist():
            figures = rng.uniform(0, 100, (1 + len(PUBLISHED_LOCALITIES), N_MONTHS)).round(1).astype(object)
            messy = rng.random(figures.shape)
            figures[messy < 0.03] = "NA"
            figures[(messy >= 0.03) & (messy < 0.05)] = "12.5%"
            figures[(messy >= 0.05) & (messy < 0.06)] = None
            figures[(messy >= 0.06) & (messy < 0.065)] = "25.4% (Provisional)"
            if units[i % 4] == "No.":  # counts: the localities add up to the whole authority, as they do
                figures = rng.integers(0, 40, figures.shape).astype(object)
                figures[0] = figures[1:].sum(axis=0)
            details = [units[i % 4], polarity[i % 3], float(rng.integers(10, 90)), float(rng.integers(10, 90))]
            for locality, row in zip([None, *PUBLISHED_LOCALITIES], figures.tolist()):
                sheet.append([f"Stress indicator {i}", locality, *details, *row,
                              "Improving" if locality is None else None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def median_seconds(work: Callable[[], object], runs: int = RUNS) -> float:
    """Median CPU seconds of this process and its children: the machine may be busy with other work,
    which stretches wall-clock time without saying anything about ours."""
    times = []
    for _ in range(runs):
        start = _cpu_seconds()
        work()
        times.append(_cpu_seconds() - start)
    return statistics.median(times)


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def cached(path: Path, build: Callable[[], bytes]) -> bytes:
    if not path.exists():
        path.write_bytes(build())
    return path.read_bytes()


def ingest_ratio(data: bytes, name: str, runs: int = RUNS) -> tuple[float, float]:
    """(bare calamine read, ingest + validate + rate of every row), median seconds of `runs` each."""
    bare = median_seconds(lambda: pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=None), runs)

    def ingest_and_rate() -> None:
        result = load_workbook(data, name)
        assert result.usable, result.report.text()
        model = result.dataset
        indicators = model.indicator_frame()
        rate(direction_of_travel(model.observations, indicators), indicators)

    return bare, median_seconds(ingest_and_rate, runs)


# A whole process that does nothing but what any reader must: start Python, import pandas, read every sheet.
_BARE_PROCESS = ("import sys, pandas as pd; "
                 "pd.read_excel(sys.argv[1], engine='calamine', sheet_name=None)")


def process_seconds(argv: list[str], runs: int = 5) -> float:
    def run() -> None:
        done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert done.returncode == 0, done.stderr
    return median_seconds(run, runs)


def main() -> None:
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    stress_path, published_path = out / "stress.xlsx", out / "published_80_localities.xlsx"
    data = cached(stress_path, stress_workbook)
    published = cached(published_path, published_workbook)

    bare, ours = ingest_ratio(data, stress_path.name)
    model = load_workbook(data, stress_path.name).dataset
    page = median_seconds(lambda: build_scorecard(model, locality=LOCALITIES[0]), runs=7)
    indicators = model.indicator_frame()
    overrides = pd.DataFrame({"target": indicators["target"] * 1.05}, index=indicators.index)
    rerate = median_seconds(lambda: rate(model.observations, indicators, overrides), runs=15)
    tracemalloc.start()
    load_workbook(data, stress_path.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    pub_bare, pub_ours = ingest_ratio(published, published_path.name, runs=5)
    pub_rows = len(load_workbook(published, published_path.name).dataset.observations)
    bare_process = process_seconds([sys.executable, "-c", _BARE_PROCESS, str(published_path)])
    command = process_seconds([sys.executable, "-m", "core", "scorecard", str(published_path)])

    rows = len(model.observations)
    ratio, pub_ratio, command_ratio = ours / bare, pub_ours / pub_bare, command / bare_process
    print(f"stress workbook: {N_INDICATORS} indicators x {len(LOCALITIES)} localities + whole authority x "
          f"{N_MONTHS} months = {rows:,} value rows, {len(data) / 1_048_576:.1f} MB")
    print(f"  bare pd.read_excel(engine='calamine'), all sheets: {bare * 1000:8.0f} ms")
    print(f"  ingest + validate + rate (every row):            {ours * 1000:8.0f} ms   "
          f"ratio {ratio:.2f} (target <= {INGEST_TARGET})")
    print(f"  one page's scorecard (a locality, a month, SPC):   {page * 1000:8.1f} ms")
    print(f"  what-if re-rate of {rows:,} rows:                 {rerate * 1000:8.1f} ms   "
          f"(target <= {RERATE_TARGET * 1000:.0f} ms)")
    print(f"  peak Python memory while loading:                {peak / 1_048_576:8.1f} MB")
    print(f"published workbook: {N_INDICATORS} indicators x (whole authority + {len(PUBLISHED_LOCALITIES)} "
          f"localities) x {N_MONTHS} months on {len(PUBLISHED_AREAS)} sheets = {pub_rows:,} value rows, "
          f"{len(published) / 1_048_576:.1f} MB")
    print(f"  bare pd.read_excel(engine='calamine'), all sheets: {pub_bare * 1000:8.0f} ms")
    print(f"  ingest + validate + rate (every row):            {pub_ours * 1000:8.0f} ms   "
          f"ratio {pub_ratio:.2f} (target <= {INGEST_TARGET})")
    print(f"  process: python -c 'import pandas; read_excel':  {bare_process * 1000:8.0f} ms")
    print(f"  process: python -m core scorecard:               {command * 1000:8.0f} ms   "
          f"ratio {command_ratio:.2f} (target <= {COMMAND_TARGET})")
    passed = (ratio <= INGEST_TARGET and pub_ratio <= INGEST_TARGET and rerate <= RERATE_TARGET
              and command_ratio <= COMMAND_TARGET)
    print("PASS" if passed else "MISS")


if __name__ == "__main__":
    main()
