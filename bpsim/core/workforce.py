"""The agencies' ordinary frontline workers as one population: hiring, leaving, promotion.

One object owns the workers, so the lists per agency, the vacancies and the counts
cannot drift apart.
"""

from __future__ import annotations

from itertools import compress

import numpy as np

from bpsim.core.agents import Agency, Neighbourhood, Worker
from bpsim.core.mechanisms import burnout, discretion, learning, training


class Workforce:
    """Ordinary frontline workers of all agencies.

    Attributes:
        at: Workers per agency.
        hired: Workers hired so far (the initial staff included).
        left: Workers who quit.
        promoted: Workers found by scouting, now frontline best persons.
        vacancies: (week the post is filled, agency) for posts not yet filled.
    """

    def __init__(self, model: Neighbourhood, agencies: list[Agency]) -> None:
        self.model = model
        self.at: dict[Agency, list[Worker]] = {a: [] for a in agencies}
        self.hired = 0
        self.left = 0
        self.promoted = 0
        self.vacancies: list[tuple[int, Agency]] = []

    def __iter__(self):
        for staff in self.at.values():
            yield from staff

    def __len__(self) -> int:
        return sum(len(staff) for staff in self.at.values())

    def hire(self, agency: Agency, rng: np.random.Generator) -> Worker:
        """A new worker joins `agency`, with ordinary empathy; a few are latent best persons."""
        p = self.model.p
        empathy = float(np.clip(rng.normal(p.worker_empathy, 0.1), 0.0, 1.0))
        worker = Worker(self.model, agency, empathy, bool(rng.random() < p.latent_share))
        self.at[agency].append(worker)
        self.hired += 1
        return worker

    def _vacate(self, worker: Worker) -> None:
        self.at[worker.agency].remove(worker)
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
        workers = list(self)
        if not workers:
            return
        m, p = self.model, self.model.p
        burden = m.ctx.burden
        agencies = list(self.at)
        per_agency = np.array([len(self.at[a]) for a in agencies])
        agency = np.repeat(np.arange(len(agencies)), per_agency)
        empathy = np.array([w.empathy for w in workers])
        practice = np.array([w.practice for w in workers])
        hired = np.array([w.hired_empathy for w in workers])
        pressure = np.array([a.pressure for a in agencies])[agency]
        meaning = discretion.coping_towards_clients(
            empathy, practice, discretion.allowed_discretion(p, burden)
        )
        tired = burnout.update(np.array([w.burnout for w in workers]), pressure, p, meaning, burden)
        leaves = rng.random(len(workers)) < burnout.leave_chance(tired, p)
        # Colleagues earlier in the same agency's list who left this week.
        gone = np.cumsum(leaves) - leaves
        first = np.cumsum(per_agency) - per_agency
        gone -= gone[first[agency]]
        staff = np.maximum(1, per_agency[agency] - gone)
        fbp = np.array([a.frontline_best_persons for a in agencies])[agency]
        referrals = np.array([a.referrals for a in agencies])[agency]
        practice = learning.learn(practice, learning.exposure(fbp, referrals, staff), p)
        empathy = training.train(empathy, hired, p)
        for w, e, pr, b in zip(
            workers, empathy.tolist(), practice.tolist(), tired.tolist(), strict=True
        ):
            w.empathy, w.practice, w.burnout = e, pr, b
        for w in compress(workers, leaves.tolist()):
            self.leave(w)

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
        return [w for w in self if w.latent]
