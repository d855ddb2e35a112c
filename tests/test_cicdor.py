"""Integration tests of the CICDOR stages: the whole model trains, plugs into the benchmark, and its graphs obey
the structural constraints after training."""
import os, tempfile

import numpy as np
import pandas as pd
import pytest
import torch

os.environ.setdefault('CAUSALREC_PROGRESS', '0')

from causalrec.data.core import RecData
from causalrec.data.shifts import cross_domain_split
from causalrec.rec.training import InteractionDataModule, planted_preferences, fit, evaluate, get_model_spec
from causalrec.causal.structure import graph_report, is_dag
from causalrec.cicdor.model import CICDOR, CICDORConfig, build_cicdor, VARIANTS
import causalrec.cicdor.baselines  # registers cdcor, dice


@pytest.fixture(scope='module')
def toy():
    users = pd.DataFrame({'user': range(200), 'region': np.where(np.arange(200) < 60, '北京', '上海')})
    return RecData(pd.concat([planted_preferences(domain='book'), planted_preferences(seed=1, domain='music')]),
                   users=users, name='toy')


@pytest.fixture(scope='module')
def dm(toy):
    return InteractionDataModule(cross_domain_split(toy, 'music', 'book', seed=0), n_neg=3, batch_size=256)


def test_whole_model_trains_a_few_steps(dm):
    C = np.random.default_rng(0).normal(size=(10, 8)).astype(np.float32)
    model = build_cicdor(dm, k=8, lr=1e-2, phase1_epochs=1, phase2_epochs=2, confounders=C, encoders=True)   # every part, encoders too
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    model = fit(model, dm, max_epochs=20, patience=None, accelerator='cpu', limit_train_batches=3)
    assert model.fit_info['epochs_run'] == 3 and int(model.phase) == 2
    changed = [n for n, p in model.named_parameters() if not torch.equal(before[n], p.detach())]
    for part in ('emb_t.', 'emb_s.', 'disentangler.shared', 'disentangler.discriminator', 'causal.spe.A', 'causal.sha.A',
                 'pred_t.select', 'pred_s.W_c'):
        assert any(n.startswith(part) for n in changed), f'{part} did not train'
    res = evaluate(model, dm, 'test')
    assert 0 <= res['ndcg@10'] <= 1 and np.isfinite(res['hr@10'])


@pytest.mark.parametrize('preset', ['best', 'faithful'])
def test_trained_graphs_are_dags_without_forbidden_edges(dm, preset):
    model = fit(build_cicdor(dm, preset, k=8, lr=1e-2, phase1_epochs=2, phase2_epochs=3), dm, max_epochs=20, patience=None,
                accelerator='cpu')
    strong, weak = model.graph_reports(threshold=0.3), model.graph_reports(threshold=0.05)   # 0.3: NOTEARS's threshold
    for level in strong:
        assert bool(strong[level]['acyclic']), level
        assert int(strong[level]['attr→pref']) > 0, level
        assert int(weak[level]['pref→attr']) == 0, level       # not even a weak preference -> attribute edge


def test_invariant_scores_ignore_encoded_preferences(dm):
    model = build_cicdor(dm, k=8, phase2='bypass', encoders=True)
    model.phase.fill_(2); model.eval()
    users, items = torch.arange(5), torch.arange(20).expand(5, -1)
    with torch.no_grad():
        s1 = model.score(users, items)
        for enc in (model.disentangler.specific_t, model.disentangler.shared):   # the encoders feed only the graphs' training
            enc[0].weight.add_(1.0)
        model._cache.clear()
        s2 = model.score(users, items)
    torch.testing.assert_close(s1, s2)


@pytest.mark.parametrize('phase2', ['full', 'bypass', 'residual'])
def test_phase2_readings(dm, phase2):
    """'full' trains on the whole SCM rows (the encoders reach the training score); at test 'full' and 'bypass' read the
    attributes only; 'residual' keeps the encoded preference in training and at test."""
    model = build_cicdor(dm, k=8, phase2=phase2, encoders=True)
    model.phase.fill_(2)
    users = torch.arange(6)
    def target(train):
        model.train(train)
        with torch.no_grad(): return model.preferences(users)['target'].clone()
    before = {t: target(t) for t in (True, False)}
    with torch.no_grad(): model.disentangler.specific_t[0].weight.add_(1.0)
    after = {t: target(t) for t in (True, False)}
    assert (not torch.allclose(before[False], after[False])) == (phase2 == 'residual')
    assert (not torch.allclose(before[True], after[True])) == (phase2 in ('full', 'residual'))


