"""The submodels, one module each, named in the research's own words.

Each module holds the vectorised rules for one mechanism; agents call them for
the households they act on. The order of a week is in `bpsim.core.model`.
"""
