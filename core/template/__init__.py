"""The template workbook: the documented contract between a BI team and this product, and its writers
(blank, or a Dataset written back so a what-if scenario can be re-uploaded)."""
