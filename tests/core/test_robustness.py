"""Whatever a workbook holds, loading it ends in a model or a report: never a traceback.

Random workbooks, seeded so a failure repeats: random sheets, random cell types in random places,
some shaped like a published scorecard, some like the template with broken cells.
"""

import io
import random
from datetime import datetime

import openpyxl
import pytest

from core.ingest.load import load_workbook
from core.template.contract import TEMPLATE_COLUMNS

CELL_MAKERS = [
    lambda r: r.randint(-5, 500),
    lambda r: round(r.uniform(-1, 120), 2),
    lambda r: r.choice(["NA", "-", "n/a", "tbc", "c", "<5", "12.5%", "25.4% (Provisional)", "15% (14% Oct)",
                        "Data published September 2023", "twelve", "", "  ", "=SUM(A1:A2)", "1,234", "Q2 22/23"]),
    lambda r: datetime(r.randint(2019, 2024), r.randint(1, 12), 1),
    lambda r: r.choice([True, False]),
    lambda r: None,
    lambda r: r.choice(["Oct 22", "Oct-22", "January 2023", "Target", "Good Is", "England Av.", "Indicator",
                        "Profile", "Care Leavers", "No. of CIC at end of month", "% CIC placed outside Dorset",
                        "Latest D.O.T.", "Improving", "Red", "High", "Low", "Unit", "%", "No."]),
]


def _random_workbook(seed: int) -> bytes:
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet_number in range(rng.randint(1, 3)):
        name = rng.choice(["Profile", "Appendix A", "Values", "Indicators", "Sheet", "Care Leavers", "About"])
        sheet = book.create_sheet(f"{name}{sheet_number}" if name in book.sheetnames else name)
        if rng.random() < 0.5:  # a header row a reader might take for a table
            headers = rng.sample(["Indicator", "Unit", "Good Is", "Target", "Oct 22", "Nov 22", "Dec 22",
                                  "Jan 23", "indicator_id", "month", "value", "locality", "Q3 22/23"], k=6)
            for col, header in enumerate(headers, start=1):
                sheet.cell(row=rng.randint(1, 4), column=col, value=header)
        for _ in range(rng.randint(0, 60)):
            value = rng.choice(CELL_MAKERS)(rng)
            cell = sheet.cell(row=rng.randint(1, 25), column=rng.randint(1, 12))
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a person would type it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _broken_template(seed: int) -> bytes:
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet_name, columns in TEMPLATE_COLUMNS.items():
        sheet = book.create_sheet(sheet_name)
        sheet.append(columns)
        for _ in range(rng.randint(0, 15)):
            sheet.append([rng.choice(CELL_MAKERS)(rng) for _ in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(40))
def test_random_workbooks_never_raise(seed):
    for data in (_random_workbook(seed), _broken_template(seed)):
        result = load_workbook(data, f"random-{seed}.xlsx")
        report = result.report
        assert report.rows_read == report.rows_used + report.rows_reported
        assert result.usable == (result.dataset is not None)
        if not result.usable:
            assert any(f.level == "error" for f in report.findings), report.text()
        assert all(f.message for f in report.findings)


ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
DAMAGE_TARGETS = {"sample": ROOT / "data" / "sample_scorecard.xlsx",
                  "published": ROOT / "tests" / "fixtures" / "published_layout.xlsx"}


def _damaged(path, seed: int, cells: int) -> bytes:
    """A real workbook with `cells` cells overwritten by random content."""
    rng = random.Random(seed)
    book = openpyxl.load_workbook(path)
    for _ in range(cells):
        sheet = book[rng.choice(book.sheetnames)]
        cell = sheet.cell(row=rng.randint(1, min(sheet.max_row, 300)), column=rng.randint(1, sheet.max_column))
        cell.value = rng.choice(CELL_MAKERS)(rng)
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("target", sorted(DAMAGE_TARGETS))
@pytest.mark.parametrize("seed", range(6))
def test_damaged_workbooks_still_load_and_every_view_renders(target, seed):
    from core.views.overview import (
        exceptions,
        going_well,
        headline_sentences,
        rag_counts_by_area,
    )
    from core.views.public import (
        indicator_history,
        locality_breakdown,
        public_scorecard,
        sparklines,
    )

    result = load_workbook(_damaged(DAMAGE_TARGETS[target], seed, cells=25), f"{target}-{seed}.xlsx")
    report = result.report
    assert report.rows_read == report.rows_used + report.rows_reported
    if not result.usable:
        assert any(f.level == "error" for f in report.findings)
        return
    model = result.dataset
    for locality in model.localities[:2]:
        view = public_scorecard(model, model.latest_period, locality)
        assert len(view) == len(model.indicators)
        sparklines(model, model.latest_period, locality)
        exceptions(view), going_well(view), rag_counts_by_area(view), headline_sentences(view)
        for indicator_id in list(model.indicators)[:4]:
            locality_breakdown(model, indicator_id, model.latest_period)
            indicator_history(model, indicator_id, locality, model.latest_period)
