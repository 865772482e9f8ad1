"""The import structure, read from the code (every `import`, at module level or inside a
function): no loop of modules inside an app or between apps, and apps import only downwards
through the layers (core at the bottom, the project shell at the top).

What still runs against the layers is listed below as debt of the issue „Structure”: a change
may remove an entry — and must, the test says so when an entry no longer holds — but never add
one. A loop of modules hidden behind an
import inside a function is a loop all the same, so those imports are read too, and so is a model
looked up by name (`apps.get_model("knowledge", …)`). An app's `AppConfig.ready()` is its
composition root: what it hands to its models there (events' page routes get `events.public`)
shows as imports of `apps.py`.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = settings.PROJECT_APPS

# Loops of modules (strongly connected groups) that wait for a split: none today.
KNOWN_LOOPS = []

# The layers, lowest first; an app imports only apps of lower layers (README, „Architecture”).
# Apps of one layer may import each other as long as no loop forms (knowledge and search read
# documents; search reads knowledge).
LAYERS = [
    {"core"},
    {"documents", "knowledge", "search"},
    {"recruitment"},
    {"evaluation"},
    {"events", "accounts"},
    {"portal"},
]

# Imports against the layers that exist today, as debt of the issue „Structure”: the RODO
# clause (`portal.privacy`, `portal.models.privacy`) and the content blocks (`portal.blocks`)
# still live in the site's app, which is also the project shell.
KNOWN_UPWARD_IMPORTS = {
    ("knowledge", "portal"),
    ("recruitment", "portal"),
    ("events", "portal"),
    ("accounts", "portal"),
}


def _modules():
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def _is_get_model(node):
    function = node.func
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "get_model"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _graph():
    modules = _modules()

    def known(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    edges = defaultdict(set)
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _is_get_model(node):
                # apps.get_model("knowledge", "GlossaryTerm") is an import of knowledge.models.
                targets = [f"{node.args[0].value}.models"]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module
                targets = [source] + [f"{source}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in filter(None, map(known, targets)):
                if target != module:
                    edges[module].add(target)
    return modules, edges


def _loops(modules, edges):
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on_stack, loops, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                loops.append(group)

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return loops


def test_no_new_loop_of_modules():
    modules, edges = _graph()
    loops = _loops(modules, edges)
    new = [sorted(loop) for loop in loops if loop not in KNOWN_LOOPS]
    gone = [sorted(loop) for loop in KNOWN_LOOPS if loop not in loops]
    assert new == [], "modules that import each other (break the loop, e.g. a lower module)"
    assert gone == [], "these loops are gone or changed: update KNOWN_LOOPS"


def _app_imports():
    modules, edges = _graph()
    imports = defaultdict(set)
    for module, targets in edges.items():
        for target in targets:
            source_app, target_app = module.split(".")[0], target.split(".")[0]
            if source_app != target_app:
                imports[source_app].add(target_app)
    return imports


def _layer(app):
    return next(index for index, layer in enumerate(LAYERS) if app in layer)


def test_every_app_has_a_layer():
    assert set().union(*LAYERS) == set(APPS)


def test_core_imports_no_app_of_the_project():
    assert _app_imports()["core"] == set()


def test_apps_import_only_downwards():
    upward = {
        (app, other)
        for app, others in _app_imports().items()
        for other in others
        if _layer(other) > _layer(app)
    }
    assert upward - KNOWN_UPWARD_IMPORTS == set(), "an import against the layers"
    assert KNOWN_UPWARD_IMPORTS - upward == set(), "gone: update KNOWN_UPWARD_IMPORTS"


def test_no_loop_between_apps():
    imports = _app_imports()
    edges = defaultdict(set, {app: set(others) for app, others in imports.items()})
    for app, other in KNOWN_UPWARD_IMPORTS:
        edges[app].discard(other)  # counted above, as debt
    assert _loops(list(APPS), edges) == []


def test_the_reader_sees_imports_inside_functions():
    """The reader is what the tests stand on: an import inside a function is an edge."""
    modules, edges = _graph()
    assert "recruitment.models" in modules and "evaluation.permissions" in modules
    # evaluation.permissions reaches evaluation.models only from inside a function.
    source = (ROOT / "evaluation" / "permissions.py").read_text(encoding="utf-8")
    assert "\n    from evaluation.models" in source or "\n        from evaluation.models" in source
    assert "evaluation.models" in edges["evaluation.permissions"]


def test_a_model_looked_up_by_name_counts_as_its_import():
    call = ast.parse('apps.get_model("knowledge", "GlossaryTerm")').body[0].value
    assert _is_get_model(call)
    assert not _is_get_model(ast.parse("apps.get_model(label, name)").body[0].value)
