"""Where the dashboard finds its folders and which language it starts in.

``bpsim dashboard`` passes its options through the environment because Solara
imports the app itself (there is no call through which to hand over arguments).
Unset, the folders are ``scenarios/`` and ``results/`` under the current folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from bpsim.machinery import i18n

SCENARIOS_ENV = "BPSIM_SCENARIOS_DIR"
RESULTS_ENV = "BPSIM_RESULTS_DIR"
LANG_ENV = "BPSIM_LANG"
#: Languages the dashboard speaks; the first is the default.
LANGS = i18n.LANGS


def scenarios_dir() -> Path:
    """The folder of scenario files."""
    return Path(os.environ.get(SCENARIOS_ENV, "scenarios"))


def results_dir() -> Path:
    """The folder of stored comparisons and sweeps."""
    return Path(os.environ.get(RESULTS_ENV, "results"))


def default_lang() -> str:
    """The language a new browser session starts in."""
    lang = os.environ.get(LANG_ENV, LANGS[0])
    return lang if lang in LANGS else LANGS[0]


def without_paths(message: str) -> str:
    """A message for the page, without the server's folders in it.

    Visitors see a file by its name (``broken.toml``), never where the server keeps
    it: a server's file-system layout is not theirs to read.
    """
    for folder in (scenarios_dir(), results_dir()):
        for form in {str(folder.resolve()), str(folder)}:
            message = message.replace(form + os.sep, "").replace(form, "…")
    return message
