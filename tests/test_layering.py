"""Imports between packages point one way, as the Layering table in docs/ARCHITECTURE.md writes
down, and each URL prefix belongs to one blueprint.

Every module's imports are read with `ast` (those inside functions too, so a cycle can't hide
there). A unit is a package under netpwa/ (`contacts`) or a top-level module (`extensions`);
`netpwa` itself is `netpwa/__init__.py`.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "netpwa"
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"


def layering_table() -> dict[str, int]:
    """unit -> floor, from the rows of the table under '## Layering'."""
    text = ARCHITECTURE.read_text()
    section = text.split("\n## Layering", 1)[1].split("\n## ", 1)[0]
    floors = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].isdigit():
            continue
        for unit in re.findall(r"`([a-z_]+)`", cells[1]):
            assert unit not in floors, f"{unit} has two rows in the Layering table"
            floors[unit] = int(cells[0])
    return floors


def unit_of(module: str) -> str | None:
    """netpwa.contacts.views -> contacts; netpwa.extensions -> extensions; netpwa -> netpwa."""
    parts = module.split(".")
    if parts[0] != "netpwa":
        return None
    if len(parts) == 1:
        return "netpwa"
    if (PACKAGE / parts[1]).is_dir() or (PACKAGE / f"{parts[1]}.py").is_file():
        return parts[1]
    return "netpwa"  # a name defined in netpwa/__init__.py (create_app)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[str, int]]:
    """Every netpwa module that the source of `module` imports, with the line."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from netpwa import errors` imports the module netpwa.errors.
            found += [(f"{origin}.{alias.name}" if origin == "netpwa" else origin, node.lineno)
                      for alias in node.names]
    return [(name, line) for name, line in found if name.split(".")[0] == "netpwa"]


def unit_imports() -> dict[str, dict[str, list[str]]]:
    """unit -> imported unit -> where ("netpwa/x.py:12")."""
    edges: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = unit_of(module_name(path))
        edges.setdefault(source, {})
        for name, line in imported_modules(path.read_text(), module_name(path),
                                           path.name == "__init__.py"):
            target = unit_of(name)
            if target and target != source:
                edges[source].setdefault(target, []).append(
                    f"{path.relative_to(ROOT)}:{line}")
    return edges


def find_cycle(edges: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One cycle of units, if there is any."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(unit):
        state[unit] = "open"
        stack.append(unit)
        for target in sorted(edges.get(unit, {})):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[unit] = "done"
        stack.pop()
        return None

    for unit in sorted(edges):
        if unit not in state and (cycle := visit(unit)):
            return cycle
    return None


def test_every_package_and_module_has_a_floor():
    """A new package is written into the Layering table before it is imported from anywhere."""
    floors = layering_table()
    missing = sorted(set(unit_imports()) - set(floors))
    assert not missing, (f"{missing}: add a row to the Layering table in docs/ARCHITECTURE.md "
                         "(the floor says which packages it may import)")


def test_no_import_cycle_between_packages():
    cycle = find_cycle(unit_imports())
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle)


def test_imports_point_down_the_written_floors():
    """A package imports only packages on lower floors; the foundation's modules (floor 0) may
    also import each other (the cycle test keeps that one-way)."""
    floors = layering_table()
    wrong = []
    for source, targets in unit_imports().items():
        for target, where in targets.items():
            low, high = floors.get(target), floors.get(source)
            if low is None or high is None:
                continue  # reported by test_every_package_and_module_has_a_floor
            if low > high or (low == high and high != 0):
                wrong.append(f"{source} (floor {high}) imports {target} (floor {low}) at "
                             f"{', '.join(where)}")
    assert not wrong, "imports against docs/ARCHITECTURE.md's Layering:\n" + "\n".join(wrong)


def test_the_checker_sees_imports_inside_functions_and_relative_ones():
    """The reader itself: an import inside a function and relative imports all count."""
    source = ("import json\n\ndef f():\n    from netpwa.cards import views\n\n"
              "from .. import htmx\nfrom .models import Event\nimport netpwa.serve\n")
    assert sorted(imported_modules(source, "netpwa.events.probe")) == [
        ("netpwa.cards", 4), ("netpwa.events.models", 7), ("netpwa.htmx", 6),
        ("netpwa.serve", 8)]
    assert [unit_of(name) for name in ("netpwa.cards", "netpwa.htmx", "netpwa.create_app")] == [
        "cards", "htmx", "netpwa"]
    assert find_cycle({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": []}, "b": {}}) is None


def test_each_url_prefix_belongs_to_one_blueprint(app):
    """/contacts/* is the contacts blueprint's alone, and so on for every first path segment."""
    owners: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        segment = rule.rule.strip("/").split("/")[0].split(".")[0].split("<")[0]
        owners.setdefault(segment, set()).add(rule.endpoint.split(".")[0])
    shared = {segment: sorted(bps) for segment, bps in owners.items() if len(bps) > 1}
    assert not shared, f"URL prefixes served by more than one blueprint: {shared}"
