"""Launchers of the processes a larger topology runs (object store, ...), standard library
only, shared by the test suite and the stack's own launcher."""
