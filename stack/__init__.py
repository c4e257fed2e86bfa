"""The whole topology on one machine (`python -m stack up|down|status`, see
docs/scaling.md) and the launchers of its processes, standard library only; the test suite
shares the object store's (seaweedfs.py)."""
