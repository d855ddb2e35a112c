"""Stopping and resuming `causalrec benchmark` as a user would: a real process on the generated `toy` data, a real
SIGTERM or SIGINT (Ctrl-C) while it trains, then the same command with `--resume`."""
import os, signal, subprocess, sys, time
from pathlib import Path

import pandas as pd
import pytest

ARGS = ['benchmark', '--dataset', 'toy', '--models', 'mf,lightgcn', '--seeds', '2', '--max-epochs', '4', '--patience', '4',
        '--intensities', '0.6', '--protocols', 'sampled', '--accelerator', 'cpu', '--threads', '1']
PAIRS = 4   # 2 seeds x 2 models
FOLDER = 'toy-music-book-region'
ENV = {**os.environ, 'CAUSALREC_PROGRESS': '0', 'PYTHONHASHSEED': '0'}


def command(out, *extra):
    "The `causalrec` command, run by this interpreter (the installed script or the source tree on PYTHONPATH alike)."
    return [sys.executable, '-c', 'import sys; from causalrec.cli import main; sys.exit(main())', *ARGS, '--out', str(out), *extra]


def run(out, *extra):
    p = subprocess.run(command(out, *extra), capture_output=True, text=True, env=ENV, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return p


def stop_after_first_pair(out, sig):
    "Start a benchmark, send `sig` as soon as its first (seed, model) pair is saved, and return the finished process."
    p = subprocess.Popen(command(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    units, t0 = Path(out)/FOLDER/'units', time.monotonic()
    while not (units.is_dir() and any(units.glob('*.json'))):
        assert p.poll() is None, p.communicate()[1][-3000:]
        assert time.monotonic() - t0 < 300, 'no pair finished within 5 minutes'
        time.sleep(0.05)
    p.send_signal(sig)
    stdout, stderr = p.communicate(timeout=300)
    return p.returncode, stdout, stderr


def pairs(folder):
    return set(map(tuple, pd.read_csv(Path(folder)/'metrics.csv')[['seed', 'model']].drop_duplicates().to_numpy().tolist()))


@pytest.fixture(scope='module')
def reference(tmp_path_factory):
    "The metrics of a run that was never stopped."
    out = tmp_path_factory.mktemp('reference')
    run(out)
    return pd.read_csv(out/FOLDER/'metrics.csv')


@pytest.mark.parametrize('sig, code', [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_stopped_run_exits_nonzero_keeps_its_pairs_and_resumes(tmp_path, reference, sig, code):
    rc, _, stderr = stop_after_first_pair(tmp_path, sig)
    assert rc == code, stderr[-3000:]
    last = stderr.strip().splitlines()[-1]
    name = signal.Signals(sig).name
    assert last.startswith(f'causalrec: stopped by {name}; kept ') and f'of {PAIRS} finished (seed, model) pairs' in last, last
    kept = int(last.split('kept ')[1].split(' ')[0])
    assert 1 <= kept < PAIRS
    folder = tmp_path/FOLDER
    assert len(pairs(folder)) == kept == len(list((folder/'units').glob('*.json')))   # the tables hold exactly what was kept
    assert not (folder/'summary.csv').exists()                                          # a stopped run is not a finished one
    before = {p.name: p.read_bytes() for p in (folder/'units').glob('*.json')}

    p = run(tmp_path, '--resume')
    assert f'{kept} of {PAIRS} (seed, model) pairs already finished' in p.stdout
    assert sorted(d.name for d in tmp_path.iterdir()) == [FOLDER]                       # the same folder, no `-1`
    assert all((folder/'units'/n).read_bytes() == b for n, b in before.items())        # finished pairs were not redone
    assert len(pairs(folder)) == PAIRS and (folder/'summary.csv').exists()
    pd.testing.assert_frame_equal(pd.read_csv(folder/'metrics.csv'), reference)         # as if it had never stopped

