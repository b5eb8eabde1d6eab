"""How long the CP-SAT solves of a plan may run, and the solver set up for a share of that time."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class SolverLimits:
    seconds: float = 7.0
    workers: int = 8
    # With a deterministic budget (and one worker) the same input gives the same plan: the demo's plans use it.
    deterministic_seconds: float | None = None


def _solver(limits: SolverLimits, share: float = 1.0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    if limits.deterministic_seconds is not None:
        solver.parameters.max_deterministic_time = limits.deterministic_seconds * share
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = 1
    else:
        solver.parameters.max_time_in_seconds = limits.seconds * share
        solver.parameters.num_workers = limits.workers
    return solver


def make_solver(limits: SolverLimits, share: float = 1.0) -> cp_model.CpSolver:
    """A solver for `share` of the time; with a deterministic budget one worker and a fixed seed (repeatable)."""
    solver = cp_model.CpSolver()
    if limits.deterministic_seconds is not None:
        solver.parameters.max_deterministic_time = limits.deterministic_seconds * share
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = 1
    else:
        solver.parameters.max_time_in_seconds = limits.seconds * share
        solver.parameters.num_workers = limits.workers
    return solver
