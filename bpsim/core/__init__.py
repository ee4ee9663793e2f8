"""The model core: the neighbourhood, its people and the rules of a week, and nothing else.

It does no I/O beyond reading scenario files and knows no face: no command line, browser,
report or cluster. It imports only itself and libraries (`tests/test_layers.py` checks).

- `scenario`: the parameter table (`PARAMETERS`), scenario files and their validation;
- `parameters`: the typed `Parameters` record generated from that table (``bpsim odd``);
- `state`: the residents' arrays, the ledger of events and the week context;
- `mechanisms`: one module per submodel, each a function of the week;
- `agents`, `workforce`, `model`: the people, the agencies' staff and the week's order;
- `outcomes`: one record per outcome and how each is measured;
- `api`: `run`, one scenario with one seed, as data;
- `names`, `seeds`, `emergence`: the rule for names, the seeds of replications, and what
  the model can and cannot tell you.
"""
