"""Tests marked `llm` need the optional `[llm]` extra (llama-cpp-python, compiled at install); without it they are
skipped with a reason that says how to get it, so the README's test command passes on the main install."""
import importlib.util

import pytest


def pytest_collection_modifyitems(config, items):
    if importlib.util.find_spec('llama_cpp') is not None: return
    skip = pytest.mark.skip(reason='needs the optional [llm] extra: pip install -e ".[llm]" (llama-cpp-python)')
    for item in items:
        if 'llm' in item.keywords: item.add_marker(skip)
