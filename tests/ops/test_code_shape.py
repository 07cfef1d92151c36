"""The shape of the code: no function over 60 lines, no module over 600 (migrations aside)."""

import ast
from pathlib import Path

import pytest

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 600


def modules():
    return sorted(
        p for p in TRACKER.rglob("*.py") if "migrations" not in p.relative_to(TRACKER).parts
    )


def long_functions(source, limit=MAX_FUNCTION_LINES):
    """(name, lines) of each function or method in `source` longer than `limit` lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = node.end_lineno - first + 1
            if lines > limit:
                found.append((node.name, lines))
    return found


def test_the_walk_finds_the_modules():
    names = {p.relative_to(TRACKER).as_posix() for p in modules()}
    assert "services/meetings.py" in names
    assert "management/commands/generate_data.py" in names
    assert not any(name.startswith("migrations/") for name in names)


def test_a_long_function_is_caught():
    def body(lines, indent):
        return "\n".join(f"{indent}x{i} = {i}" for i in range(lines))

    too_long = f"def long():\n{body(MAX_FUNCTION_LINES, '    ')}\n"
    assert long_functions(too_long) == [("long", MAX_FUNCTION_LINES + 1)]
    decorated = f"class A:\n    @property\n    def long(self):\n{body(59, '        ')}\n"
    assert long_functions(decorated) == [("long", MAX_FUNCTION_LINES + 1)]
    just_fits = f"class A:\n    def short(self):\n{body(59, '        ')}\n"
    assert long_functions(just_fits) == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(TRACKER).as_posix())
def test_no_function_over_60_lines(path):
    assert long_functions(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(TRACKER).as_posix())
def test_no_module_over_600_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES
