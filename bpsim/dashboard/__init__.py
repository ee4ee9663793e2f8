"""The Solara dashboard: explore one neighbourhood live, compare two side by side.

A thin face over `bpsim.NeighbourhoodModel` (no model logic here). Start it with
``bpsim dashboard``; the Solara app itself is `bpsim.dashboard.app`. Modules:

- `simulation`: per-session runs (a model, its lock, stepping in lockstep);
- `drawing`: matplotlib figures drawn from the model's arrays, reused between weeks;
- `text`: the dashboard's words in English and Dutch (on top of `bpsim.machinery.i18n`);
- `files`: scenario files and stored results on disk;
- `assets`: the list of front-end files the page loads, and a check of Solara's cache;
- `components` and `pages`: the Solara interface.

Importing this package does not import Solara, so the CLI stays fast.
"""
