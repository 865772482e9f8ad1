"""System checks of the institution's seal (recruitment/sealing.py)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def seal_configured(app_configs, **kwargs):
    """`check --deploy`: receipts without the institution's seal, or with the demonstration one."""
    if getattr(settings, "RECEIPT_SEAL_DEMO", False):
        return [
            Warning(
                "Receipts are sealed with the self-signed demonstration seal.",
                hint="Set RECEIPT_SEAL_P12 and RECEIPT_SEAL_PASSWORD to the institution's seal.",
                id="recruitment.W002",
            )
        ]
    if not getattr(settings, "RECEIPT_SEAL_P12", ""):
        return [
            Warning(
                "RECEIPT_SEAL_P12 is not set: receipts and formal-check cards are issued "
                "without the institution's electronic seal.",
                hint="Set RECEIPT_SEAL_P12 (a PKCS#12 file) and RECEIPT_SEAL_PASSWORD.",
                id="recruitment.W001",
            )
        ]
    return []


@register(Tags.security)
def seal_readable(app_configs, **kwargs):
    """Always: a configured seal that cannot be used leaves documents unsealed."""
    from recruitment.sealing import SealError, _signer

    path = getattr(settings, "RECEIPT_SEAL_P12", "")
    if not path or (getattr(settings, "RECEIPT_SEAL_DEMO", False) and not Path(path).exists()):
        return []  # no seal, or the demonstration seal `make run` has not made yet
    try:
        _signer()
    except (SealError, ValueError, OSError) as error:
        return [
            Warning(
                f"The seal cannot be used: {error}",
                hint="Check RECEIPT_SEAL_P12 and RECEIPT_SEAL_PASSWORD; documents are issued "
                "unsealed until then.",
                id="recruitment.W003",
            )
        ]
    return []
