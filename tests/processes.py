"""Running Python in a separate process of the project, as another worker, cron or a deploy
would: the settings and caches of a second process, not this one's."""

import subprocess
import sys

from django.conf import settings


def run_python(code, env):
    """The stdout of `python -c code` run in the project's folder with `env`; fails on an error."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
