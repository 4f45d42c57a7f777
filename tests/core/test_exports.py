"""Meeting packs: each file opened with its own library and read back against the public scorecard."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader

from core.cli.main import main
from core.exports import build_export, file_name
from core.exports.excel import FORMULA_TRIGGERS
from core.exports.pack import RATED, build_pack
from core.exports.pdf_charts import segments, trend_drawing
from core.exports.scenario_files import scenario_csv
from core.ingest.load import SAMPLE_WORKBOOK, load_path
from core.model import WHOLE_AUTHORITY, Commentary, Dataset
from core.model.scenario import Scenario
from core.present.labels import RAG_STYLES, outlook_label, rag_colour, rag_label
from core.views.overview import rag_counts_by_area
from core.views.public import public_scorecard

MONTH = "2023-03"
LOCALITY = "Purbeck"  # March 2023 has counts under 5 here
SCENARIO_NAME = "Tighter placements"
BANNER = f"WHAT-IF SCENARIO '{SCENARIO_NAME}' – not the official targets"
RAG_LABELS = {style.label() for style in RAG_STYLES.values()}
WITHHELD_MARKS = {"c"}
INJECTED_NAME = '=HYPERLINK("http://example.invalid/x","Click me")'
INJECTED_NOTE = "=HYPERLINK(\"http://example.invalid/y\",\"Open\") and @SUM(A1:A2) in a note"
INJECTED_SUBJECT = "+1+cmd"  # an indicator-subject note whose first cell is the subject


@pytest.fixture(scope="module")
def model() -> Dataset:
    result = load_path(SAMPLE_WORKBOOK)
    assert result.usable
    return result.dataset


@pytest.fixture(scope="module")
def placement_scenario(model: Dataset) -> tuple[str, pd.DataFrame]:
    """Halve the 'placed outside Dorset' target: that indicator's target and rating move in the pack."""
    view = public_scorecard(model, MONTH)
    row = view[view["id"] == "plc_outside_dorset_pct"].iloc[0]
    return SCENARIO_NAME, pd.DataFrame({"target": [row["target"] / 2]}, index=pd.Index([row["id"]]))


@pytest.fixture(scope="module")
def hostile_model(model: Dataset) -> Dataset:
    """The sample with user text that a spreadsheet would run as a formula."""
    first = next(ind for ind in model.indicators.values() if ind.area == "Placement")
    indicators = {**model.indicators, first.id: first.model_copy(update={"name": INJECTED_NAME})}
    notes = [*model.commentary, Commentary(subject="Placement", period=MONTH, text=INJECTED_NOTE, author="-x")]
    return model.model_copy(update={"indicators": indicators, "commentary": notes})


def _xlsx(data: bytes):  # noqa: ANN202 - an openpyxl workbook
    return load_workbook(io.BytesIO(data))


def _header_row(sheet) -> tuple[int, list[str]]:  # noqa: ANN001 - an openpyxl worksheet
    for row in sheet.iter_rows(min_row=1, max_row=12):
        if row[0].value == "Indicator":
            return row[0].row, [c.value for c in row if c.value is not None]
    raise AssertionError(f"no table header on {sheet.title}")


def _as_shown(cell) -> object:  # noqa: ANN001 - an openpyxl cell
    """What Excel shows for a cell: a number through its number format (the formats the packs use)."""
    if not isinstance(cell.value, (int, float)):
        return cell.value
    literal = "".join(re.findall(r'"([^"]*)"', cell.number_format))
    shape = re.sub(r'"[^"]*"', "", cell.number_format)
    if shape == "General":
        return f"{cell.value:g}" + literal
    decimals = len(shape.split(".")[1]) if "." in shape else 0
    number = f"{cell.value:,.{decimals}f}" if "," in shape else f"{cell.value:.{decimals}f}"
    return number + literal


