"""Load and validate one language's content; the words shown to people live here, not in code."""

import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from coaching.content.models import plural_form
from coaching.content.schemas import SCHEMAS

LANGUAGES = ("de", "en")


class ContentError(Exception):
    """A content file is missing, unreadable or invalid; the message names file, entry and field."""


@dataclass(frozen=True)
class Catalog:
    lang: str
    strings: dict[str, str]
    documents: dict[str, BaseModel] = field(default_factory=dict)

    def text(self, key: str, **values: object) -> str:
        """The UI string for key, with {placeholders} filled; a missing value stays visible.
        A key with the forms one/other is a plural: the value of count chooses the form."""
        template = self.strings.get(key)
        if template is None and "count" in values:
            template = self.strings.get(f"{key}.{plural_form(values['count'])}")
        return string.Formatter().vformat(template or key, (), _VisibleGaps(values))

    def doc(self, name: str) -> BaseModel:
        return self.documents[name]

    def docs(self, folder: str) -> dict[str, BaseModel]:
        """All documents of a content folder, by file name without .yaml."""
        prefix = f"{folder}/"
        return {k[len(prefix) :]: v for k, v in self.documents.items() if k.startswith(prefix)}


class _VisibleGaps(dict):
    def __missing__(self, key: str) -> str:
        return f"[{key}]"


def load_catalog(content_dir: Path, lang: str) -> Catalog:
    """Read data/content/<lang>/: UI strings under ui/, documents validated by their schema."""
    folder = content_dir / lang
    if not folder.is_dir():
        raise ContentError(f"{folder}: Sprachordner fehlt / language folder missing")
    strings: dict[str, str] = {}
    for path in sorted((folder / "ui").glob("*.yaml")):
        strings.update(_flatten(_read(path), path.stem, path))
    documents = {}
    for name, model in SCHEMAS.items():
        for key, path in _files(folder, name):
            documents[key] = _validate(path, model)
    return Catalog(lang=lang, strings=strings, documents=documents)


def _files(folder: Path, name: str) -> list[tuple[str, Path]]:
    """'reasons' is one file; 'scripts/*' is every YAML file of a folder (add one, no code)."""
    if name.endswith("/*"):
        sub = name[:-2]
        paths = sorted((folder / sub).glob("*.yaml"))
        if not paths:
            raise ContentError(f"{folder / sub}: keine Inhaltsdateien / no content files")
        return [(f"{sub}/{path.stem}", path) for path in paths]
    path = folder / f"{name}.yaml"
    if not path.exists():
        raise ContentError(f"{path}: Datei fehlt / file missing")
    return [(name, path)]


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: kein gültiges YAML / not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{path}: erwartet eine Zuordnung / expected a mapping at top level")
    return data


def _flatten(data: dict, prefix: str, path: Path) -> dict[str, str]:
    flat = {}
    for key, value in data.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict) and "one" in value and set(value) != {"one", "other"}:
            raise ContentError(
                f"{path}: Eintrag '{full}' braucht genau die Formen one und other / "
                "a plural needs exactly the forms one and other"
            )
        if isinstance(value, dict):
            flat.update(_flatten(value, full, path))
        elif isinstance(value, str) and value.strip():
            flat[full] = value
        else:
            raise ContentError(
                f"{path}: Eintrag '{full}' muss ein nicht leerer Text sein / must be non-empty text"
            )
    return flat


def _validate(path: Path, model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(_read(path))
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise ContentError(f"{path}: {problems}") from exc


def _describe(error: dict) -> str:
    location = ".".join(str(part) for part in error["loc"]) or "(Datei)"
    return f"Eintrag/Feld '{location}': {error['msg']}"
