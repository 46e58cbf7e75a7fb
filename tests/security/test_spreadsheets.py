"""Every spreadsheet and CSV that people open is written through ``koers.core.spreadsheet``.

A text starting with ``=``, ``+``, ``-``, ``@``, tab or CR must reach a spreadsheet as
text, never as a formula. ``core.spreadsheet`` does that once; this test keeps every
other module from writing cells or CSV rows around it, so that a new download (the list
exports to come) cannot forget. The exchange app is the one exception: its bundle is a
machine contract that must come back byte for byte (docs/security.md).

The behaviour itself: ``tests/core/test_spreadsheet.py`` and, for the yearly report with
every text of the fuzz corpus, ``tests/reports/test_spreadsheet_text.py``.
"""

import ast
from pathlib import Path

import koers

SOURCE = Path(koers.__file__).parent
THE_HELPER = SOURCE / "core" / "spreadsheet.py"
MACHINE_CONTRACT = SOURCE / "exchange"  # the bundle: values as stored, docs/security.md


def modules() -> list[Path]:
    return [
        path
        for path in sorted(SOURCE.rglob("*.py"))
        if path != THE_HELPER
        and MACHINE_CONTRACT not in path.parents
        and "migrations" not in path.parts
    ]


def imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def writes_cells(call: ast.Call) -> bool:
    """``x.append([...])`` with a value, ``x.cell(..., value=...)``, ``w.writerow(s)(...)``."""
    if not isinstance(call.func, ast.Attribute):
        return False
    name, arguments = call.func.attr, call.args
    if name == "append":
        row = arguments[0] if arguments else None
        return isinstance(row, ast.ListComp) or (isinstance(row, ast.List) and bool(row.elts))
    if name == "cell":
        return len(arguments) > 2 or any(keyword.arg == "value" for keyword in call.keywords)
    return name in {"writerow", "writerows"}


def cell_writes(tree: ast.Module) -> list[int]:
    """Lines that write a worksheet's cells or a CSV row directly (``x.value = ...`` too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and writes_cells(node):
            found.append(node.lineno)
        elif isinstance(node, ast.Assign):
            found += [
                node.lineno
                for target in node.targets
                if isinstance(target, ast.Attribute) and target.attr == "value"
            ]
    return sorted(found)


def test_no_module_writes_spreadsheet_cells_or_csv_rows_around_the_helper():
    offenders = []
    for path in modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        names = imported(tree)
        if not any(name == "csv" or name.startswith("openpyxl") for name in names):
            continue
        offenders += [f"{path.relative_to(SOURCE)}:{line}" for line in cell_writes(tree)]
    assert offenders == [], "write these through koers.core.spreadsheet (append_row, csv_bytes)"


def test_the_check_finds_a_direct_write():
    """The scan above would catch the yearly report's old way of writing a row."""
    tree = ast.parse("sheet.append([section.title])\nsheet.append([])\nsheet['A1'].value = text\n")
    assert cell_writes(tree) == [1, 3]
