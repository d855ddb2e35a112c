"""The GPU study scripts under `benchmarks/`, run end to end in their CPU dry mode (DRY=1: the same commands at a toy
size; the LLM ones in the GPU run's bf16 autocast). A few minutes each, so they are marked slow:
`pytest -m slow tests/test_gpu_scripts.py`."""
import os, subprocess
from pathlib import Path

import pandas as pd
import pytest

from causalrec.core import find_data_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = find_data_dir()
needs = lambda *names: pytest.mark.skipif(DATA is None or not all((DATA/n).is_dir() for n in names),
                                          reason=f"needs the data folders {', '.join(names)}")


def dry_run(script, *args, **env):
    out = subprocess.run(['bash', f'benchmarks/{script}', *args], cwd=ROOT, capture_output=True, text=True, timeout=1800,
                         env={**os.environ, 'DRY': '1', 'CAUSALREC_PROGRESS': '0', **env})
    assert out.returncode == 0, (out.stdout[-2000:], out.stderr[-3000:])
    return out


@pytest.mark.slow
@needs('douban_gadtcdr_ratings')
def test_cicdor_gpu_script_dry(tmp_path):
    dry_run('cicdor_study_gpu.sh', DATA=str(DATA), OUT=str(tmp_path))
    run = tmp_path/'music-book-degree'
    costs = pd.read_csv(run/'costs.csv')
    assert set(costs.model) == {'lightgcn', 'cdcor', 'cicdor', 'cicdor_faithful', 'cicdor_wo_dual'}
    for f in run.glob('tuning-*.csv'):   # a diverged trial never scores above a random ranking
        assert (pd.read_csv(f)['val_ndcg@10'] < 0.9).all(), f
    # at lr 1e-2 faithful's phase 2 may diverge (the three draws all have it): then it is reported as such, not scored
    diverged = set(costs.model[costs['diverged'].eq(True)]) if 'diverged' in costs else set()
    assert diverged <= {'cicdor_faithful', 'cicdor'}, diverged
    scored = set(pd.read_csv(run/'metrics.csv').model)
    assert scored | diverged == set(costs.model) and not scored & diverged, (scored, diverged)
    report = (tmp_path/'report.txt').read_text()
    assert all(f'{m} (seed 0)' in report for m in diverged), report[-500:]


@pytest.mark.slow
@needs('tmall_multibehavior_mbcgcn')
def test_mclmr_gpu_script_dry(tmp_path):
    dry_run('mclmr_gpu_study.sh', CAUSALREC_DATA=str(DATA), OUT=str(tmp_path))
    metrics = pd.read_csv(tmp_path/'tmall'/'metrics.csv')
    assert {'lightgcn', 'mclmr_lightgcn', 'mb_lightgcn', 'mclmr_mb_lightgcn', 'mclmr_exact_lightgcn'} <= set(metrics.method)
    assert (tmp_path/'cost-tmall-cpu2').is_dir()


@pytest.mark.slow
@needs('ml100k_raw')
def test_causaldpo_gpu_script_dry(tmp_path):
    dry_run('causaldpo_study_gpu.sh', 'tiny-smollm2', 'causaldpo-dry', '--out', str(tmp_path), CAUSALREC_DATA=str(DATA))
    cells = {p.stem for p in (tmp_path/'causaldpo-dry'/'cells').glob('*.json')}
    assert {'popularity-s0-dpo', 'popularity-s0-causaldpo', 'popularity-s0-causaldpo-code'} <= cells


@pytest.mark.slow
@needs('amazon_digital_music_5core_truncated', 'amazon2023_user_review_histories')
def test_nextquill_gpu_script_dry(tmp_path):
    dry_run('nextquill_study_gpu.sh', 'tiny-smollm2', 'dry', '--out', str(tmp_path), DATA=str(DATA))
    for ds in ('amazon_digital_music', 'amazon2023_reviews'):
        scores = pd.read_csv(tmp_path/f'dry-{ds}'/'scores.csv')
        assert {'nextquill', 'context_sft', 'nq_frozen', 'nextquill:alpha=1.0'} <= set(scores.variant), ds
