"""The arrays behind the agents and the ledger: they give what the per-agent code gave."""

from __future__ import annotations

import numpy as np

from bpsim.core.model import NeighbourhoodModel
from bpsim.core.state import LEDGER_FIELDS, WINDOW, Ledger, Roster


def test_add_each_books_as_one_add_after_the_other_to_the_last_bit():
    rng = np.random.default_rng(3)
    amounts = rng.random(40) * 10.0 ** rng.integers(-4, 4, 40)
    one_by_one, at_once = Ledger(), Ledger()
    one_by_one.add("hours", 0.1)
    at_once.add("hours", 0.1)
    for amount in amounts:
        one_by_one.add("hours", float(amount))
    at_once.add_each("hours", amounts)
    assert one_by_one.hours[one_by_one.slot] == at_once.hours[at_once.slot]


def test_totals_are_each_count_summed_over_the_window():
    rng = np.random.default_rng(4)
    led = Ledger()
    for _ in range(WINDOW + 7):  # past a full window, so old weeks are cleared
        led.advance()
        for name, shape in LEDGER_FIELDS.items():
            led.add(name, rng.random(shape) * 10.0 ** rng.integers(-3, 5))
    weekly, by_quintile = led.totals()
    for name in LEDGER_FIELDS:
        got = by_quintile[name] if name in by_quintile else weekly[name]
        np.testing.assert_array_equal(got, getattr(led, name).sum(axis=0))  # bit for bit


def test_roster_grows_and_keeps_what_is_written():
    roster = Roster(domains=5, capacity=2)
    for slot in range(5):
        roster.claim(slot)
        roster.energy[slot] = slot / 10
        roster.heard[slot, slot] = 1.0
    assert roster.size == 5 and roster.energy.size >= 5
    np.testing.assert_array_equal(roster.energy[:5], np.arange(5) / 10)
    np.testing.assert_array_equal(roster.heard[:5], np.eye(5))


def test_agents_read_and_write_their_rows(small):
    model = NeighbourhoodModel(rng=2, **small)
    for _ in range(5):
        model.step()
    person = next(iter(model.best_persons))
    person.energy = 0.42
    assert model.roster.energy[person.slot] == 0.42 and person.energy == 0.42
    worker = next(iter(model.workforce))
    worker.practice = 0.3
    assert model.workforce.staff.practice[worker.row] == 0.3


def test_the_workforce_arrays_are_the_workers_numbers_in_their_order(small):
    model = NeighbourhoodModel(rng=5, **small)
    for _ in range(30):
        model.step()
    workers = list(model.workforce)
    wf = model.workforce
    assert wf.means() == tuple(
        float(np.mean([getattr(w, k) for w in workers])) for k in ("burnout", "practice", "empathy")
    )
    for agencies in (model.agencies, model.agencies[1:]):
        staff = [w for a in agencies for w in wf.at[a]]
        counts, practice, empathy, burnout = wf.numbers(list(agencies))
        np.testing.assert_array_equal(counts, [len(wf.at[a]) for a in agencies])
        np.testing.assert_array_equal(practice, [w.practice for w in staff])
        np.testing.assert_array_equal(empathy, [w.empathy for w in staff])
        np.testing.assert_array_equal(burnout, [w.burnout for w in staff])
    assert wf.latent() == [w for w in workers if w.latent]
