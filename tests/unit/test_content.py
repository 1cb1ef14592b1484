import shutil
from pathlib import Path

import pytest

from coaching import settings
from coaching.content import ContentError, check_all, key_differences, load_catalog
from coaching.content.catalog import Catalog


def test_every_language_defines_the_same_keys():
    german, english = check_all()
    assert key_differences(german, english) == []


def test_missing_placeholder_values_stay_visible_instead_of_raising():
    catalog = Catalog(lang="de", strings={"x.hello": "Hallo {name}, Ihr {topic}"})
    assert catalog.text("x.hello", name="Anna") == "Hallo Anna, Ihr [topic]"


def _copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(settings.content_dir(), target)
    return target


def test_a_reason_without_label_names_file_entry_and_field(tmp_path):
    content = _copy_content(tmp_path)
    path = content / "de" / "reasons.yaml"
    path.write_text(path.read_text().replace("    label: Preis\n", "", 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    message = str(error.value)
    assert "reasons.yaml" in message and "reasons.price.label" in message


def test_a_reason_with_an_unknown_root_category_is_refused(tmp_path):
    content = _copy_content(tmp_path)
    path = content / "en" / "reasons.yaml"
    path.write_text(path.read_text().replace("root: competitor", "root: nowhere", 1))
    with pytest.raises(ContentError, match="unknown root category 'nowhere'"):
        load_catalog(content, "en")


def test_broken_yaml_is_reported_with_its_file(tmp_path):
    content = _copy_content(tmp_path)
    (content / "de" / "ui" / "start.yaml").write_text("greeting: [unclosed", encoding="utf-8")
    with pytest.raises(ContentError, match="start.yaml"):
        load_catalog(content, "de")


def test_an_empty_ui_string_is_refused(tmp_path):
    content = _copy_content(tmp_path)
    (content / "de" / "ui" / "extra.yaml").write_text("title: ''\n", encoding="utf-8")
    with pytest.raises(ContentError, match="extra.title"):
        load_catalog(content, "de")


def test_a_content_folder_takes_every_file_without_code(tmp_path, monkeypatch):
    from coaching.content.models import SignalsFile
    from coaching.content.schemas import SCHEMAS

    content = _copy_content(tmp_path)
    for lang in ("de", "en"):
        (content / lang / "extras").mkdir()
        source = (content / lang / "signals.yaml").read_text(encoding="utf-8")
        (content / lang / "extras" / "one.yaml").write_text(source, encoding="utf-8")
        (content / lang / "extras" / "two.yaml").write_text(source, encoding="utf-8")
    monkeypatch.setitem(SCHEMAS, "extras/*", SignalsFile)
    loaded = load_catalog(content, "de")
    assert sorted(loaded.docs("extras")) == ["one", "two"]
