from pathlib import Path

from coaching.ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]


def test_every_listed_page_exists_and_has_a_unique_readable_url_path():
    paths = [p.url_path for p in PAGES]
    assert len(paths) == len(set(paths))
    for spec in PAGES:
        assert (ROOT / spec.script).is_file(), spec.script
        assert spec.url_path == spec.url_path.lower() and " " not in spec.url_path


def test_no_page_file_is_named_like_its_url_path():
    # see the module docstring of coaching/ui/pages.py: it would bypass the sign-in gate
    assert [p for p in PAGES if Path(p.script).stem == p.url_path] == []


def test_every_file_in_pages_is_listed():
    listed = {p.script for p in PAGES}
    assert {f"pages/{f.name}" for f in (ROOT / "pages").glob("*.py")} == listed