def _area_table(sheet) -> pd.DataFrame:  # noqa: ANN001
    """The indicator table of an area sheet as Excel shows it, plus each RAG cell's fill colour."""
    at, header = _header_row(sheet)
    rows, fills = [], []
    for row in sheet.iter_rows(min_row=at + 1, max_col=len(header)):
        if row[0].value is None:
            break
        rows.append([_as_shown(c) for c in row])
        fills.append(row[header.index("RAG")].fill.start_color.rgb)
    return pd.DataFrame(rows, columns=header).assign(fill=fills)


def _numbers(sheet, column: str) -> list[object]:  # noqa: ANN001
    """The raw cell values of one column of an area table."""
    at, header = _header_row(sheet)
    values = []
    for row in sheet.iter_rows(min_row=at + 1, max_col=len(header)):
        if row[0].value is None:
            break
        values.append(row[header.index(column)].value)
    return values


def _sheet_text(sheet) -> str:  # noqa: ANN001
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


# ---- Excel ---------------------------------------------------------------------------------------

def test_excel_has_a_sheet_per_area_with_its_indicators_values_and_rag_in_words_and_colour(model: Dataset) -> None:
    view = public_scorecard(model, MONTH)
    book = _xlsx(build_export("xlsx", model, MONTH))
    areas = list(pd.unique(view["area"]))
    assert book.sheetnames == ["Summary", *areas, "Legend"]
    for area in areas:
        expected = view[view["area"] == area]
        table = _area_table(book[area])
        assert table["Indicator"].tolist() == expected["name"].tolist()
        # figures are numbers Excel can sum, shown through their unit's format as the screen shows them
        # (a rate's cell format leaves out the words 'per 10,000'); a missing figure stays words
        assert table["Latest"].tolist() == expected["display_value"].str.replace(" per 10,000", "").tolist()
        shown = expected["value"].notna().to_numpy()
        assert [v for v, s in zip(_numbers(book[area], "Latest"), shown) if s] == pytest.approx(
            expected.loc[shown, "value"].tolist())
        assert all(isinstance(v, float | int) for v, s in zip(_numbers(book[area], "Latest"), shown) if s)
        assert table["RAG"].tolist() == expected["rag"].astype(str).map(rag_label).tolist()
        assert set(table["RAG"]) <= RAG_LABELS
        wanted_fills = ["00" + rag_colour(r).lstrip("#").upper() for r in expected["rag"].astype(str)]
        assert [f.upper() for f in table["fill"]] == wanted_fills
    placement = _area_table(book["Placement"])
    assert {"● Green", "■ Red"} <= set(placement["RAG"])
    assert placement["England"].str.contains(r"\(20\d\d/\d\d", regex=True).any()  # benchmarks carry their year


def test_excel_summary_says_where_when_and_counts_ratings_per_area(model: Dataset) -> None:
    book = _xlsx(build_export("xlsx", model, MONTH, LOCALITY))
    text = _sheet_text(book["Summary"])
    for fact in ("Dorset Council (sample)", "March 2023", LOCALITY, "sample_scorecard.xlsx",
                 "31 March 2023", model.about.locality_note, "Counts of 1 to 4 children are withheld (shown as c)"):
        assert fact in text
    assert "figures are withheld" in text
    assert "WHAT-IF" not in text

    counts = rag_counts_by_area(public_scorecard(model, MONTH, LOCALITY))
    sheet = book["Summary"]
    start = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Area")
    header = [sheet.cell(start, c).value for c in range(2, len(counts.columns) + 2)]
    assert header == [RAG_STYLES[k].label() for k in counts.columns]
    for offset, (area, numbers) in enumerate(counts.iterrows(), start=1):
        assert sheet.cell(start + offset, 1).value == area
        assert [sheet.cell(start + offset, c).value for c in range(2, len(numbers) + 2)] == numbers.tolist()
    assert "Data as at 31 March 2023" in _sheet_text(book["Legend"])


