"""Disclosure control: which figures a public view withholds, decided once per table.

A *table* is one indicator in one month: the whole-authority figure and every locality's figure.
Every view (scorecards, the locality comparison, sparklines, the indicator history, packs, the
command line) reads the same decision, so no view shows a figure another view withholds.

The policy (see POLICY_TEXT, shown on the Definitions page):

- **Primary**: a count from 1 to threshold-1 is withheld, in a locality or for the whole authority;
  so is a percentage or rate whose count (numerator) is that small or whose group (denominator) is
  smaller than max(threshold, the indicator's minimum denominator), and an average over fewer than
  threshold children.
- **Zeros are shown.** Every withheld figure shows the same mark, `c`, so a withheld figure may be
  a small count or a large one withheld to protect it; zeros identify no one and are kept.
- **Complementary**: parts add up to the whole authority, so the decision keeps withholding more
  figures of the table (the smallest non-zero locality figures first, the whole-authority figure
  last) until no withheld figure can be pinned, from every figure shown, to fewer than threshold
  possible values (see core.disclosure.audit for the attacker this is checked against).
"""

from core.disclosure.audit import Cell, feasible_values
from core.disclosure.table import TABLE_COLUMNS, protect

__all__ = ["TABLE_COLUMNS", "Cell", "feasible_values", "protect"]
