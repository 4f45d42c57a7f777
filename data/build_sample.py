"""Build the embedded sample workbook (data/sample_scorecard.xlsx) from data/reference/*.csv.

Whole-authority figures are Dorset Council's, as printed in its public Corporate Parenting Board
papers for 2022/23 (plus Oct 2021 - Mar 2022 fostering and adoption months). Locality figures are
SYNTHETIC: no published source splits these indicators by locality. The split is deterministic
(fixed seed, no dates of today), so a rebuild gives the same workbook content every time.

    python -m data.build_sample            # or: python data/build_sample.py
"""

from __future__ import annotations

import re
import sys
import zlib
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

if __package__ in (None, ""):  # run as a script: make `core` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.model import About, AmberBand, Benchmark, Commentary, Indicator  # noqa: E402
from core.template.contract import write_template  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_PATH = DATA_DIR / "sample_scorecard.xlsx"

FIRST_MONTH, LAST_MONTH = "2021-10", "2023-03"  # FY 2022/23 plus the earlier fostering/adoption months
WINDOW = pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M")
SEED = 20230331
SEARCH_SPAN = 600  # how far from the plausible cohort size a denominator may move to match the published %
AUTHOR = "Sample data"
UNCERTAIN_NOTE = "uncertain in source"
NOT_IN_PACK_NOTE = "Not available: not in the published pack"
NO_COHORT_NOTE = "NA"  # a locality with no child in the cohort that month: a percentage does not apply

LOCALITIES = ["Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck", "West Dorset"]
# Rough shares of the county's 0-17 population (illustrative, sum to 1).
POPULATION_SHARE = np.array([0.18, 0.10, 0.24, 0.20, 0.10, 0.18])
# Relative demand for children's social care: Chesil (Weymouth & Portland) is the most deprived.
NEED_INDEX = np.array([1.6, 1.1, 0.7, 0.9, 0.9, 0.9])
NEED_SHARE = POPULATION_SHARE * NEED_INDEX / (POPULATION_SHARE * NEED_INDEX).sum()

# Cohort behind each percentage, as a fraction of the children in care that month: a plausible size
# (care leavers ~0.65 x CiC, school-age ~0.65, entering care in a month ~0.025 ...). Unlisted: 1.0.
COHORT_OF_CIC: dict[str, float] = {
    "cl_suitable_accom_pct": 0.65, "cl_pathway_plan_pct": 0.65, "cl_in_touch_pct": 0.65, "cl_eet_pct": 0.65,
    "cl_eet_oc3_pct": 0.40,
    "edu_neet_pct": 0.20, "edu_suspension_pct": 0.65, "edu_ehcp_pct": 0.65, "edu_pep_termly_pct": 0.65,
    "edu_pep_pct": 0.65, "edu_pep_20days_pct": 0.03, "edu_unauth_absence_pct": 0.65 * 150,
    "edu_attendance_pct": 0.65 * 150,  # attendance is a share of sessions: ~150 sessions a pupil so far
    "edu_reduced_timetable_pct": 0.65, "edu_fte_12m_pct": 0.65,
    "edu_ks1_expected_pct": 0.04, "edu_ks2_maths_pct": 0.05, "edu_ks2_writing_pct": 0.05,
    "edu_ks2_reading_pct": 0.05,
    "hew_iha_20days_pct": 0.025, "hew_immunisations_pct": 0.70, "hew_dental_pct": 0.70,
    "hew_annual_health_assessment_pct": 0.70, "hew_sdq_completed_pct": 0.50, "hew_immunisations_all_cic_pct": 1.0,
    "perm_plan_pct": 0.95, "perm_ltf_achieved_pct": 0.50, "perm_return_home_pct": 0.18,
    "perm_adoption_pct": 0.18, "perm_sgo_pct": 0.18, "perm_achieved_pct": 0.90,
    "plc_long_term_stability_pct": 0.30,
    "suf_carer_visits_pct": 0.42,  # of fostering households, ~190
}
# Month-to-month movement of a locality's share, relative to its fixed tilt.
WOBBLE = {"monthly_snapshot": 0.1}
DEFAULT_WOBBLE = 0.35

