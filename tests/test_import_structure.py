"""The import structure, read from the code (every `import`, at module level or inside a
function): no new loop of modules inside an app, and no new dependency between apps.

The loops and the app dependencies that exist today are listed below as debt of the issue
„Structure” (a `core/` app, one-way layers): a change may remove an entry — and must, the test
says so when an entry no longer holds — but never add one. A loop of modules hidden behind an
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

# Loops of modules (strongly connected groups) that wait for the split of their app.
KNOWN_LOOPS = [
    {
        "evaluation.permissions",
        "recruitment.application_forms",
        "recruitment.audit",
        "recruitment.criteria",
        "recruitment.formal_check",
        "recruitment.forms",
        "recruitment.models",
        "recruitment.models.calls",
        "recruitment.models.formal",
        "recruitment.permissions",
        "recruitment.receipts",
        "recruitment.services",
        "recruitment.submission",
        "recruitment.tasks",
        "recruitment.workflow",
    },
]

# Which app imports which today. The target (README, „Architecture”): core ← documents,
# knowledge, search ← recruitment ← evaluation ← events, accounts ← portal (the shell).
KNOWN_APP_IMPORTS = {
    "portal": {"documents", "evaluation", "recruitment", "search"},
    "documents": {"portal"},
    "knowledge": {"documents", "portal"},
    "search": {"documents", "knowledge", "portal"},
    "recruitment": {"documents", "evaluation", "knowledge", "portal"},
    "evaluation": {"documents", "knowledge", "portal", "recruitment"},
    "events": {"documents", "knowledge", "portal", "recruitment"},
    "accounts": {"portal", "recruitment"},
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


def test_no_new_dependency_between_apps():
    modules, edges = _graph()
    imports = defaultdict(set)
    for module, targets in edges.items():
        for target in targets:
            source_app, target_app = module.split(".")[0], target.split(".")[0]
            if source_app != target_app:
                imports[source_app].add(target_app)
    found = {app: imports[app] for app in APPS if imports[app]}
    new = {app: found[app] - KNOWN_APP_IMPORTS.get(app, set()) for app in found}
    assert {app: deps for app, deps in new.items() if deps} == {}, "a new upward import"
    assert found == KNOWN_APP_IMPORTS, "an app dependency is gone: update KNOWN_APP_IMPORTS"


def test_the_reader_sees_imports_inside_functions():
    """The reader is what the two tests stand on: an import inside a function is an edge."""
    modules, edges = _graph()
    assert "recruitment.models" in modules and "evaluation.permissions" in modules
    # recruitment.permissions reaches evaluation.permissions only from inside a function.
    source = (ROOT / "recruitment" / "permissions.py").read_text(encoding="utf-8")
    assert "\n    from evaluation" in source or "\n        from evaluation" in source
    assert "evaluation.permissions" in edges["recruitment.permissions"]


def test_a_model_looked_up_by_name_counts_as_its_import():
    call = ast.parse('apps.get_model("knowledge", "GlossaryTerm")').body[0].value
    assert _is_get_model(call)
    assert not _is_get_model(ast.parse("apps.get_model(label, name)").body[0].value)
