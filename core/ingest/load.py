"""Bytes -> raw sheets -> validated Dataset, with the validation report. The one entry point.

The app caches load_workbook() on the file's bytes; the CLI and exports call it directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.ingest.container import WorkbookUnreadable, read_workbook
from core.ingest.mapped_sheet import read_mapped_sheets
from core.ingest.mapping import ColumnMapping
from core.ingest.percent_scale import fractions_as_percentages
from core.ingest.published_layout import read_published_sheets
from core.ingest.template_layout import is_template, read_template
from core.model import Dataset
from core.validation import model_checks as checks
from core.validation.catalogue import finding
from core.validation.report import ValidationReport

SAMPLE_WORKBOOK = Path(__file__).resolve().parents[2] / "data" / "sample_scorecard.xlsx"


@dataclass
class LoadResult:
    dataset: Dataset | None
    report: ValidationReport

    @property
    def usable(self) -> bool:
        return self.dataset is not None and self.report.usable

    def with_authority(self, authority: str) -> LoadResult:
        """The result under the authority a person named, where the workbook names none (kept as read otherwise)."""
        if self.dataset is None or self.dataset.about.authority_named:
            return self
        return LoadResult(self.dataset.with_authority(authority), self.report)


def load_workbook(data: bytes, source_name: str = "workbook.xlsx",
                  mappings: Sequence[ColumnMapping] = ()) -> LoadResult:
    """`mappings`: column mappings a manager saved; each sheet whose layout one fits is read through it."""
    report = ValidationReport()
    try:
        raw = read_workbook(data, source_name)
    except WorkbookUnreadable as problem:
        report.extend(problem.findings)
        report.add(problem.finding)
        return LoadResult(None, report)
    report.extend(raw.findings)
    sheets = raw.sheets

    if is_template(sheets):
        result = read_template(sheets, source_name)
        dataset = Dataset(about=result.about, indicators=result.indicators, observations=result.observations,
                          commentary=result.commentary, targets=result.targets, layout="template",
                          source_name=source_name)
        report.extend(result.findings)
        report.row_counts.extend(result.row_counts)
        report.layout = "template"
    else:
        mapped = read_mapped_sheets(sheets, mappings, source_name)
        published = read_published_sheets(sheets, source_name, pre_read=mapped.reads)
        dataset = Dataset(about=published.about, indicators=published.indicators,
                          observations=published.observations, commentary=published.commentary,
                          targets=published.targets, layout="published", source_name=source_name)
        report.extend(mapped.findings)
        report.extend(published.findings)
        report.row_counts.extend(published.row_counts)
        report.layout = "published"

    dataset = checks.complete_from_library(dataset, report)
    dataset = fractions_as_percentages(dataset, report)  # needs every unit, the library's included
    checks.run_model_checks(dataset, report)
    report.usable = bool(dataset.indicators) and bool(dataset.observations["value"].notna().any())
    if not report.usable:
        report.add(finding("no_values_read" if dataset.indicators else "no_indicators_read"))
        return LoadResult(None, report)
    return LoadResult(dataset, report)


def load_path(path: str | Path, mappings: Sequence[ColumnMapping] = ()) -> LoadResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        report = ValidationReport()
        report.add(finding("cannot_open", file=str(path), reason=error.strerror or error))
        return LoadResult(None, report)
    return load_workbook(data, path.name, mappings)

