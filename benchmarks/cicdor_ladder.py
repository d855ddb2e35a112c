"""The ladders: from LightGCN as the baseline runs it to CICDOR, one of CICDOR's pieces at a time.

`LADDER` (default) walks from LightGCN to CICDOR w/o dual-level with the side information; `LADDER_IDS`
(CICDOR_LADDER=ids) starts from its ids-only '+3_negatives' rung and adds the source loss, the encoders, the domain
loss, phase-2-only validation and phase 2 (the 'best' preset), then variants of phase 2 and LightGCN with 2 layers.
Each rung adds one piece to the rung before it. Per rung the learning rate comes from {1e-2, 3e-3, 1e-3} on seed 0's
validation set (1e-3 is tried only when 3e-3 beats 1e-2: the curve is taken to have one peak), then seeds 1.. train at
the chosen rate; a variant named after the rung it is compared with (`LADDER_IDS_AGAINST`: 'ids+phase2_full' against
'ids+phase2') takes that rung's rate and trains every seed at it. Music -> Book, degree shift, the study's budget (20 epochs, patience 5, batch 1024, k = 32). One JSON
line per run in OUT (the rows of `cicdor_select.py`), resumable. Read it with `causalrec.cicdor.study.ladder_table`.

usage: nice -n 10 python benchmarks/cicdor_ladder.py OUT.jsonl [SEEDS=3] [FIRST_RUNG=0] [LAST_RUNG]
       env: CICDOR_LADDER=ids for `LADDER_IDS`
"""
import sys, os, json
from pathlib import Path
import torch
from causalrec.rec.benchmark import available_models
from causalrec.cicdor.study import LADDER, LADDER_IDS, LADDER_IDS_AGAINST
sys.path.insert(0, str(Path(__file__).parent))
from cicdor_select import run_candidate

def rung_text(name:str, model:str, opts:dict, lr:float) -> str:
    return f"{name}@{lr:g}={model}:{json.dumps({**opts, 'lr': lr})}"

if __name__ == '__main__':
    out = Path(sys.argv[1]); seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ids = os.environ.get('CICDOR_LADDER') == 'ids'
    ladder, against = (LADDER_IDS, LADDER_IDS_AGAINST) if ids else (LADDER, {})
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0; last = int(sys.argv[4]) if len(sys.argv) > 4 else len(ladder) - 1
    torch.set_num_threads(1); available_models()
    chosen = {}
    def choose(name, model, opts):
        "The rung's learning rate: its base's for a variant named after it (`against`), else the grid on seed 0."
        base = against.get(name)
        if base in chosen and name.startswith(base + '_'): return chosen[base]
        val = {lr: run_candidate(out, 0, 20, rung_text(name, model, opts, lr))['val_ndcg@10'] for lr in (1e-2, 3e-3)}
        if val[3e-3] > val[1e-2]: val[1e-3] = run_candidate(out, 0, 20, rung_text(name, model, opts, 1e-3))['val_ndcg@10']
        return max(val, key=val.get)
    if ids: chosen['lightgcn'] = choose(*LADDER[0])           # LightGCN's rows (the first ladder's) for lightgcn_2_layers
    for i, (name, model, opts) in enumerate(ladder):
        if i < first and name not in against.values(): continue
        chosen[name] = lr = choose(name, model, opts)
        if i < first or i > last: continue
        variant = name in against and name.startswith(against[name] + '_')
        for s in range(0 if variant else 1, seeds): run_candidate(out, s, 20, rung_text(name, model, opts, lr))
