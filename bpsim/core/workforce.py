"""The agencies' ordinary frontline workers as one population: hiring, leaving, promotion.

One object owns the workers, so the lists per agency, the vacancies and the counts
cannot drift apart.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from bpsim.core.agents import Agency, Neighbourhood, Worker
from bpsim.core.compiled import kernel
from bpsim.core.mechanisms import burnout, discretion, learning, training
from bpsim.core.state import Staff


class _Layout(NamedTuple):
    """The workforce in the order of `Workforce.__iter__` (see `Workforce.order`).

    Attributes:
        workers: The workers, agency after agency, each agency's in their order.
        rows: Their rows in `Staff`.
        per_agency: How many each agency employs.
        agency: Each worker's agency (its place among the agencies).
    """

    workers: list[Worker]
    rows: np.ndarray
    per_agency: np.ndarray
    agency: np.ndarray


class Workforce:
    """Ordinary frontline workers of all agencies.

    Attributes:
        at: Workers per agency.
        staff: Their numbers, by row.
        hired: Workers hired so far (the initial staff included).
        left: Workers who quit.
        promoted: Workers found by scouting, now frontline best persons.
        vacancies: (week the post is filled, agency) for posts not yet filled.
    """

    def __init__(self, model: Neighbourhood, agencies: list[Agency]) -> None:
        self.model = model
        self.at: dict[Agency, list[Worker]] = {a: [] for a in agencies}
        self.staff = Staff()
        self.hired = 0
        self.left = 0
        self.promoted = 0
        self.vacancies: list[tuple[int, Agency]] = []
        self._order: _Layout | None = None

    def __iter__(self):
        for staff in self.at.values():
            yield from staff

    def __len__(self) -> int:
        return len(self.order().workers)

    def order(self) -> _Layout:
        """The workers in the order of `__iter__`, their rows, and who works where.

        Kept until someone is hired or leaves (a few times a year), so that a week
        reads the workers' numbers as arrays without a step per worker.
        """
        if self._order is None:
            workers = [w for staff in self.at.values() for w in staff]
            per_agency = np.array([len(staff) for staff in self.at.values()], dtype=np.intp)
            self._order = _Layout(
                workers=workers,
                rows=np.array([w.row for w in workers], dtype=np.intp),
                per_agency=per_agency,
                agency=np.repeat(np.arange(per_agency.size), per_agency),
            )
        return self._order

    def means(self) -> tuple[float, float, float]:
        """Mean burnout, practice and empathy of the workers employed (NaN for none).

        As ``np.mean`` of the workers' numbers in the order of `__iter__` (the same
        pairwise sum, to the last bit), without numpy's Python layers around it.
        """
        rows = self.order().rows
        if rows.size == 0:
            return math.nan, math.nan, math.nan
        s = self.staff
        return tuple(  # type: ignore[return-value]
            float(np.add.reduce(values[rows]) / rows.size)
            for values in (s.burnout, s.practice, s.empathy)
        )

    def numbers(
        self, agencies: list[Agency]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The workers of `agencies` as flat arrays, agency after agency, in staff order.

        For a kernel that takes every agency's staff at once: all agencies in the order
        the workforce holds them (the model's) read the kept layout, any other selection
        its workers' rows.

        Returns:
            How many workers each agency has (they follow one another in the arrays),
            then the workers' practice, empathy and burnout.
        """
        if agencies == list(self.at):
            layout = self.order()
            rows, counts = layout.rows, layout.per_agency.copy()
        else:
            rows = np.array([w.row for a in agencies for w in self.at[a]], dtype=np.intp)
            counts = np.array([len(self.at[a]) for a in agencies], dtype=np.intp)
        s = self.staff
        return counts, s.practice[rows], s.empathy[rows], s.burnout[rows]

    def hire(self, agency: Agency, rng: np.random.Generator) -> Worker:
        """A new worker joins `agency`, with ordinary empathy; a few are latent best persons."""
        p = self.model.p
        empathy = float(np.clip(rng.normal(p.worker_empathy, 0.1), 0.0, 1.0))
        worker = Worker(self.model, agency, empathy, bool(rng.random() < p.latent_share))
        self.at[agency].append(worker)
        self.hired += 1
        self._order = None
        return worker

    def _vacate(self, worker: Worker) -> None:
        self.at[worker.agency].remove(worker)
        self._order = None
        self.vacancies.append((self.model.steps + self.model.p.hiring_delay, worker.agency))
        worker.remove()

    def leave(self, worker: Worker) -> None:
        """A worker quits; the post is filled after `hiring_delay` weeks."""
        self._vacate(worker)
        self.left += 1

    def promote(self, worker: Worker) -> Agency:
        """A worker found by scouting leaves the ordinary staff; the post is filled like any other.

        Returns:
            The agency the new frontline best person works in.
        """
        self._vacate(worker)
        self.promoted += 1
        return worker.agency

    def week(self, rng: np.random.Generator) -> None:
        """The ordinary workers' week: burnout, professional learning, training; some leave.

        Worked out for all workers at once, as if they took their turn one after the
        other in the order of `__iter__`: each draws one number from `rng` to decide
        whether they leave, and a worker counts as staff the colleagues still employed
        when their turn comes (those earlier in the list who left this week are gone).

        Args:
            rng: The workers' random stream.
        """
        layout = self.order()
        if not layout.workers:
            return
        m, p = self.model, self.model.p
        s = self.staff
        burden = m.ctx.burden
        agencies = list(self.at)
        # Drawn here, not in the kernel: one call, as before, from any object with numpy's
        # `random` (the tests hand in streams that decide who leaves).
        leaves = _week(
            rng.random(len(layout.workers)), layout.rows, layout.agency, layout.per_agency,
            s.burnout, s.practice, s.empathy, s.hired_empathy,
            np.array([a.pressure for a in agencies], dtype=float),
            np.array([a.frontline_best_persons for a in agencies], dtype=np.int64),
            np.array([a.referrals for a in agencies], dtype=np.int64),
            burden, discretion.allowed_discretion(p, burden), p.burnout_rate,
            burnout.MAX_PRESSURE, p.turnover_rate, p.turnover_burnout, p.professional_learning,
            learning.LEARNING_RATE, learning.REFERRALS_PER_COLLEAGUE,
            learning.EXPOSURE_PER_COLLEAGUE, p.training, p.training_ceiling,
            training.TRAINING_RATE,
        )  # fmt: skip
        for i in np.flatnonzero(leaves).tolist():
            self.leave(layout.workers[i])

    def fill_vacancies(self, rng: np.random.Generator) -> None:
        """Posts whose hiring delay has passed are filled."""
        week = self.model.steps
        due = [v for v in self.vacancies if v[0] <= week]
        if due:
            self.vacancies = [v for v in self.vacancies if v[0] > week]
            for _, agency in due:
                self.hire(agency, rng)

    def latent(self) -> list[Worker]:
        """Workers who are latent best persons."""
        layout = self.order()
        latent = np.flatnonzero(self.staff.latent[layout.rows]).tolist()
        return [layout.workers[i] for i in latent]