def test_every_ablation_is_registered_and_runs_one_step(dm):
    b = next(iter(dm.train_dataloader()))
    for name in VARIANTS:
        spec = get_model_spec(name)
        assert spec.cross_domain and spec.n_neg == 3
        m = spec.build(dm, k=8)
        m.phase.fill_(2)
        loss = m.training_loss(b)['loss']
        loss.backward()
        assert torch.isfinite(loss)


def test_benchmark_runs_cicdor_and_baselines_and_saves_graphs(toy):
    from causalrec.rec.benchmark import run_benchmark
    small = {'k': 8, 'lr': 1e-2}
    with tempfile.TemporaryDirectory() as tmp:
        res = run_benchmark(data=toy, dataset='toy', shift='degree', models=['cicdor', 'cdcor', 'dice'], seeds=1,
                            max_epochs=3, patience=2, accelerator='cpu', out=tmp, intensities=[0.6, 1.0],
                            model_options={'cicdor': {**small, 'phase1_epochs': 1, 'phase2_epochs': 2},
                                           'cdcor': small, 'dice': small})
        files = {p.name for p in res.run.path.iterdir()}
    assert {'cicdor-seed0-dag.png', 'cicdor-seed0-graphs.csv', 'cicdor-seed0-graphs.npz', 'cicdor-seed0-config.json', 'metrics.csv'} <= files
    assert set(res.metrics.model) == {'cicdor', 'cdcor', 'dice'}


@pytest.mark.slow
def test_cicdor_on_douban_beats_chance():
    from causalrec.data.datasets import load_dataset
    split = cross_domain_split(load_dataset('douban'), 'music', 'book', 'degree', seed=0)
    dm = InteractionDataModule(split, n_neg=3, batch_size=1024)
    model = fit(build_cicdor(dm, k=16, lr=3e-3, phase1_epochs=2, phase2_epochs=1), dm, max_epochs=10, patience=None,
                accelerator='cpu')
    res = evaluate(model, dm, 'test')
    assert res['ndcg@10'] > 0.1, res   # chance is about 0.045; item popularity alone gives about 0.18


DDP_SCRIPT = '''
import os, numpy as np, pandas as pd
os.environ['CAUSALREC_PROGRESS'] = '0'
from causalrec.data.core import RecData
from causalrec.data.shifts import cross_domain_split
from causalrec.rec.training import InteractionDataModule, planted_preferences, fit
from causalrec.cicdor.model import CICDOR, CICDORConfig, build_cicdor, VARIANTS
if __name__ == '__main__':
    two = RecData(pd.concat([planted_preferences(domain='book'), planted_preferences(seed=1, domain='music')]), name='two')
    dm = InteractionDataModule(cross_domain_split(two, 'music', 'book', seed=0), n_neg=3, batch_size=256)
    C = np.random.default_rng(0).normal(size=(4, 8)).astype(np.float32)
    m = build_cicdor(dm, k=8, lr=1e-2, phase1_epochs=1, phase2_epochs=1, confounders=C)
    m = fit(m, dm, max_epochs=5, patience=None, accelerator='cpu', devices=2, strategy='ddp', limit_train_batches=2)
    print('epochs_run', m.fit_info['epochs_run'], 'phase', int(m.phase))
'''

@pytest.mark.slow
def test_cicdor_trains_under_ddp(tmp_path):
    "Two CPU processes with Lightning's DDP strategy (gloo): both phases run, nothing is left unused."
    import subprocess, sys
    script = tmp_path/'ddp_cicdor.py'; script.write_text(DDP_SCRIPT)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600,
                         env={**os.environ, 'OMP_NUM_THREADS': '1'})
    assert out.returncode == 0, out.stderr[-3000:]
    assert 'epochs_run 2 phase 2' in out.stdout
