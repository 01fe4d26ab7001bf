"""The layout holds: sentra knows nothing of listings, listings build on it, the site joins them.

- `sentra`: places and construction (districts, centres, hours, progress, funding);
- `produk`: listings (tenants, permits, products, curation, reports, spreadsheets);
- `balikpapan_umkm`: the site (settings, URLs, pages that join both, shared base pieces).

Checked on the import graph of the project's own modules (tests and migrations
left out), following imports through other modules: `sentra` must not reach
`produk` even by way of the site package.
"""

import ast
import functools
from pathlib import Path

from django.conf import settings

APPS = ("sentra", "produk", "balikpapan_umkm")


def _module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules():
    root = Path(settings.BASE_DIR)
    modules = {}
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if {"tests", "migrations"} & set(path.parts):
                continue
            modules[_module_name(path, root)] = path
    return modules


def _imports(name, path, known):
    """The project modules that module `name` imports (anywhere in its body)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in known)
    return found


@functools.cache  # the source does not change during a run: parsed once, not per test
def import_graph():
    modules = _project_modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for module in graph[todo.pop()] - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_sentra_reaches_nothing_of_the_listings_app():
    graph = import_graph()
    leaks = {
        module: sorted(m for m in reachable(graph, module) if m.split(".")[0] == "produk")
        for module in graph
        if module.split(".")[0] == "sentra"
    }
    assert {module: found for module, found in leaks.items() if found} == {}


def test_the_site_package_base_pieces_import_neither_app():
    """Versioning, slugs, pictures and thumbnails are bases: they stay below both apps."""
    graph = import_graph()
    for base in (
        "locking",
        "slugs",
        "pictures",
        "thumbnails",
        "validators",
        "client_ip",
        "site",
        "page_cache",
        "backups",
    ):
        module = f"balikpapan_umkm.{base}"
        assert not {m for m in reachable(graph, module) if m.split(".")[0] in APPS[:2]}, module


def test_the_checker_sees_imports_of_every_form():
    """The graph is not empty by mistake: known edges of each kind are found."""
    graph = import_graph()
    assert "sentra.models" in graph["produk.models"]  # absolute
    assert "produk.models" in graph["produk.admin"]  # relative, from .models import
    assert "produk.models" in graph["balikpapan_umkm.views"]
    assert "sentra.models" in graph["balikpapan_umkm.views"]
