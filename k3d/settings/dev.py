"""Local development: debug on, console e-mail, an insecure key that never leaves this machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-kooperacje3d")  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# `make run` makes a self-signed demonstration seal here on its first run (create_demo_seal);
# every receipt it seals says it is a demonstration.
RECEIPT_SEAL_DEMO = not env.str("RECEIPT_SEAL_P12", default="")
if RECEIPT_SEAL_DEMO:
    RECEIPT_SEAL_P12 = str(BASE_DIR / "var" / "demo-seal.p12")  # noqa: F405
    RECEIPT_SEAL_PASSWORD = "kooperacje3d-demo"  # noqa: S105