def test_excel_packs_withhold_exactly_what_the_views_withhold(model: Dataset) -> None:
    local = _xlsx(build_export("xlsx", model, MONTH, LOCALITY))
    view = public_scorecard(model, MONTH, LOCALITY)
    withheld = view[view["suppressed"].to_numpy(dtype=bool)]
    assert len(withheld) > 0
    shown_marks = set()
    for area, rows in withheld.groupby("area"):
        table = _area_table(local[area]).set_index("Indicator")
        for name in rows["name"]:
            assert table.loc[name, "Latest"] in WITHHELD_MARKS
            assert table.loc[name, "RAG"] == "○ Not rated"
            shown_marks.add(table.loc[name, "Latest"])
    assert shown_marks == WITHHELD_MARKS
    assert "Whole authority" in _area_table(local["Profile"]).columns
    assert _area_table(local["Profile"]).set_index("Indicator").loc[
        "No. of CIC at end of month", "Target"] == "420 (council)"  # a count target is not a locality's

    whole = _xlsx(build_export("xlsx", model, MONTH))
    whole_view = public_scorecard(model, MONTH)  # the whole authority withholds its small counts too
    for area in pd.unique(view["area"]):
        table = _area_table(whole[area]).set_index("Indicator")
        rows = whole_view[whole_view["area"] == area].set_index("name")
        assert (table["Latest"] == "c").to_dict() == rows["suppressed"].astype(bool).to_dict()
        assert "Whole authority" not in table.columns


def test_excel_scenario_pack_carries_the_banner_and_rates_with_the_scenario(model: Dataset,
                                                                           placement_scenario: tuple) -> None:
    book = _xlsx(build_export("xlsx", model, MONTH, scenario=placement_scenario))
    assert BANNER in _sheet_text(book["Summary"])
    for area in ("Placement", "Profile"):
        assert BANNER in _sheet_text(book[area])
    official = public_scorecard(model, MONTH).set_index("id").loc["plc_outside_dorset_pct"]
    row = _area_table(book["Placement"]).set_index("Indicator").loc[official["name"]]
    assert row["Target"] == "15.0%"
    assert row["Target"] != f"{official['target']:.1f}%"
    assert row["RAG"] == "■ Red"


