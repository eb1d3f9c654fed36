"""plansite: a static site generator for public plans, their goals and the follow-up on them."""

__version__ = "0.1.0"
