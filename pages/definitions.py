"""Definitions: the indicator dictionary, the rules in plain English with the legend, and the validation rules."""

import pandas as pd
import streamlit as st

from core.access import Capability
from core.model import DEFAULT_AMBER_BAND, Unit
from core.present.format import describe_band
from core.present.labels import (
    ASSURANCE_LABELS,
    DIRECTION_LABELS,
    DIRECTION_MEANINGS,
    RAG_MEANINGS,
    RAG_STYLES,
    SPC_LABELS,
)
from core.rules.outlook import MIN_POINTS as OUTLOOK_MIN_POINTS
from core.rules.outlook import OUTLOOK_MONTHS
from core.rules.spc import method_description
from ui.access import require
from ui.shell import require_shell
from ui.state import current_model
from ui.tables import indicator_dictionary, rag_legend, rule_table

require_shell()
require(Capability.view_scorecard)

st.title("Definitions")
model = current_model()

st.header("How to read the scorecard")
st.markdown(rag_legend())
st.markdown(
    f"""
**RAG** applies only where an indicator has a target and a polarity (*Good Is* high or low).
Green means in line with or better than target. Amber means below target but within the indicator's
amber band. Red means beyond the band. The band is set per indicator: a fixed distance (e.g. 5
percentage points), a share of the target (e.g. 10%), or an explicit *intervention level*. Where an
indicator sets none, the default is {describe_band(DEFAULT_AMBER_BAND, Unit.percent)}. A target of 0 is real:
with a relative band, anything worse than 0 is red.

**Direction of travel** compares this month with last month through the polarity: Improving, Worsening
or Same (equal to 2 decimal places). It is blank when either month is missing, for neutral
indicators, and across the September reset of academic-year measures. It says nothing about the target:
an indicator can improve and still be red.

**Year-end outlook** asks whether an indicator will meet its target by the end of the financial year
(March; from March itself, the next March). A least-squares straight line is fitted through the figures
of the last {OUTLOOK_MONTHS} months (at least {OUTLOOK_MIN_POINTS} are needed; missing months are left out,
not filled) and carried on to March. The band around it is ± 2.66 × the average moving range of the figures
about that line: the SPC process-limit width with the trend taken out, the usual month-to-month spread (it
does not widen with distance). **On track**: the whole band is at or better than the target. **Off track**:
the whole band is worse. **At risk**: the band runs across the target. There is no outlook without a target,
for neutral indicators, for annual and academic-year-to-date measures (which reset each September), or with
too few figures; the indicator page says which. Only figures that may be shown are used.

**Small numbers.** Meetings are public and often broadcast, so a figure that rests on too few children is
withheld, for the whole authority and for every locality alike. The threshold is the deployment's (default 5;
a manager sets it, and you can raise it for yourself under *Display options*, never lower it). Withheld:

- a count from 1 to the threshold minus 1;
- a percentage or rate whose count is that small, or whose group is smaller than the threshold (or the
  indicator's minimum group size), or that leaves out that few children (14 of 15 shown as 93.3% says
  that 1 is not in the group); an average over fewer children than the threshold (where the workbook
  gives no group size beside an average, the count it is an average over is used: the adoption averages
  are over the children adopted in the last 12 months);
- **complementary figures**: for each indicator and month, the whole authority and all localities are one
  table, and the localities add up to the whole authority. More figures of that table are withheld (the
  smallest locality figures first, the whole-authority figure last) until no withheld figure can be worked
  out, from everything shown anywhere (every page, the comparison, the trend lines, last month's figure,
  the packs and the command line), to a single value or to fewer possible values than the threshold.

A figure withheld when an edition was published stays withheld in every later view, even when a later edition
restates that month: the earlier meeting is on record, and a restated figure beside it could give the withheld
one away.

Every withheld figure shows the same mark, `c`, and the same reason, so nobody can tell a small count from a
figure withheld to protect one. **Zeros are shown**: a 0 identifies nobody, and because withheld figures can
be large as well as small, showing zeros does not narrow what a `c` could be. A withheld figure is not rated,
and no direction of travel is shown where this month's or last month's figure is withheld.
"""
)
spc = method_description()
st.subheader("Statistical process control (SPC)")
st.markdown("SPC uses an XmR chart as NHS England's *Making Data Count* defines it. " + spc["limits"])
st.markdown("A *special cause* is any of these; through the polarity it is an improvement or a concern, "
            "otherwise the variation is *common cause*:\n" + "\n".join(f"- {rule}" for rule in spc["rules"]))
for part in ("conflicts", "assurance", "recalculation"):
    st.markdown(spc[part])
st.caption(f"Source: {spc['source']}.")
legend = pd.DataFrame(
    [{"Direction": label, "Meaning": DIRECTION_MEANINGS[key]} for key, label in DIRECTION_LABELS.items()]
)
c1, c2 = st.columns(2)
c1.table(legend.set_index("Direction"))  # a table wraps the meanings; a grid would cut them
c2.dataframe(
    pd.DataFrame({"SPC / assurance": [*SPC_LABELS.values(), *ASSURANCE_LABELS.values()]}), hide_index=True, placeholder=""
)
st.dataframe(
    pd.DataFrame([{"RAG": RAG_STYLES[k].label(), "Meaning": v} for k, v in RAG_MEANINGS.items()]), hide_index=True, placeholder=""
)

st.header("Validation rules")
st.caption("Every message the validation report can give, with what happens to the data. Values from your "
           "workbook are shown as …. Paste a message from the report, or type a few words, to find its rule.")
search = st.text_input("Find a rule", key="rule_search", placeholder="e.g. is not a number")
rules = rule_table(search)
if rules.empty:
    st.write("No rule matches that search.")
st.dataframe(rules, hide_index=True, width="stretch",
             column_config={"Rule": st.column_config.TextColumn(width=200),
                            "Level": st.column_config.TextColumn(width=70),
                            "What happens to the data": st.column_config.TextColumn(width=210),
                            "Message": st.column_config.TextColumn(width=700)}, placeholder="")

st.header("Indicator dictionary")
area = st.selectbox("Area", ["All areas", *sorted({i.area for i in model.indicators.values()})], key="dict_area")
st.dataframe(indicator_dictionary(model, None if area == "All areas" else area), hide_index=True, width="stretch", placeholder="")
