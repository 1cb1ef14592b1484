from pathlib import Path

from coaching import settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    undocumented = [s.env for s in settings.ALL if s.env not in readme]
    assert undocumented == []


def test_every_setting_has_help_text():
    assert all(s.help for s in settings.ALL)
