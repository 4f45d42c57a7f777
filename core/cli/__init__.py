"""The command line (`python -m core ...`): a stable contract of commands, JSON keys and exit codes.

Each command imports only what it needs, so a short command starts fast.
"""
