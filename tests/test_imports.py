"""Every module of the package imports on its own, each in a fresh interpreter: a module that works only after
another one was imported, or a wheel that lacks a subpackage, fails here.

`python tests/test_imports.py --python PY --inside DIR` runs the same check with another interpreter (CI uses it on
the built wheel, installed into a second virtualenv) and checks that every module is loaded from under DIR."""
import argparse, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1]/'causalrec'
PROBE = 'import importlib, sys; print(importlib.import_module(sys.argv[1]).__file__)'


def module_names(src:Path=SRC) -> list[str]:
    "Dotted names of every module and subpackage in the source tree (what the wheel must contain)."
    names = []
    for p in sorted(src.rglob('*.py')):
        parts = p.relative_to(src.parent).with_suffix('').parts
        names.append('.'.join(parts[:-1] if parts[-1] == '__init__' else parts))
    return names


def import_alone(name:str, python:str=sys.executable, cwd:str|None=None) -> tuple[str, int, str]:
    p = subprocess.run([python, '-c', PROBE, name], capture_output=True, text=True, cwd=cwd, timeout=600)
    return name, p.returncode, (p.stdout.strip() if p.returncode == 0 else p.stderr.strip().splitlines()[-1:] and p.stderr[-1500:])


def import_all(python:str=sys.executable, cwd:str|None=None, workers:int=2) -> list[tuple[str, int, str]]:
    with ThreadPoolExecutor(workers) as ex: return list(ex.map(lambda n: import_alone(n, python, cwd), module_names()))


@pytest.mark.skipif(os.environ.get('CAUSALREC_IMPORTS_CHECKED') == '1', reason='CI ran this check on the installed wheel already')
def test_every_module_imports_alone():
    res = import_all()
    assert len(res) > 30
    bad = [(n, out) for n, rc, out in res if rc]
    assert not bad, '\n\n'.join(f'{n}:\n{out}' for n, out in bad)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--python', default=sys.executable); ap.add_argument('--inside', default=None)
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    res = import_all(a.python, cwd='/', workers=a.workers)   # never the checkout's own folder
    bad = [f'{n}: {out}' for n, rc, out in res if rc]
    if a.inside: bad += [f'{n} was loaded from {out}, not from {a.inside}' for n, rc, out in res if rc == 0 and not out.startswith(a.inside)]
    print(f'{len(res) - len(bad)} of {len(res)} modules import alone' + (':\n' + '\n'.join(bad) if bad else ''))
    sys.exit(1 if bad else 0)
