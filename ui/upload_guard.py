"""Says on the page when a chosen file is over the size limit.

Streamlit refuses such a file in the browser, before the server sees it, and says so only in a
tooltip on the file's chip. This small component watches the browser's own file choices (the file
input's change, and a drop) and reports the too-large file's name and size back, so the page can
say it in words.
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function(component) {
    const { data, setStateValue } = component;
    window.__scorecardSizeGuard = { limit: data.limit, report: setStateValue };
    if (window.__scorecardSizeGuardListening) return;
    window.__scorecardSizeGuardListening = true;
    // Report only a refusal, and its clearing: a report reruns the page, which must not race a good upload.
    const check = (files) => {
        const guard = window.__scorecardSizeGuard;
        if (!files || !files.length) return;
        const file = files[0];
        const tooLarge = file.size > guard.limit;
        if (tooLarge || window.__scorecardSizeGuardRefused) {
            window.__scorecardSizeGuardRefused = tooLarge;
            guard.report('too_large', tooLarge ? { name: file.name, size: file.size } : null);
        }
    };
    document.addEventListener('change', (event) => {
        if (event.target && event.target.type === 'file') check(event.target.files);
    }, true);
    document.addEventListener('drop', (event) => {
        if (event.dataTransfer) check(event.dataTransfer.files);
    }, true);
}
"""

_size_guard = st.components.v2.component("scorecard.file_size_guard", js=_JS)


def too_large_file(limit_bytes: int) -> tuple[str, int] | None:
    """(name, bytes) of the file the user last chose when it is over limit_bytes, else None."""
    result = _size_guard(key="file_size_guard", data={"limit": limit_bytes}, default={"too_large": None},
                         on_too_large_change=lambda: None)
    chosen = result.too_large if result is not None else None
    return (str(chosen["name"]), int(chosen["size"])) if chosen else None
