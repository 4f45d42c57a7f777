"""The server: `streamlit run serve.py` serves app.py, after warming what every session's first page needs.

Streamlit runs app.py per session; st.App's lifespan is the one place that runs once when the server
starts, before it takes requests, so the first visitor after a restart does not wait for the work.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from ui.warm import warm_start


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    await asyncio.to_thread(warm_start)
    # Streamlit runs a full collection after every script run, holding the lock every thread needs while
    # the page's last messages wait: what start-up loaded (modules, the warmed caches) lives as long as the
    # server, so it is moved out of the collector's sight and each collection walks only per-session objects.
    gc.freeze()
    yield


app = st.App("app.py", lifespan=lifespan)
