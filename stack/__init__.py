"""The whole topology on one machine: `python -m stack up|down|status` (see docs/scaling.md)."""
