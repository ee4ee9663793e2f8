"""The agencies' ordinary frontline workers as one population: hiring, leaving, promotion.

One object owns the workers, so the lists per agency, the vacancies and the counts
cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bpsim.agents import Agency, Worker

if TYPE_CHECKING:  # pragma: no cover
    from bpsim.model import NeighbourhoodModel


class Workforce:
    """Ordinary frontline workers of all agencies.

    Attributes:
        at: Workers per agency.
        hired: Workers hired so far (the initial staff included).
        left: Workers who quit.
        promoted: Workers found by scouting, now frontline best persons.
        vacancies: (week the post is filled, agency) for posts not yet filled.
    """

    def __init__(self, model: NeighbourhoodModel, agencies: list[Agency]) -> None:
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
