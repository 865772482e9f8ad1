"""The import structure, read from the code (every `import`, at module level or inside a
function): no loop of modules, and apps import only downwards through the layers (core at the
bottom, the project shell at the top), so no loop between apps either. Where a lower app needs
what a higher one knows, the higher one registers a Wagtail hook (`recruitment.extensions`).

A loop of modules hidden behind an import inside a function is a loop all the same, so those
imports are read too, and so is a model looked up by name (`apps.get_model("knowledge", …)`). An app's `AppConfig.ready()` is its
composition root: what it hands to its models there (events' page routes get `events.public`)
shows as imports of `apps.py`.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = settings.PROJECT_APPS

# The layers, lowest first; an app imports only apps of lower layers (README, „Architecture”).
# Apps of one layer do not import each other.
LAYERS = [
    {"core"},  # vocabularies and helpers
    {"documents"},  # the documents registry and its files
    {"portal"},  # the site: its pages, content blocks, RODO clauses, accounts' groups
    {"knowledge"},  # the Model, good practices, glossary
    {"search"},  # full-text search over documents, pages and practices
    {"recruitment"},  # calls, applications, formal check
    {"evaluation"},  # commission, cards, ranking, results, appeals
    {"events", "accounts"},  # events with registration; JST accounts
    {"opendata"},  # open data at /dane/: reads documents, results and events
    {"k3d"},  # the project shell: settings, URLs, WSGI, set-up commands
]


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


def test_no_loop_of_modules():
    modules, edges = _graph()
    loops = [sorted(loop) for loop in _loops(modules, edges)]
    assert loops == [], "modules that import each other (break the loop, e.g. a lower module)"


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
        if _layer(other) >= _layer(app)
    }
    assert upward == set(), "an import against the layers: add an extension point instead"


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


def test_a_loop_and_an_upward_import_are_seen():
    """What the checks above stand on: two modules importing each other are a loop; an app
    named in a lower layer than the one it imports is upward."""
    edges = defaultdict(set, {"a.x": {"a.y"}, "a.y": {"a.x"}, "a.z": {"a.x"}})
    assert _loops(["a.x", "a.y", "a.z"], edges) == [{"a.x", "a.y"}]
    assert _layer("recruitment") > _layer("core") and _layer("k3d") == len(LAYERS) - 1
