"""Demo data for `make run` (loaded by the seed_demo command): `data` holds the people,
services and hires, `images` makes their pictures and resumes offline, `threads` writes
the conversations on the demo's hire requests."""
