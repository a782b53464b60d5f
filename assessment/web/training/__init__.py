"""Training sessions: a facilitator runs a scenario, a room rates it anonymously."""

from assessment.web.training.views import bp

__all__ = ["bp"]
