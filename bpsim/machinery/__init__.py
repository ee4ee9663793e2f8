"""The machinery every face shares: it runs the core and keeps, shows and explains results.

It imports the core and itself, never a face (`tests/test_layers.py` checks):

- `execution`: one layer for every batch of runs (in this process, local processes, Dask);
- `store`: the resumable results folder of sweeps and robust comparisons;
- `provenance`: what produced a result; `cost`: what a batch of runs will cost;
- `stats`: paired differences and intervals;
- `i18n`: every text in English and Dutch, and the number formatter;
- `figures`, `report`, `palette`: run figures, the HTML report frame, the colours;
- `odd`: the generated tables of docs/ODD.md and the core's `parameters` module;
- `errors`: the error every face reports as bad input.
"""