# Carers and their households live across the county, not where need is highest.
POPULATION_WEIGHTED_AREAS = {"Sufficiency"}

# Explicit intervention levels (the other council's model): one per kind of measure.
INTERVENTION_LEVELS: dict[str, float] = {
    "cic_count": 460, "cic_rate": 66, "hew_dental_pct": 70, "sfty_missing_multi_pct": 8, "cl_bnb_count": 1,
}

PERIODICITY_WORDS = {
    "monthly_snapshot": "Snapshot at month end", "monthly_flow": "Count of events in the month",
    "rolling_6m": "Rolling 6 months to month end", "rolling_12m": "Rolling 12 months to month end",
    "academic_ytd": "Academic year to date (resets each September)", "termly": "Reported each term",
    "annual": "Annual measure",
}
UNIT_WORDS = {"percent": "Percentage", "count": "Number", "rate_per_10k": "Rate per 10,000 children",
              "days": "Average days", "score": "Average score", "ratio": "Ratio"}
POLARITY_WORDS = {"high": "Higher is better.", "low": "Lower is better.", "neutral": "Context measure, not rated."}

AREA_COMMENTARY: dict[str, str] = {
    "Profile": "entries to care are reviewed weekly at the placement panel and the edge-of-care service "
               "works with families where a child may come into care.",
    "Health & Emotional Wellbeing": "the designated nurse reviews overdue health assessments monthly; access to "
                                    "NHS dentists remains a pressure shared with other councils.",
    "Safety": "every child who goes missing is offered a return home interview, and repeat episodes are "
              "discussed at the exploitation panel.",
    "Placement": "placement moves are reviewed by the head of service, and the sufficiency strategy aims to "
                 "place more children close to home.",
    "Education": "the Virtual School tracks attendance and exclusions weekly and challenges schools where "
                 "Personal Education Plans are late.",
    "Permanence": "permanence planning meetings are held at the second review, and long-term fostering "
                  "matches are presented to panel as soon as they are ready.",
    "Sufficiency": "the fostering recruitment campaign continues, and exit interviews with carers who resign "
                   "are feeding into the support offer.",
    "Adoption": "the regional adoption agency reports timeliness monthly; delays are mostly court-related.",
    "Care Leavers": "personal advisers are reviewing pathway plans due for renewal and work with housing "
                    "colleagues on suitable accommodation.",
}


# ---- reading the reference --------------------------------------------------------------------

