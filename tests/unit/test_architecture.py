"""The floor plan, checked: pages and widgets call the domain, the domain calls the store.

Walks every module's imports (ast, no import side effects) and names each violation with its file.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "coaching" / "ui").rglob("*.py")),
]
STORE = [p for p in (ROOT / "coaching" / "store").rglob("*.py") if "migrations" not in p.parts]
DOMAIN = [
    p
    for p in (ROOT / "coaching").rglob("*.py")
    if not {"ui", "store"} & set(p.relative_to(ROOT / "coaching").parts[:1])
]
# Opening the engine is the composition root (session and server), not a use case.
STORE_ENTRY = {"open_store"}
# What the store may use besides itself: where the database is configured.
STORE_MAY_IMPORT = ("coaching.store", "coaching.settings")


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) for every import in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line}"


def store_functions_used(path: Path) -> list[str]:
    wrong = []
    for module, names, line in imports(path):
        if module == "coaching" and "store" in names:
            wrong.append(f"{where(path, line)} imports coaching.store")
        elif module == "coaching.store" or module.startswith("coaching.store."):
            if not names:
                wrong.append(f"{where(path, line)} imports {module}")
            for name in names:
                if not name[:1].isupper() and name not in STORE_ENTRY:
                    wrong.append(f"{where(path, line)} imports {name} from {module}")
    return wrong


def test_pages_and_widgets_use_the_domain_not_the_store():
    assert [w for path in UI for w in store_functions_used(path)] == []


def test_the_store_imports_nothing_from_the_domain():
    wrong = [
        f"{where(path, line)} imports {module}"
        for path in STORE
        for module, names, line in imports(path)
        if module.startswith("coaching")
        and not module.startswith(STORE_MAY_IMPORT)
        and not (module == "coaching" and set(names) <= {"store", "settings"})
    ]
    assert wrong == []


def test_streamlit_is_imported_only_by_pages_and_widgets():
    wrong = [
        f"{where(path, line)} imports {module}"
        for path in DOMAIN + STORE
        for module, _, line in imports(path)
        if module.split(".")[0] == "streamlit"
    ]
    assert wrong == []


def test_the_walk_sees_every_kind_of_module_and_tells_types_from_functions(tmp_path):
    assert len(UI) > 20 and len(STORE) > 10 and len(DOMAIN) > 30
    page = tmp_path / "page.py"
    page.write_text(
        "from coaching.store.accounts import User\n"
        "from coaching.store import read\n"
        "import coaching.store.leads\n"
        "from coaching import store\n"
    )
    found = [w.split(" ", 1)[1] for w in store_functions_used(page)]
    assert found == [
        "imports read from coaching.store",
        "imports coaching.store.leads",
        "imports coaching.store",
    ]
