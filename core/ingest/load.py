"""Bytes -> raw sheets -> validated Dataset, with the validation report. The one entry point.

The app caches load_workbook() on the file's bytes; the CLI and exports call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.ingest.container import WorkbookUnreadable, read_workbook
from core.ingest.published_layout import read_published_sheets
from core.ingest.template_layout import is_template, read_template
from core.model import Dataset
from core.validation import model_checks as checks
from core.validation.findings import Level
from core.validation.report import ValidationReport

SAMPLE_WORKBOOK = Path(__file__).resolve().parents[2] / "data" / "sample_scorecard.xlsx"


@dataclass
class LoadResult:
    dataset: Dataset | None
    report: ValidationReport

    @property
    def usable(self) -> bool:
        return self.dataset is not None and self.report.usable


def load_workbook(data: bytes, source_name: str = "workbook.xlsx") -> LoadResult:
    report = ValidationReport()
    try:
        raw = read_workbook(data, source_name)
    except WorkbookUnreadable as problem:
        report.extend(problem.findings)
        report.add(Level.error, str(problem), code="unreadable")
        return LoadResult(None, report)
    report.extend(raw.findings)
    sheets = raw.sheets

    if is_template(sheets):
        result = read_template(sheets, source_name)
        dataset = Dataset(about=result.about, indicators=result.indicators, observations=result.observations,
                          commentary=result.commentary, layout="template", source_name=source_name)
        report.extend(result.findings)
        report.row_counts.extend(result.row_counts)
        report.layout = "template"
    else:
        published = read_published_sheets(sheets, source_name)
        dataset = Dataset(about=published.about, indicators=published.indicators,
                          observations=published.observations, commentary=published.commentary,
                          layout="published", source_name=source_name)
        report.extend(published.findings)
        report.row_counts.extend(published.row_counts)
        report.layout = "published"

    dataset = checks.complete_from_library(dataset, report)
    checks.run_model_checks(dataset, report)
    report.usable = bool(dataset.indicators) and bool(dataset.observations["value"].notna().any())
    if not report.usable:
        report.add(Level.error, _nothing_usable_message(dataset), code="nothing_usable")
        return LoadResult(None, report)
    return LoadResult(dataset, report)


def _nothing_usable_message(dataset: Dataset) -> str:
    if not dataset.indicators:
        return ("No indicator could be read. Use the template (download it from the Upload page) or a published "
                "dataset whose header row has an indicator column and month columns.")
    return "Indicators were found but not one value could be read, so there is nothing to show."


def load_path(path: str | Path) -> LoadResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        report = ValidationReport()
        report.add(Level.error, f"{path} cannot be opened: {error.strerror or error}.", code="unreadable")
        return LoadResult(None, report)
    return load_workbook(data, path.name)

