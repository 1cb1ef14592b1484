"""Several app servers on one store: a server's caches give way to another server's writes.

The other server is played by a second process, the command line, writing to the same store.
"""

import os
import subprocess
import sys

from tests.app.conftest import APP
from tests.unit.test_importing import FIXTURES


def attention_labels(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def test_the_start_page_counts_what_another_server_imported_on_its_next_rerun(
    signed_in, demo, store
):
    at = signed_in("claudia")
    assert "4 CRM-Verlustgründe warten auf Ihre Zuordnung" in attention_labels(at)
    deals = FIXTURES / "pipedrive_deals_de.csv"
    other_server = subprocess.run(
        [sys.executable, "-m", "coaching", "import", str(deals), "--kind", "deals"]
        + ["--team-id", str(demo.team_id), "--json"],
        cwd=APP.parent,
        env={**os.environ, "FUNKSTILLE_DATABASE_URL": store.url.render_as_string(False)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert other_server.returncode == 0, other_server.stderr
    at.run()
    assert "5 CRM-Verlustgründe warten auf Ihre Zuordnung" in attention_labels(at)
