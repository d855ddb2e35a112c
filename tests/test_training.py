"Integration tests of the shared training stack: DDP on CPU processes, checkpoints in a run folder."
import os
import pandas as pd
import pytest
import torch

from causalrec.data.core import RecData
from causalrec.data.shifts import random_split
from causalrec.data.synthetic import planted_preferences
from causalrec.rec.training import InteractionDataModule, fit, evaluate, get_model_spec
import causalrec.rec.baselines  # registers the models

os.environ.setdefault('CAUSALREC_PROGRESS', '0')


def _dm():
    return InteractionDataModule(random_split(RecData(planted_preferences(), name='toy'), seed=0), batch_size=256)


def test_ddp_on_two_cpu_processes_learns_the_planted_groups():
    "Two DDP processes (gloo) train LightGCN; the distributed sampler and synced validation work end to end."
    dm = _dm()
    spec = get_model_spec('lightgcn')
    model = fit(spec.build(dm, **{**spec.defaults, 'lr': 0.01}), dm, max_epochs=4, patience=None,
                accelerator='cpu', devices=2, strategy='ddp_spawn')
    assert evaluate(model, dm, 'test')['ndcg@10'] > 0.15


def test_run_dir_gets_a_checkpoint_and_a_csv_log(tmp_path):
    dm = _dm()
    spec = get_model_spec('mf')
    fit(spec.build(dm, **{**spec.defaults, 'lr': 0.01}), dm, max_epochs=2, patience=None, accelerator='cpu', run_dir=tmp_path)
    assert list((tmp_path/'checkpoints').glob('*.ckpt'))
    log = pd.read_csv(next((tmp_path/'log').rglob('metrics.csv')))
    assert 'val/ndcg@10' in log.columns
