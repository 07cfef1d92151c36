"""The tests' own shape: folders by area, short files, each helper and fixture in one place."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from tests import factories

TESTS = Path(__file__).resolve().parent
AREAS = {"models", "web", "api", "admin", "ops", "browser"}
MAX_LINES = 500
MAX_FUNCTION_LINES = 60


def modules():
    return sorted(p for p in TESTS.rglob("*.py") if p.name != "__init__.py")


def top_level_functions(path):
    tree = ast.parse(path.read_text())
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def test_every_test_file_is_in_an_area_folder():
    stray = [
        p.relative_to(TESTS)
        for p in TESTS.rglob("test_*.py")
        if p.parent.name not in AREAS and not p.name.startswith("test_arch_")
    ]
    assert stray == []
    assert {p.name for p in TESTS.iterdir() if p.is_dir() and p.name != "__pycache__"} == AREAS


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_module_is_long_and_no_function_either(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef):
            assert node.end_lineno - node.lineno < MAX_FUNCTION_LINES, node.name


def test_each_helper_and_fixture_is_defined_once():
    """A helper or fixture copied into a second module, under its name or another (as
    `manage`, `rates`, `make_partnership` and `editor` once were), fails here."""
    places = defaultdict(list)
    for path in modules():
        for node in top_level_functions(path):
            if not node.name.startswith("test_"):
                shape = ast.dump(ast.Module(body=node.body, type_ignores=[]))
                places[ast.dump(node.args) + shape].append(f"{path.name}:{node.name}")
    assert [where for where in places.values() if len(where) > 1] == []


def test_shared_helpers_live_in_the_shared_modules():
    for name in ("manage", "rates", "make_partnership", "make_staff", "write_artifact"):
        assert callable(getattr(factories, name))
    conftest = {node.name for node in top_level_functions(TESTS / "conftest.py")}
    assert {"editor", "staff", "unthrottled", "api_superuser"} <= conftest


def test_ci_fuzzes_at_least_as_much_as_before_and_locally_less(monkeypatch):
    """The fuzzers' full counts (15 per schema operation, 30 per write, 60 per page) run in CI."""
    ci_run = (factories.ROOT / ".ci" / "run").read_text()
    assert "export FUZZ_PROFILE=ci" in ci_run
    monkeypatch.setattr(factories, "FUZZ_PROFILE", "ci")
    assert [factories.fuzz_examples(n) for n in (15, 30, 60)] == [15, 30, 60]
    monkeypatch.setattr(factories, "FUZZ_PROFILE", "local")
    assert [factories.fuzz_examples(n) for n in (15, 30, 60)] == [5, 6, 12]


def test_make_test_runs_in_parallel_and_no_tests_is_a_failure():
    makefile = (factories.ROOT / "Makefile").read_text()
    assert "pytest -n $(TEST_WORKERS) --dist loadfile" in makefile
    ci_run = (factories.ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in ci_run and "make test" in ci_run
