"""Pattern-oriented validation: the research's patterns P1-P11 as named, falsifiable checks."""

from bpsim.validation.checks import CHECKS, Check, Criterion
from bpsim.validation.evaluate import CheckResult, CriterionResult, evaluate

__all__ = ["CHECKS", "Check", "CheckResult", "Criterion", "CriterionResult", "evaluate"]
