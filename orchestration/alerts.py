"""Alert texts and their delivery to a Slack-compatible webhook (JSON ``{"text": ...}``)."""

from __future__ import annotations

import json
import urllib.request

WEBHOOK_TIMEOUT_SECONDS = 10


def check_warning_text(
    check_name: str, asset: str, job_name: str, run_id: str, description: str | None
) -> str:
    """The alert of an asset check that warned (WARN severity, not passed)."""
    detail = f": {description}" if description else ""
    return (
        f":warning: Conversion Warehouse: check `{check_name}` on `{asset}` warned "
        f"(job {job_name}, run {run_id[:8]}){detail}"
    )


def run_failure_text(job_name: str, run_id: str, partition: str | None, message: str) -> str:
    """The alert of a failed run."""
    where = f" for {partition}" if partition else ""
    return (
        f":red_circle: Conversion Warehouse: run {run_id[:8]} of {job_name}{where} failed: "
        f"{message}"
    )


def post_to_webhook(url: str, text: str, timeout: float = WEBHOOK_TIMEOUT_SECONDS) -> None:
    """POST ``{"text": text}`` as JSON to ``url``; raise on a network error or a non-2xx reply."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the URL is the operator's)
        response.read()