def _read_reference(reference_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    indicators = pd.read_csv(reference_dir / "indicators.csv", dtype={"target": "float64"})
    # Keep the printed text of values: its decimals say how precisely a percentage was published.
    values = pd.read_csv(reference_dir / "values.csv", dtype={"value": str})
    values["decimals"] = values["value"].str.partition(".")[2].str.len().astype("int64")
    values["value"] = values["value"].astype("float64")
    # 'NA' is printed text here, not a missing value.
    missing = pd.read_csv(reference_dir / "missing.csv", keep_default_na=False, dtype=str)
    return indicators, values, missing


def _in_window(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["period"].between(FIRST_MONTH, LAST_MONTH)].copy()


# ---- indicators -------------------------------------------------------------------------------

def benchmark_year(note: object) -> str | None:
    """The benchmark year the note states for the printed benchmark, e.g. '2021/22 (inferred)'."""
    if not isinstance(note, str) or note.startswith("CONFLICT"):
        return None  # a disputed benchmark: its year is not known
    head = note.split("Earlier packs")[0]  # the rest describes other packs' benchmarks
    ending = re.search(r"year ending 31 Mar(?:ch)? (\d{4})", head)
    if ending:
        year = int(ending.group(1))
        return f"{year - 1}/{year % 100:02d}" + (" (inferred)" if "infer" in head else "")
    stated = re.search(r"\b(?:20)?(\d{2})/(\d{2})\b", head)
    if stated:
        return f"20{stated.group(1)}/{stated.group(2)}"
    return None


def amber_band(indicator_id: str, unit: str, target: float | None) -> AmberBand | None:
    """A band a performance manager would plausibly set; none where there is no target to rate against."""
    if target is None:
        return None
    if indicator_id in INTERVENTION_LEVELS:
        return AmberBand(kind="intervention", value=INTERVENTION_LEVELS[indicator_id])
    if unit == "percent":
        # 5 pp on a 1% target would never turn red: narrower bands for small targets.
        return AmberBand(kind="absolute", value=5.0 if target >= 20 else 2.0 if target >= 5 else 1.0)
    if unit == "count":
        # 10% of a target of 2 is less than one child: use one instead.
        return AmberBand(kind="relative", value=10.0) if target >= 10 else AmberBand(kind="absolute", value=1.0)
    if unit == "days":
        return AmberBand(kind="absolute", value=14.0)
    if unit == "score":
        return AmberBand(kind="absolute", value=1.0)
    if unit == "ratio":
        return AmberBand(kind="absolute", value=0.1)
    return AmberBand(kind="relative", value=10.0)


def _definition(row: pd.Series) -> str:
    parts = [f"{row['name']}.", f"{UNIT_WORDS[row['unit']]}; {PERIODICITY_WORDS[row['periodicity']].lower()}."]
    if row["arrears_months"]:
        months = int(row["arrears_months"])
        parts.append(f"Reported {months} month{'s' if months > 1 else ''} in arrears.")
    parts.append(POLARITY_WORDS[row["good_is"]])
    return " ".join(parts)


def build_indicators(reference: pd.DataFrame) -> list[Indicator]:
    indicators = []
    for row in reference.to_dict("records"):
        target = None if pd.isna(row["target"]) else float(row["target"])
        year = benchmark_year(row["benchmark_note"])
        indicators.append(Indicator(
            id=row["id"], area=row["area"], name=row["name"], unit=row["unit"], good_is=row["good_is"],
            target=target, amber_band=amber_band(row["id"], row["unit"], target),
            england=None if pd.isna(row["england_avg"]) else Benchmark(value=row["england_avg"], year=year),
            statistical_neighbours=None if pd.isna(row["sn_avg"]) else Benchmark(value=row["sn_avg"], year=year),
            periodicity=row["periodicity"], arrears_months=int(row["arrears_months"]),
            min_denominator=5 if row["unit"] == "percent" else None,
            definition=_definition(pd.Series(row)),
        ))
    return indicators


# ---- deterministic noise -----------------------------------------------------------------------

def _noise(rows: pd.DataFrame, component: str) -> np.ndarray:
    """Standard-normal-scale draws, rows x localities: a fixed tilt per indicator plus a monthly wobble.

    Each indicator has its own generator seeded from (SEED, id, component), so adding or removing
    another indicator's rows never changes this one's split. Month-end snapshots (children in care,
    carers) move slowly, so their wobble is small; monthly flows and rolling measures move more.
    """
    out = np.empty((len(rows), len(LOCALITIES)))
    month_index = np.asarray(WINDOW.get_indexer(pd.PeriodIndex(rows["period"], freq="M")))
    ids = rows["id"].to_numpy()
    scale = rows["wobble"].to_numpy()[:, None]
    for indicator_id in pd.unique(ids):
        rng = np.random.default_rng([SEED, zlib.crc32(f"{indicator_id}:{component}".encode())])
        tilt = rng.standard_normal(len(LOCALITIES))
        wobble = rng.standard_normal((len(WINDOW), len(LOCALITIES)))
        at = ids == indicator_id
        out[at] = tilt + scale[at] * wobble[month_index[at]]
    return out


def largest_remainder(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split each non-negative integer total over the columns in proportion to the weights, exactly."""
    shares = weights / weights.sum(axis=1, keepdims=True)
    exact = totals[:, None] * shares
    floor = np.floor(exact)
    short = (totals - floor.sum(axis=1)).round().astype("int64")
    # Rank each row's remainders, largest first (stable: ties go to the first locality listed).
    order = np.argsort(-(exact - floor), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(weights.shape[1])[None, :].repeat(len(totals), axis=0), axis=1)
    return (floor + (rank < short[:, None])).astype("int64")


def _base_shares(ids: pd.Series, areas: dict[str, str]) -> np.ndarray:
    by_population = ids.map(areas).isin(POPULATION_WEIGHTED_AREAS).to_numpy()
    return np.where(by_population[:, None], POPULATION_SHARE, NEED_SHARE)


# ---- locality splits by unit -------------------------------------------------------------------

def _split_counts(rows: pd.DataFrame, areas: dict[str, str]) -> np.ndarray:
    weights = _base_shares(rows["id"], areas) * np.exp(0.3 * _noise(rows, "share"))
    return largest_remainder(rows["value"].round().to_numpy("int64"), weights)


def cic_series(values: pd.DataFrame) -> tuple[pd.Series, int]:
    """Children in care for every window month, and the child population behind the published rate.

    The population is the one integer consistent with every month that prints both the count and the
    rate (to the printed rounding); months without a printed count take it from the rate.
    """
    values = _in_window(values)  # the 2020 pack used another population estimate
    count = values[values["id"] == "cic_count"].set_index("period")["value"]
    rate = values[values["id"] == "cic_rate"].set_index("period")[["value", "decimals"]]
    both = rate.join(count.rename("count"), how="inner")
    half = 0.5 * 10.0 ** -both["decimals"]
    low = (both["count"] * 10_000 / (both["value"] + half)).max()
    high = (both["count"] * 10_000 / (both["value"] - half)).min()
    implied = both["count"] * 10_000 / both["value"]
    population = int(np.ceil(low)) if np.ceil(low) <= high else int(round(implied.median()))
    months = pd.Index([str(p) for p in WINDOW])
    series = count.reindex(months).combine_first((rate["value"] * population / 10_000).round().reindex(months))
    return series.ffill().bfill(), population


def _split_rates(rows: pd.DataFrame, cic: pd.Series, population: int) -> tuple[np.ndarray, np.ndarray]:
    """Locality CiC counts (the cic_count split) over locality child populations (fixed shares)."""
    counts = rows["period"].map(cic).to_numpy()
    as_count = pd.DataFrame({"id": "cic_count", "period": rows["period"].to_numpy(), "value": counts,
                             "wobble": WOBBLE["monthly_snapshot"]})
    numerators = _split_counts(as_count, {"cic_count": "Profile"})
    populations = largest_remainder(np.full(len(rows), population), POPULATION_SHARE[None, :].repeat(len(rows), 0))
    return numerators, populations


def cohort_size(published_pct: np.ndarray, decimals: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer numerator and denominator whose ratio reproduces each published percentage.

    Picks the denominator nearest the plausible cohort size `base` whose best numerator gives the
    published figure within 0.05 pp (or within the printed rounding when more decimals were printed).
    """
    tolerance = np.minimum(0.05, 0.5 * 10.0 ** -decimals.astype("float64")) + 1e-9
    offsets = np.arange(-SEARCH_SPAN, SEARCH_SPAN + 1)
    candidates = np.round(base)[:, None] + offsets[None, :]
    valid = candidates >= 1
    candidates = np.where(valid, candidates, 1.0)
    numerators = np.round(published_pct[:, None] * candidates / 100)
    error = np.abs(100 * numerators / candidates - published_pct[:, None])
    distance = np.abs(offsets)[None, :].astype("float64")
    # Within tolerance, nearest to the cohort wins; if nothing is, the smallest error does.
    score = np.where(error <= tolerance[:, None], distance, 1e9 + error)
    best = np.where(valid, score, np.inf).argmin(axis=1)
    at = np.arange(len(best))
    return numerators[at, best].astype("int64"), candidates[at, best].astype("int64")


def _split_percentages(rows: pd.DataFrame, cic: pd.Series,
                       areas: dict[str, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    base = np.maximum(1.0, rows["period"].map(cic).to_numpy() * rows["id"].map(COHORT_OF_CIC).fillna(1.0).to_numpy())
    total_num, total_den = cohort_size(rows["value"].to_numpy(), rows["decimals"].to_numpy(), base)
    shares = _base_shares(rows["id"], areas) * np.exp(0.25 * _noise(rows, "share"))
    # Each locality's own rate, scattered around the council's on the log-odds scale.
    rate = np.clip(rows["value"].to_numpy() / 100, 0.005, 0.995)[:, None]
    locality_rate = 1 / (1 + np.exp(-(np.log(rate / (1 - rate)) + 0.3 * _noise(rows, "level"))))
    # Splitting the 'yes' and the 'no' children separately keeps every numerator within its denominator.
    yes = largest_remainder(total_num, shares * locality_rate)
    no = largest_remainder(total_den - total_num, shares * (1 - locality_rate))
    return yes, yes + no, total_num, total_den


def _scatter_averages(rows: pd.DataFrame) -> np.ndarray:
    """Days, scores and ratios are averages: locality values scattered around the published one."""
    z = _noise(rows, "level")
    value = rows["value"].to_numpy()[:, None]
    unit = rows["unit"].to_numpy()[:, None]
    scattered = np.where(unit == "score", value + 0.8 * z, value * np.exp(np.where(unit == "days", 0.15, 0.08) * z))
    decimals = np.where(unit == "days", 0, np.where(unit == "score", 1, 2))
    return np.round(scattered * 10.0 ** decimals) / 10.0 ** decimals


# ---- values -----------------------------------------------------------------------------------

def _missing_note(raw_text: pd.Series, meaning: pd.Series) -> pd.Series:
    """What a BI team would type in place of the number."""
    note = pd.Series(NOT_IN_PACK_NOTE, index=raw_text.index, dtype="string")
    note[meaning.eq("not_applicable")] = raw_text.where(raw_text.isin(["NA", "-"]), "NA")
    note[meaning.eq("not_yet_reported")] = "tbc"
    note[meaning.eq("published_later")] = raw_text
    return note


def build_values(indicators: pd.DataFrame, values: pd.DataFrame, missing: pd.DataFrame) -> pd.DataFrame:
    """Values sheet rows: whole authority as published, six synthetic locality rows for each."""
    unit_of = indicators.set_index("id")["unit"]
    areas = indicators.set_index("id")["area"].to_dict()
    cic, population = cic_series(values)
    published = _in_window(values)
    published["unit"] = published["id"].map(unit_of)
    published["wobble"] = published["id"].map(indicators.set_index("id")["periodicity"]).map(WOBBLE).fillna(
        DEFAULT_WOBBLE)
    published["note"] = pd.Series(pd.NA, index=published.index, dtype="string").mask(
        published["confidence"].eq("uncertain"), UNCERTAIN_NOTE)

    frames: list[pd.DataFrame] = []
    n_loc = len(LOCALITIES)
    for unit, rows in published.groupby("unit", sort=True):
        rows = rows.reset_index(drop=True)
        numerator = denominator = np.full((len(rows), n_loc), np.nan)
        wa_num = wa_den = np.full(len(rows), np.nan)
        if unit == "count":
            value = _split_counts(rows, areas).astype("float64")
        elif unit == "percent":
            numerator, denominator, wa_num, wa_den = _split_percentages(rows, cic, areas)
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(denominator > 0, np.round(1000 * numerator / denominator) / 10, np.nan)
        elif unit == "rate_per_10k":
            numerator, denominator = _split_rates(rows, cic, population)
            value = np.round(1_000_000 * numerator / denominator) / 100
            wa_num, wa_den = numerator.sum(axis=1), denominator.sum(axis=1)
        else:
            value = _scatter_averages(rows)
        whole = pd.DataFrame({
            "indicator_id": rows["id"], "locality": pd.NA, "month": rows["period"], "value": rows["value"],
            "numerator": wa_num, "denominator": wa_den, "note": rows["note"],
        })
        local = pd.DataFrame({
            "indicator_id": rows["id"].repeat(n_loc).to_numpy(),
            "locality": np.tile(LOCALITIES, len(rows)),
            "month": rows["period"].repeat(n_loc).to_numpy(),
            "value": value.ravel(), "numerator": np.asarray(numerator, dtype="float64").ravel(),
            "denominator": np.asarray(denominator, dtype="float64").ravel(),
            "note": rows["note"].repeat(n_loc).to_numpy(),
        })
        # A locality with nobody in the cohort has no percentage: say so rather than leave it bare.
        local["note"] = local["note"].astype("string").mask(local["value"].isna(), NO_COHORT_NOTE)
        frames += [whole, local]

    # Cells the packs leave empty: blank value, the reason as a note, on every locality row too.
    gaps = _in_window(missing)
    gaps["note"] = _missing_note(gaps["raw_text"], gaps["meaning"])
    for locality in [pd.NA, *LOCALITIES]:
        frames.append(pd.DataFrame({"indicator_id": gaps["id"], "locality": locality, "month": gaps["period"],
                                    "value": np.nan, "numerator": np.nan, "denominator": np.nan,
                                    "note": gaps["note"]}))

    out = pd.concat(frames, ignore_index=True)
    # Indicator order as listed, then month, then whole authority before the localities.
    out["_ind"] = out["indicator_id"].map({i: n for n, i in enumerate(indicators["id"])})
    out["_loc"] = out["locality"].map({loc: n + 1 for n, loc in enumerate(LOCALITIES)}).fillna(0)
    out = out.sort_values(["_ind", "month", "_loc"], kind="stable").drop(columns=["_ind", "_loc"])
    out = out.astype({"indicator_id": "string", "locality": "string", "month": "string", "note": "string",
                      "value": "float64", "numerator": "float64", "denominator": "float64"})
    return out.reset_index(drop=True)


# ---- commentary and About ---------------------------------------------------------------------

def build_commentary(indicators: list[Indicator], values: pd.DataFrame) -> list[Commentary]:
    """One illustrative note per area for the quarter ends Dec 2022 and Mar 2023."""
    whole = values[values["locality"].isna() & values["value"].notna()].set_index(["indicator_id", "month"])["value"]
    commentary = []
    for month, label in (("2022-12", "December 2022"), ("2023-03", "March 2023")):
        for area in dict.fromkeys(ind.area for ind in indicators):
            rated = [ind for ind in indicators if ind.area == area and ind.target is not None
                     and ind.good_is is not None and ind.good_is.value != "neutral" and (ind.id, month) in whole.index]
            met = sum((whole[(ind.id, month)] >= ind.target) if ind.good_is.value == "high"
                      else (whole[(ind.id, month)] <= ind.target) for ind in rated)
            status = (f"{met} of {len(rated)} indicators with a target were at or better than target in {label}"
                      if rated else f"no indicator with a target was reported for {label}")
            text = f"Illustrative commentary: {status}; {AREA_COMMENTARY.get(area, 'actions are reviewed monthly.')}"
            commentary.append(Commentary(subject=area, period=month, text=text, author=AUTHOR))
    return commentary


def build_about() -> About:
    return About(
        authority="Dorset Council (sample)",
        month_ending=date(2023, 3, 31),
        produced_by="Sample built from published Corporate Parenting Board papers",
        extracted_on=date(2023, 5, 25),
        localities=LOCALITIES,
        locality_note=("Locality figures are illustrative: a synthetic split of the published council-wide "
                       "figures. No published source gives locality figures."),
        notes=("Whole-authority figures, targets and benchmarks as printed in Dorset Council Corporate Parenting "
               "Board papers: board of 25 May 2023, 'March 2023' report (003_ac3f526c5d55dd52.txt), and board of "
               "30 Nov 2022, 'September 2022 Performance' (000_23ed430798933dfc.txt). Empty cells carry the "
               "printed reason (NA, tbc, Data published ...). Commentary is illustrative."),
    )


def build_sample(reference_dir: Path = REFERENCE_DIR) -> tuple[About, list[Indicator], pd.DataFrame, list[Commentary]]:
    """Everything the sample workbook holds, built from the reference CSVs (pure: writes nothing)."""
    indicator_rows, values, missing = _read_reference(reference_dir)
    indicators = build_indicators(indicator_rows)
    value_rows = build_values(indicator_rows, values, missing)
    return build_about(), indicators, value_rows, build_commentary(indicators, value_rows)


def main(target: Path = SAMPLE_PATH) -> None:
    about, indicators, values, commentary = build_sample(REFERENCE_DIR)
    write_template(target, about=about, indicators=indicators, values=values, commentary=commentary)
    print(f"wrote {target}: {len(indicators)} indicators, {len(values):,} value rows, "
          f"{len(about.localities)} localities")


if __name__ == "__main__":
    main()
