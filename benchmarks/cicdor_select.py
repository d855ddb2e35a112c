"""Choose CICDOR's variant and every model's learning rate on validation: one split, one seed, the same epoch budget.

For tuning every model over the training choices (learning rate, L2, layers, negatives) use the benchmark's tuner
instead: `causalrec cicdor-benchmark run --tune-space training --tune-trials N` (steps 8 and 9 of cicdor_study_cpu.sh).

Each candidate is `label=model` plus options as JSON, e.g. `resid=cicdor:{"phase2":"residual"}`. Every candidate is trained
on Music -> Book, degree shift (by default), with early stopping on validation NDCG@10; one JSON line per candidate is
appended to OUT with its best validation NDCG@10 (the selection criterion) and, for the record, its shifted-test
NDCG@10. Candidates already in OUT (same label and seed) are skipped, so an interrupted selection resumes. CICDOR's
phases split the budget 60 : 40 as in the paper.

usage: python benchmarks/cicdor_select.py OUT.jsonl SEED EPOCHS CANDIDATE [CANDIDATE ...]
       env: CICDOR_SIDE (default runs/cicdor/user_side.npz), CICDOR_SETTING (default music:book:degree), CICDOR_BATCH (1024),
            CICDOR_PATIENCE (5: validation checks without improvement before stopping)
"""
import sys, time, json, dataclasses, os
from functools import lru_cache
from pathlib import Path
import torch
from causalrec.core import seed_everything
from causalrec.data.datasets import load_dataset
from causalrec.data.shifts import cross_domain_split
from causalrec.rec.training import InteractionDataModule, fit, evaluate, get_model_spec
from causalrec.rec.benchmark import available_models

def candidate(text:str, epochs:int) -> tuple[str, str, dict]:
    "label, registry name and options of one `label=model[:json]` candidate (k = 32; CICDOR gets phases and side info)."
    label, rest = text.split('=', 1)
    model, _, opts = rest.partition(':')
    hp = {'k': 32, **json.loads(opts or '{}')}
    if model.startswith('cicdor'):
        p1 = int(round(0.6 * epochs))
        hp = {'phase1_epochs': p1, 'phase2_epochs': epochs - p1, 'user_side': os.environ.get('CICDOR_SIDE', 'runs/cicdor/user_side.npz'), **hp}
    return label, model, hp

def done(out:Path) -> set:
    "(label, seed) pairs already in OUT."
    return {(r['label'], r['seed']) for r in map(json.loads, out.read_text().splitlines())} if out.exists() else set()

@lru_cache(maxsize=8)
def _split(seed:int):
    src, tgt, shift = os.environ.get('CICDOR_SETTING', 'music:book:degree').split(':')
    return cross_domain_split(load_dataset('douban'), src, tgt, shift, seed=seed)

def run_candidate(out:Path, seed:int, epochs:int, text:str) -> dict:
    "Train one candidate on one seed (unless OUT has it) and append its row; returns the row."
    label, model, hp = candidate(text, epochs)
    if (label, seed) in done(out): return next(r for r in map(json.loads, out.read_text().splitlines()) if (r['label'], r['seed']) == (label, seed))
    split, spec = _split(seed), get_model_spec(model)
    dm = InteractionDataModule(split if spec.cross_domain else dataclasses.replace(split, source_train=None),
                               n_neg=max(spec.n_neg, hp.get('negatives') or 0), batch_size=int(os.environ.get('CICDOR_BATCH', 1024)))
    t = time.time()
    seed_everything(seed)   # the initialisation is part of the seed, as in the benchmark
    m = fit(spec.build(dm, **{**spec.defaults, **hp}), dm, max_epochs=epochs, patience=int(os.environ.get('CICDOR_PATIENCE', 5)), accelerator='cpu', progress=False, seed=seed)
    r = evaluate(m, dm, 'test')
    row = {'label': label, 'model': model, 'options': {k: v for k, v in hp.items() if k != 'user_side'}, 'seed': seed,
           'val_ndcg@10': round(m.fit_info['best_val/ndcg@10'], 4), 'test_ndcg@10': round(r['ndcg@10'], 4),
           'best_epoch': m.fit_info['best_epoch'], 'epochs_run': m.fit_info['epochs_run'], 'sec': round(time.time() - t)}
    if getattr(m, 'gate', None) is not None: row['gate'] = [round(float(g), 3) for g in m.gate.detach()]
    with out.open('a') as f: f.write(json.dumps(row) + '\n')
    print(json.dumps(row), flush=True)
    return row

if __name__ == '__main__':
    out, seed, epochs, cands = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    torch.set_num_threads(1)
    available_models()
    for text in cands: run_candidate(out, seed, epochs, text)
