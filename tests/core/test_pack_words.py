"""Plain words in every pack: no internal id, enum value, snake_case word, None or nan in what people read.

All three packs are built through core.exports for the sample (whole authority and a locality) and for
an uploaded published-layout workbook, each with commentary and an action written in the app.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from core.exports import FORMAT_KEYS, build_export
from core.ingest.load import SAMPLE_WORKBOOK, load_path
from core.model import Action, ActionStatus, Commentary, Dataset

PUBLISHED = Path(__file__).resolve().parents[1] / "fixtures" / "published_layout.xlsx"
FILE_NAME = re.compile(r"\S+\.(?:xlsx|xlsm|xls|ods|csv)\b")  # a file's own name is printed as it is
SNAKE_CASE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")
MACHINE_WORDS = re.compile(r"\b(?:None|nan|NaN|NaT|null)\b")


def _with_notes(model: Dataset) -> Dataset:
    """The model with commentary and an action, written in the app, about one of its indicators."""
    month = str(model.latest_period)
    first = next(iter(model.indicators.values()))
    return model.model_copy(update={
        "commentary": [*model.commentary, Commentary(subject=first.id, period=month, text="Written in the app.",
                                                     author="Manager")],
        "actions": [Action(subject=first.id, period=month, what="Review the plans due", owner="Team lead",
                           due=date(2023, 6, 30), status=ActionStatus.not_started)],
    })


def pack_text(fmt: str, data: bytes) -> str:
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                         if c.value is not None)
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                plot = shape.chart.plots[0]
                texts += [str(c) for c in plot.categories] + [series.name for series in plot.series]
        texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


def internal_words(text: str) -> set[str]:
    text = FILE_NAME.sub(" ", text)
    return set(SNAKE_CASE.findall(text)) | set(MACHINE_WORDS.findall(text))


@pytest.fixture(scope="module")
def models() -> dict[str, Dataset]:
    sample, published = load_path(SAMPLE_WORKBOOK), load_path(PUBLISHED)
    assert sample.usable and published.usable
    return {"sample": _with_notes(sample.dataset), "published": _with_notes(published.dataset)}


@pytest.mark.parametrize("fmt", FORMAT_KEYS)
@pytest.mark.parametrize(("which", "locality"), [("sample", None), ("sample", "Purbeck"), ("published", None)])
def test_no_internal_words_in_any_pack(models: dict[str, Dataset], fmt: str, which: str, locality: str | None) -> None:
    model = models[which]
    data = build_export(fmt, model, locality=locality or "Whole authority")
    text = pack_text(fmt, data)
    assert "Written in the app." in text and "Review the plans due" in text  # the notes are in it...
    assert internal_words(text) == set()  # ...and nothing meant for a machine is


def test_the_check_finds_what_it_looks_for() -> None:
    assert internal_words("cl_eet_oc3_pct and not_comparable, None and nan; sample_scorecard.xlsx") == {
        "cl_eet_oc3_pct", "not_comparable", "None", "nan"}
