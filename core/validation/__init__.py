"""What the performance manager is told: the rule catalogue, findings, row counts and model-wide checks.

Every finding kind is declared once in core.validation.catalogue with its level, message and row effect.
"""
