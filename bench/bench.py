"""Speed check: ingest + validate + rate against a bare calamine read of the same workbook.

Generates a stress workbook (3 years x 7 localities + whole authority x 100 indicators) in the
template format, then prints, in one run:
  - bare pd.read_excel(engine="calamine") of every sheet,
  - load_workbook() (read, validate, build the model) + rating, direction and the scorecard,
  - the what-if re-rate of the whole table with target overrides.
Targets: ingest ratio <= 1.3; re-rate <= 50 ms. Medians of several runs.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.ingest.load import load_workbook  # noqa: E402
from core.model import About, AmberBand, Indicator  # noqa: E402
from core.rules.direction import direction_of_travel  # noqa: E402
from core.rules.rag import rate  # noqa: E402
from core.template.contract import write_template  # noqa: E402
from core.views.scorecard import build_scorecard  # noqa: E402

LOCALITIES = ["Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck", "West Dorset", "Weymouth"]
N_INDICATORS, N_MONTHS, RUNS = 100, 36, 7


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


def median_seconds(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    path = out / "stress.xlsx"
    if not path.exists():
        path.write_bytes(stress_workbook())
    data = path.read_bytes()

    bare = median_seconds(lambda: pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=None))

    def ingest_and_rate() -> None:
        """Read, validate, build the model, then rate and travel every observation in the file."""
        result = load_workbook(data, path.name)
        assert result.usable, result.report.text()
        model = result.dataset
        indicators = model.indicator_frame()
        rate(direction_of_travel(model.observations, indicators), indicators)

    ours = median_seconds(ingest_and_rate)
    model = load_workbook(data, path.name).dataset
    page = median_seconds(lambda: build_scorecard(model, locality=LOCALITIES[0]), runs=7)

    indicators = model.indicator_frame()
    overrides = pd.DataFrame({"target": indicators["target"] * 1.05}, index=indicators.index)
    rerate = median_seconds(lambda: rate(model.observations, indicators, overrides), runs=15)

    tracemalloc.start()
    load_workbook(data, path.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rows = len(model.observations)
    ratio = ours / bare
    print(f"stress workbook: {N_INDICATORS} indicators x {len(LOCALITIES)} localities + whole authority x "
          f"{N_MONTHS} months = {rows:,} value rows, {len(data) / 1_048_576:.1f} MB")
    print(f"bare pd.read_excel(engine='calamine'), all sheets: {bare * 1000:8.0f} ms")
    print(f"ingest + validate + rate (every row):            {ours * 1000:8.0f} ms   ratio {ratio:.2f} (target <= 1.3)")
    print(f"one page's scorecard (a locality, a month, SPC):   {page * 1000:8.1f} ms")
    print(f"what-if re-rate of {rows:,} rows:                 {rerate * 1000:8.1f} ms   (target <= 50 ms)")
    print(f"peak Python memory while loading:                {peak / 1_048_576:8.1f} MB")
    print("PASS" if ratio <= 1.3 and rerate <= 0.05 else "MISS")


if __name__ == "__main__":
    main()
