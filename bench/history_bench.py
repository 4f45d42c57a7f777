"""Cost of building the shared (merged published) view after the 1st and after the 50th publication.

Each edition is a monthly workbook of N_INDICATORS x (whole authority + localities) x N_MONTHS rolling
months, published in order into a fresh SQLite store; merged_dataset() is timed (median) and its peak
Python memory measured after the first and after the last publication.
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

from core.ingest.load import load_workbook
from core.model import About, Indicator
from core.store import HistoryStore, merged_dataset
from core.template.contract import write_template

LOCALITIES = ["Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck", "West Dorset", "Weymouth"]
N_INDICATORS, N_MONTHS, N_PUBLICATIONS, RUNS = 30, 24, 50, 3


def edition(number: int) -> bytes:
    rng = np.random.default_rng(number)
    indicators = [Indicator(id=f"ind_{i:03d}", area="Profile", name=f"Indicator {i}", unit="count", good_is="low")
                  for i in range(N_INDICATORS)]
    end = pd.Period("2020-01", freq="M") + number
    months = pd.period_range(end=end, periods=N_MONTHS, freq="M").strftime("%Y-%m")
    grid = pd.MultiIndex.from_product([[i.id for i in indicators], ["", *LOCALITIES], months],
                                      names=["indicator_id", "locality", "month"]).to_frame(index=False)
    grid["value"] = rng.uniform(0, 100, len(grid)).round(1)
    buffer = io.BytesIO()
    write_template(buffer, about=About(authority="Bench", month_ending=end.end_time.date(), localities=LOCALITIES),
                   indicators=indicators, values=grid)
    return buffer.getvalue()


def cost(store: HistoryStore) -> tuple[float, float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        merged_dataset(store)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    merged_dataset(store)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 1_048_576


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore.open(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        figures = {}
        for number in range(1, N_PUBLICATIONS + 1):
            data, name = edition(number), f"edition_{number:02d}.xlsx"
            added = store.add_upload(data, name, load_workbook(data, name))
            store.publish(added.upload.id)
            if number in (1, N_PUBLICATIONS):
                figures[number] = cost(store)
        store.dispose()
    rows = N_INDICATORS * (len(LOCALITIES) + 1) * N_MONTHS
    print(f"shared view, {rows:,} observations per publication ({N_MONTHS} rolling months):")
    for number, (seconds, peak) in figures.items():
        print(f"  after publication {number:>2}: {seconds * 1000:8.0f} ms, peak Python memory {peak:7.1f} MB")
    ratio = figures[N_PUBLICATIONS][0] / figures[1][0]
    print(f"  cost ratio 50th / 1st: {ratio:.1f} (target: about 1)")


if __name__ == "__main__":
    main()
