"""Cost of building the shared (merged published) view after the 1st and after the 50th publication.

Each edition is a monthly workbook of N_INDICATORS x (whole authority + localities) x N_MONTHS rolling
months, with commentary on its own month (every indicator and N_AREA_NOTES area notes) and a target for
every indicator from each April it covers; published in order into a fresh SQLite store. merged_dataset()
is timed (median of RUNS) and its peak Python memory measured after the first and after the last
publication, beside the rows the view holds and the rows stored.

The view itself grows (each edition adds a month, its commentary and its targets), so the cost is
compared per row of the view: after the 50th publication it should be about what it was after the
first (target: at most MAX_PER_ROW_RATIO).
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel
from sqlalchemy import func, select

from core.ingest.load import load_workbook
from core.model import About, Commentary, Indicator, conform_targets
from core.store import HistoryStore, merged_dataset
from core.store.schema import observations
from core.template.contract import write_template

LOCALITIES = ["Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck", "West Dorset", "Weymouth"]
N_INDICATORS, N_MONTHS, N_AREA_NOTES, N_PUBLICATIONS, RUNS = 30, 24, 5, 50, 5
MAX_PER_ROW_RATIO = 1.5


class Cost(BaseModel):
    seconds: float
    peak_mb: float
    observations: int  # rows of the view
    notes: int
    targets: int
    stored_observations: int  # rows in the store, every edition's

    @property
    def view_rows(self) -> int:
        return self.observations + self.notes + self.targets


def edition(number: int) -> bytes:
    rng = np.random.default_rng(number)
    indicators = [Indicator(id=f"ind_{i:03d}", area="Profile", name=f"Indicator {i}", unit="count", good_is="low")
                  for i in range(N_INDICATORS)]
    ids = [indicator.id for indicator in indicators]
    end = pd.Period("2020-01", freq="M") + number
    periods = pd.period_range(end=end, periods=N_MONTHS, freq="M")
    grid = pd.MultiIndex.from_product([ids, ["", *LOCALITIES], periods.strftime("%Y-%m")],
                                      names=["indicator_id", "locality", "month"]).to_frame(index=False)
    grid["value"] = rng.uniform(0, 100, len(grid)).round(1)
    month = str(end)
    commentary = [Commentary(subject=subject, period=month, text=f"Words on {subject} for {month}.", author="BI")
                  for subject in [*ids, *(["Profile"] * N_AREA_NOTES)]]
    aprils = periods[periods.month == 4]
    targets = pd.DataFrame({"indicator_id": np.repeat(ids, len(aprils)),
                            "from_period": pd.PeriodIndex(np.tile(aprils, len(ids)), freq="M"),
                            "target": rng.uniform(0, 100, len(ids) * len(aprils)).round(1)})
    buffer = io.BytesIO()
    write_template(buffer, about=About(authority="Bench", month_ending=end.end_time.date(), localities=LOCALITIES),
                   indicators=indicators, values=grid, commentary=commentary, targets=conform_targets(targets))
    return buffer.getvalue()


def cost(store: HistoryStore) -> Cost:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        view = merged_dataset(store)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    merged_dataset(store)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with store.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(observations)).scalar_one()
    return Cost(seconds=statistics.median(times), peak_mb=peak / 1_048_576, observations=len(view.observations),
                notes=len(view.commentary), targets=len(view.targets), stored_observations=stored)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore.open(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        figures: dict[int, Cost] = {}
        for number in range(1, N_PUBLICATIONS + 1):
            data, name = edition(number), f"edition_{number:02d}.xlsx"
            added = store.add_upload(data, name, load_workbook(data, name))
            store.publish(added.upload.id)
            if number in (1, N_PUBLICATIONS):
                figures[number] = cost(store)
        store.dispose()
    print(f"shared view: {N_INDICATORS} indicators x {len(LOCALITIES) + 1} areas x {N_MONTHS} rolling months "
          f"per edition, with commentary and targets:")
    for number, figure in figures.items():
        print(f"  after publication {number:>2}: {figure.seconds * 1000:6.0f} ms, peak Python memory "
              f"{figure.peak_mb:5.1f} MB; view {figure.observations:,} observations, {figure.notes:,} notes, "
              f"{figure.targets:,} targets; store {figure.stored_observations:,} observations")
    first, last = figures[1], figures[N_PUBLICATIONS]
    time_ratio, rows_ratio = last.seconds / first.seconds, last.view_rows / first.view_rows
    per_row = time_ratio / rows_ratio
    print(f"  ratio 50th / 1st: cost {time_ratio:.1f}, rows of the view {rows_ratio:.1f}; cost per row of the "
          f"view {per_row:.2f} (target: at most {MAX_PER_ROW_RATIO}: {'met' if per_row <= MAX_PER_ROW_RATIO else 'NOT met'})")


if __name__ == "__main__":
    main()
