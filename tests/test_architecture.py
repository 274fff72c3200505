"""The import arrows between packages (STYLE §1, docs/DEVELOPING.md), read with `ast`.

Layers, from the bottom up:
- `app/web` and `app/extensions`: plumbing;
- shared services used by every domain: `audit`, `settings`, `search`, `sharing`;
  `backup` (the whole database and MEDIA_ROOT, no domain);
- the domains: `auth`, `content`, `waste`, `alerts`, `contest`, `schools`;
- the assemblers on top: `site` (home, search page, feeds), `admin` (the staff shell), `demo`.
"""
from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
DOMAINS = {"auth", "content", "waste", "alerts", "contest", "schools"}
SERVICES = {"audit", "settings", "search", "sharing", "backup"}
ASSEMBLERS = {"admin", "site", "demo"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """Absolute names a `from … import …` brings in (submodules included)."""
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def _under_type_checking(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def _imports():
    """(module, imported name, line, inside a function, has a comment) for every import."""
    for path in sorted(APP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        module = _module_name(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = _resolve(module, path.name == "__init__.py", node)
            else:
                continue
            if _under_type_checking(node, parents):
                continue
            in_function = False
            parent = node
            while parent in parents:
                parent = parents[parent]
                if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    in_function = True
                    break
            commented = "#" in lines[node.lineno - 1] or lines[node.lineno - 2].strip().startswith("#")
            for name in names:
                yield module, name, f"{path.relative_to(APP.parent)}:{node.lineno}", in_function, commented


def _package(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "app" else None


def test_nothing_below_the_shell_imports_the_staff_shell_or_the_site():
    wrong = [f"{where}: {name}" for module, name, where, _f, _c in _imports()
             if _package(module) in DOMAINS | SERVICES | {"web"}
             and _package(name) in ASSEMBLERS]
    assert not wrong, "imports up into app/admin, app/site or app/demo:\n" + "\n".join(wrong)


def test_no_domain_imports_another_domains_models():
    wrong = []
    for module, name, where, _f, _c in _imports():
        own, target = _package(module), _package(name)
        if own in DOMAINS and target in DOMAINS and target != own:
            parts = name.split(".")
            if len(parts) > 2 and parts[2] == "models":
                wrong.append(f"{where}: {name}")
    assert not wrong, "a domain imports another domain's models:\n" + "\n".join(wrong)


def test_shared_services_and_web_stay_below_the_domains():
    wrong = [f"{where}: {name}" for module, name, where, _f, _c in _imports()
             if _package(module) in SERVICES | {"web"}
             and _package(name) in DOMAINS | ASSEMBLERS]
    assert not wrong, "a shared service or app/web imports a domain:\n" + "\n".join(wrong)


def test_function_local_imports_say_which_cycle_forces_them():
    wrong = [f"{where}: {name}" for _m, name, where, in_function, commented in _imports()
             if in_function and not commented]
    assert not wrong, "function-local imports without a comment:\n" + "\n".join(sorted(set(wrong)))


def test_the_walker_sees_relative_imports():
    """The rules above would pass vacuously if relative imports were misread."""
    seen = {(module, name) for module, name, *_ in _imports()}
    assert ("app.content.routes", "app.sharing") in seen
    assert ("app.admin.routes", "app.auth.models.User") in seen