@kernel
def _week(
    draws, rows, agency, per_agency, burnout_of, practice_of, empathy_of, hired_empathy_of,
    pressure, frontline_best_persons, referrals, burden, allowed, burnout_rate, max_pressure,
    turnover_rate, turnover_burnout, professional_learning, learning_rate, per_colleague,
    exposure_per_colleague, training_effort, training_ceiling, training_rate,
):  # fmt: skip
    """`Workforce.week` for every worker, in the order of `Workforce.order`, in one pass.

    Worker i (row ``rows[i]`` of the staff's arrays, in agency ``agency[i]``, the agencies'
    workers one after the other) copes towards clients (`discretion`), burns out or
    recovers (`burnout`), leaves with the chance that gives (`draws[i]`, one each, drawn
    before the pass as ``rng.random(n)``), learns from best persons' work beside them
    (`learning`, with the colleagues still employed at their turn as staff) and is
    trained (`training`). Burnout, practice and empathy are written to the staff's rows;
    the per-agency arrays (pressure, frontline best persons, referrals) are read at
    ``agency[i]``. Returns who leaves.
    """
    n = rows.size
    leaves = np.zeros(n, dtype=np.bool_)
    gone = 0  # colleagues earlier in this agency's list who left this week
    for i in range(n):
        a = agency[i]
        if i > 0 and a != agency[i - 1]:
            gone = 0
        row = rows[i]
        empathy, practice = empathy_of[row], practice_of[row]
        meaning = discretion.coping_towards_clients(empathy, practice, allowed)
        tired = burnout.next_burnout(
            burnout_of[row], pressure[a], burnout_rate, meaning, burden, max_pressure
        )
        leaves[i] = draws[i] < burnout.quit_chance(tired, turnover_rate, turnover_burnout)
        staff = max(1, per_agency[a] - gone)
        gone += leaves[i]
        contact = learning.exposure_of(
            frontline_best_persons[a], referrals[a], staff, per_colleague, exposure_per_colleague
        )
        practice_of[row] = learning.learned(practice, contact, professional_learning, learning_rate)
        empathy_of[row] = training.trained(
            empathy, hired_empathy_of[row], training_effort, training_ceiling, training_rate
        )
        burnout_of[row] = tired
    return leaves
