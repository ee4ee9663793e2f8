"""The typed parameters record: generated from the parameter table, frozen, read by the model."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.parameters import Parameters
from bpsim.core.scenario import PARAMETERS, default_scenario
from bpsim.machinery import odd


def test_generated_parameters_module_is_up_to_date():
    assert odd.parameters_module_is_fresh(), (
        "bpsim/core/parameters.py is stale: run 'uv run bpsim odd'"
    )


def test_one_typed_field_per_parameter_in_table_order():
    hints = typing.get_type_hints(Parameters)
    assert [f.name for f in dataclasses.fields(Parameters)] == [p.name for p in PARAMETERS]
    assert hints == {p.name: int if p.integer else float for p in PARAMETERS}


def test_the_record_is_frozen_and_slotted():
    p = Parameters(**default_scenario().params)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.rule_burden = 0.1  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        p.not_a_parameter = 1  # type: ignore[attr-defined]
    assert not hasattr(p, "__dict__")
    with pytest.raises(TypeError):
        Parameters(rule_burden=0.5)  # type: ignore[call-arg]  # no defaults: every field given


def test_the_model_reads_the_record_and_a_lever_change_makes_a_new_one(small):
    model = NeighbourhoodModel(default_scenario().with_overrides(small), rng=3)
    before = model.p
    assert type(before) is Parameters
    assert dataclasses.asdict(before) == model.params.params
    model.apply_levers({"rule_burden": 0.2, "scouting": 0.4})
    assert type(model.p) is Parameters and model.ctx.p is model.p
    assert (model.p.rule_burden, model.p.scouting) == (0.2, 0.4)
    assert before.rule_burden == model.params["rule_burden"]  # the old record is untouched
    unchanged = {
        k: v for k, v in dataclasses.asdict(model.p).items() if k not in {"rule_burden", "scouting"}
    }
    assert unchanged == {
        k: v for k, v in dataclasses.asdict(before).items() if k not in {"rule_burden", "scouting"}
    }


def test_a_new_parameter_is_a_new_field_in_the_generated_source(monkeypatch):
    extra = dataclasses.replace(PARAMETERS[0], name="zz_new_parameter", integer=True, default=3)
    monkeypatch.setattr(odd, "PARAMETERS", (*PARAMETERS, extra))
    source = odd.parameters_module()
    assert "\n    zz_new_parameter: int\n" in source
    assert not odd.parameters_module_is_fresh()
    namespace: dict[str, object] = {}
    exec(compile(source, "parameters.py", "exec"), namespace)  # the generated source runs
    fields = dataclasses.fields(namespace["Parameters"])  # type: ignore[arg-type]
    assert fields[-1].name == "zz_new_parameter"
