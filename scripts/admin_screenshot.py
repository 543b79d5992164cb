"""A screenshot of the admin page for the docs: docs/admin.png (1280 px wide), the documents view after sign-in.

Ingests the sample corpus into a temporary data dir, uploads one file through the API (so that a deletable
upload shows beside the folder's documents), starts `kildesvar serve` with a throwaway admin key on a free
loopback port (or the port given), signs in on /admin in Debian's Chromium and saves the screenshot.
Run from the repo root:

    .venv/bin/python scripts/admin_screenshot.py [PORT]
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from widget_screenshots import BIN, CHROMIUM_ARGS, ROOT, free_port, wait_until_ready  # noqa: E402

MEMO = (
    "---\ntitle: Vedtak om næringsplan 2026–2030\ntype: vedtak\n---\n\n# Vedtak om næringsplan\n\n## Vedtak\n\n"
    "Kommunestyret vedtok næringsplanen 4. mai 2026.\n\n## Tiltak\n\nKommunen svarer bedrifter innen fem virkedager.\n"
)


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else free_port()
    key = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "KILDESVAR_DATA_DIR": data_dir, "HF_HUB_OFFLINE": "1", "KILDESVAR_API_KEY": key}
        subprocess.run([str(BIN / "kildesvar"), "ingest", str(ROOT / "corpus")], env=env, check=True)
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(BIN / "kildesvar"), "serve", "--port", str(port)], env=env)
        try:
            wait_until_ready(url)
            files = {"files": ("vedtak-naeringsplan.md", MEMO.encode())}
            httpx.post(
                f"{url}/v1/documents", files=files, headers={"Authorization": f"Bearer {key}"}, timeout=120
            ).raise_for_status()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nb-NO")
                page.goto(f"{url}/admin")
                page.get_by_label("Admin-nøkkel").fill(key)
                page.get_by_role("button", name="Logg inn").click()
                page.locator("#documents tr").first.wait_for()
                page.locator("#status").evaluate("node => { node.textContent = ''; }")
                out = ROOT / "docs" / "admin.png"
                page.screenshot(path=str(out), full_page=True)
                print(f"wrote {out}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
