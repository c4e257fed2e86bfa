"""The WSGI entry point gunicorn loads in each worker."""

import subprocess
import sys

from django.conf import settings

PROBE = """
import gc
frozen_before = gc.get_freeze_count()
from marketplace.wsgi import application
print(frozen_before, gc.get_freeze_count(), callable(application))
"""


def test_the_loaded_application_is_frozen_out_of_the_garbage_collectors_passes():
    # In a process of its own, as in a worker: freezing here would freeze the test run.
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()

    frozen_before, frozen_after, callable_app = int(out[0]), int(out[1]), out[2]
    assert frozen_before == 0
    # Django, the apps and the URL conf: hundreds of thousands of objects.
    assert frozen_after > 100_000
    assert callable_app == "True"