def test_excel_user_text_that_looks_like_a_formula_is_stored_as_text(hostile_model: Dataset) -> None:
    data = build_export("xlsx", hostile_model, MONTH)
    sheet = _xlsx(data)["Placement"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (INJECTED_NAME, INJECTED_NOTE, "Placement (-x)"):
        assert text in cells, text
        assert cells[text].data_type == "s"
        assert text.startswith(FORMULA_TRIGGERS) == bool(cells[text].quotePrefix)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the workbook


# ---- PDF -----------------------------------------------------------------------------------------

def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _area_text(pages: list[str], areas: list[str], area: str, month_where: str) -> str:
    """The text from an area's heading to the next area's heading."""
    text = "\n".join(pages)
    starts = {a: text.index(f"\n{a}\n{month_where} ·") for a in areas}
    after = [starts[a] for a in areas if starts[a] > starts[area]]
    return text[starts[area]: min(after) if after else len(text)]


def _cells(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_pdf_cover_key_and_every_area_with_its_indicators(model: Dataset) -> None:
    view = public_scorecard(model, MONTH, LOCALITY)
    pages = _pdf_pages(build_export("pdf", model, MONTH, LOCALITY))
    cover = re.sub(r"\s+", " ", pages[0])
    for fact in ("Corporate Parenting performance scorecard", "Dorset Council (sample)", "March 2023", LOCALITY,
                 "sample_scorecard.xlsx", "31 March 2023", "Illustrative figures", "figures are withheld"):
        assert fact in cover
    assert "Key" in _cells(pages[1]) and "Ratings by area" in _cells(pages[1])
    for label in RAG_LABELS:
        assert label in pages[1]
    assert "↑ Improving" in pages[1] and "↓ Worsening" in pages[1]

    areas = list(pd.unique(view["area"]))
    for area in areas:
        text = re.sub(r"\s+", " ", _area_text(pages, areas, area, f"March 2023 · {LOCALITY}"))
        for name in view.loc[view["area"] == area, "name"]:
            assert re.sub(r"\s+", " ", name) in text
        assert "Commentary" in text
    placement = _area_text(pages, areas, "Placement", f"March 2023 · {LOCALITY}")
    assert {"● Green", "■ Red", "c"} <= set(_cells(placement))
    assert "Last 12 months" in placement


def test_pdf_whole_authority_withholds_where_its_view_does(model: Dataset) -> None:
    view = public_scorecard(model, MONTH)
    pages = _pdf_pages(build_export("pdf", model, MONTH))
    areas = list(pd.unique(view["area"]))
    for area in areas:
        cells = _cells(_area_text(pages, areas, area, "March 2023 · Whole authority"))
        rows = view[view["area"] == area]
        marks = int(rows["suppressed"].sum()) + int((rows["previous_display_value"] == "c").sum())  # Latest, Last
        assert cells.count("c") == marks, area


_LONE_NOTE = re.compile(r"\d+ (figures? (is|are) withheld|indicators? ha(s|ve) no figure to draw)")


def test_pdf_a_note_never_starts_a_page_of_its_own(model: Dataset) -> None:
    """The withheld note sits under the table whose c it explains, and the closing line of the charts stays
    with their last row: neither may be left alone at the top of a page (the Purbeck pack had a page holding
    one sentence)."""
    for place in (WHOLE_AUTHORITY, *[loc for loc in model.localities if loc != WHOLE_AUTHORITY]):
        for number, page in enumerate(_pdf_pages(build_export("pdf", model, MONTH, place)), start=1):
            body = [line for line in _cells(page) if line and not line.startswith(("Page ", "Dorset Council"))]
            assert body and not _LONE_NOTE.match(body[0]), (place, number, body[:2])


def test_pdf_scenario_banner_is_on_every_page(model: Dataset, placement_scenario: tuple) -> None:
    pages = _pdf_pages(build_export("pdf", model, MONTH, LOCALITY, scenario=placement_scenario))
    assert len(pages) > 5
    assert all(BANNER in page for page in pages)
    assert not any("WHAT-IF" in page for page in _pdf_pages(build_export("pdf", model, MONTH, LOCALITY)))


def test_trend_charts_leave_withheld_months_out(model: Dataset) -> None:
    assert segments([1.0, None, 2.0, 3.0, float("nan"), None]) == [[(0, 1.0)], [(2, 2.0), (3, 3.0)]]
    assert trend_drawing([None] * 12, "Apr 22", "Mar 23", None, 100, 60, "Helvetica") is None
    assert trend_drawing([None] * 11 + [4.0], "Apr 22", "Mar 23", 5.0, 100, 60, "Helvetica") is not None

    pack = build_pack(model, MONTH, LOCALITY)
    withheld = pack.view.loc[pack.view["suppressed"].to_numpy(dtype=bool), "id"]
    assert len(withheld) > 0
    for indicator_id in withheld:
        points = pack.trend_points(indicator_id)
        assert points == [] or points[-1] is None  # this month's point is not drawn
    whole = build_pack(model, MONTH)
    assert any(whole.trend_points(i) and whole.trend_points(i)[-1] is not None for i in withheld)


# ---- PowerPoint ----------------------------------------------------------------------------------

def _slides(data: bytes) -> list:
    return list(Presentation(io.BytesIO(data)).slides)


def _slide_text(slide) -> str:  # noqa: ANN001
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _table(slide) -> list[list[str]]:  # noqa: ANN001
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def _titled(slides: list, words: str) -> list:
    return [s for s in slides if s.shapes.title is not None and words in s.shapes.title.text_frame.text]


def test_pptx_title_summary_and_area_slides_with_native_tables_and_charts(model: Dataset) -> None:
    view = public_scorecard(model, MONTH, LOCALITY)
    slides = _slides(build_export("pptx", model, MONTH, LOCALITY))
    title = _slide_text(slides[0])
    for fact in ("Corporate Parenting performance scorecard", "Dorset Council (sample)", "March 2023", LOCALITY,
                 "Illustrative figures"):
        assert fact in title

    summary = _table(slides[1])
    counts = rag_counts_by_area(view)
    assert summary[0][1:-1] == [RAG_STYLES[k].label() for k in counts.columns]
    assert [row[0] for row in summary[1:]] == counts.index.tolist()
    assert [[int(n) for n in row[1:-1]] for row in summary[1:]] == counts.to_numpy().tolist()
    assert any(shape.has_chart for shape in slides[2].shapes)

    by_area: dict[str, list] = {}
    for slide in slides[3:]:
        heading = slide.shapes.title.text_frame.text
        if "latest against target" in heading or "commentary and actions" in heading:
            continue
        by_area.setdefault(heading.split(":")[0].split(" (")[0], []).append(slide)
    assert list(by_area) == list(pd.unique(view["area"]))
    for area, area_slides in by_area.items():
        rows = [row for slide in area_slides for row in _table(slide)[1:]]
        expected = view[view["area"] == area]
        assert [r[0] for r in rows] == expected["name"].tolist()
        assert [r[1] for r in rows] == expected["display_value"].tolist()
        assert [r[3] for r in rows] == expected["rag"].astype(str).map(rag_label).tolist()
        assert [r[5].split("\n")[0] for r in rows] == [  # the outlook word, the projection under it
            w or "–" for w in expected["outlook"].astype(str).map(outlook_label)]
        charts = [shape.chart for slide in _titled(slides, f"{area}: latest against target")
                  for shape in slide.shapes if shape.has_chart]
        rated = expected[expected["rag"].astype(str).isin(RATED) & expected["value"].notna()]
        assert len(charts) == (1 if len(rated) else 0)
        for chart in charts:  # only rated figures, never a withheld one, go into the chart's data
            latest = list(chart.plots[0].series[0].values)
            assert len(latest) >= 1
            assert set(np.round(latest, 2)) <= set(rated["value"].round(2))
    placement_cells = {cell for slide in by_area["Placement"] for row in _table(slide) for cell in row}
    assert {"c"} <= placement_cells and {"● Green", "■ Red"} <= placement_cells


def _runs(slides: list) -> list[tuple[str, object]]:
    """(text, size) of every run of text on the slides: text boxes, table cells and chart fonts."""
    found = []
    for slide in slides:
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                found += [(run.text, run.font.size) for p in frame.paragraphs for run in p.runs if run.text.strip()]
            if shape.has_chart:
                chart = shape.chart
                found += [("chart legend", chart.legend.font.size),
                          ("category labels", chart.category_axis.tick_labels.font.size),
                          ("value labels", chart.value_axis.tick_labels.font.size)]
    return found


def test_pptx_type_is_never_below_14_pt_and_long_tables_carry_on_over_slides(model: Dataset) -> None:
    slides = _slides(build_export("pptx", model, MONTH, LOCALITY))
    runs = _runs(slides)
    assert len(runs) > 500
    small = [(text, size.pt if size else None) for text, size in runs if size is None or size.pt < 14]
    assert small == []
    health = [s for s in slides if s.shapes.title is not None
              and s.shapes.title.text_frame.text.startswith("Health & Emotional Wellbeing (")]
    assert len(health) >= 2  # split, not shrunk
    for slide in slides:  # every table ends above the footer
        for shape in slide.shapes:
            if shape.has_table:
                assert shape.top + sum(row.height for row in shape.table.rows) <= Inches(6.75)


def test_pptx_whole_authority_withholds_where_its_view_does_and_scenario_banner_on_every_slide(
        model: Dataset, placement_scenario: tuple) -> None:
    slides = _slides(build_export("pptx", model, MONTH))
    cells = [cell for slide in slides[1:] if any(shape.has_table for shape in slide.shapes)
             for row in _table(slide) for cell in row]
    assert cells.count("c") == int(public_scorecard(model, MONTH)["suppressed"].sum())
    assert not any("WHAT-IF" in _slide_text(s) for s in slides)

    slides = _slides(build_export("pptx", model, MONTH, scenario=placement_scenario))
    assert all(BANNER in _slide_text(slide) for slide in slides)


# ---- command line --------------------------------------------------------------------------------

def test_cli_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for fmt in ("xlsx", "pdf", "pptx"):
        out = tmp_path / f"pack.{fmt}"
        assert main(["export", "--format", fmt, str(SAMPLE_WORKBOOK), str(out), "--month", MONTH,
                     "--locality", LOCALITY]) == 0
        assert out.stat().st_size > 1000
    assert "Purbeck" in _sheet_text(_xlsx((tmp_path / "pack.xlsx").read_bytes())["Summary"])
    assert any(LOCALITY in p for p in _pdf_pages((tmp_path / "pack.pdf").read_bytes()))
    assert "wrote" in capsys.readouterr().out


def test_cli_scenario_file_puts_its_name_in_the_banner(model: Dataset, placement_scenario: tuple,
                                                       tmp_path: Path) -> None:
    name, overrides = placement_scenario
    scenario_file = tmp_path / "Tighter placements.csv"
    scenario_file.write_text(scenario_csv(model, Scenario(name=name, overrides=overrides)))
    out = tmp_path / "pack.xlsx"
    assert main(["export", "--format", "xlsx", str(SAMPLE_WORKBOOK), str(out), "--scenario", str(scenario_file)]) == 0
    assert BANNER in _sheet_text(_xlsx(out.read_bytes())["Summary"])


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = str(tmp_path / "pack.pdf")
    sample = str(SAMPLE_WORKBOOK)
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("not a workbook")
    assert main(["export", "--format", "pdf", str(not_a_workbook), out]) == 1
    assert main(["export", "--format", "pdf", str(tmp_path / "missing.xlsx"), out]) == 1
    bad_scenario = tmp_path / "scenario.csv"
    bad_scenario.write_text("something,else\n1,2\n")
    for argv in (["--month", "March"], ["--month", "1999-01"], ["--locality", "Atlantis"],
                 ["--scenario", str(bad_scenario)], ["--threshold", "0"]):
        assert main(["export", "--format", "pdf", sample, out, *argv]) == 2, argv
    assert main(["export", "--format", "pdf", sample, str(tmp_path / "no" / "such" / "folder.pdf")]) == 2
    assert not Path(out).exists()
    capsys.readouterr()


def test_argparse_usage_errors_exit_2(capsys: pytest.CaptureFixture) -> None:
    for argv in (["export", "--format", "doc", "a.xlsx", "b.doc"], ["export", "--format", "pdf", "a.xlsx"]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2
    capsys.readouterr()


def test_download_file_names_say_what_is_inside() -> None:
    assert file_name("pdf", MONTH, LOCALITY) == "scorecard_2023-03_purbeck.pdf"
    assert file_name("xlsx", MONTH, WHOLE_AUTHORITY, SCENARIO_NAME) == "scorecard_2023-03_whole-authority_what-if.xlsx"


def test_a_chart_of_counts_never_draws_its_axis_below_zero():
    from reportlab.graphics.charts.lineplots import LinePlot

    def axis(points: list[float | None]) -> tuple[float, float]:
        drawing = trend_drawing(points, "Apr 22", "Mar 23", None, 100, 60, "Helvetica")
        plot = next(item for item in drawing.contents if isinstance(item, LinePlot))
        return plot.yValueAxis.valueMin, plot.yValueAxis.valueMax

    assert axis([0.0] * 12) == (0.0, 1.0)  # all zero: from the axis up, not from -1
    assert axis([0.0, 1.0, 3.0])[0] == 0.0
    low, high = axis([-2.0, 2.0])  # a figure that can be negative (a Progress 8 score) keeps its margin below
    assert low < -2.0 < 2.0 < high
