"""The phase-1 ladder: from LightGCN as the baseline runs it to CICDOR w/o dual-level, one of CICDOR's pieces at a time.

Every rung is `cicdor_wo_dual` with options (rung 0 is the registry's LightGCN itself); each rung adds one piece to the
rung before it. Per rung the learning rate comes from {1e-2, 3e-3, 1e-3} on seed 0's validation set (1e-3 is tried
only when 3e-3 beats 1e-2: the curve is taken to have one peak), then seeds 1.. train at the chosen rate. Music -> Book,
degree shift, the study's budget (20 epochs, patience 5, batch 1024, k = 32). One JSON line per run in OUT (the rows of
`cicdor_select.py`), resumable. Read it with `causalrec.cicdor.study.ladder_table`.

usage: nice -n 10 python benchmarks/cicdor_ladder.py OUT.jsonl [SEEDS=3] [FIRST_RUNG=0] [LAST_RUNG]
"""
import sys, json
from pathlib import Path
import torch
from causalrec.rec.benchmark import available_models
from causalrec.cicdor.study import LADDER
sys.path.insert(0, str(Path(__file__).parent))
from cicdor_select import run_candidate

def rung_text(name:str, model:str, opts:dict, lr:float) -> str:
    return f"{name}@{lr:g}={model}:{json.dumps({**opts, 'lr': lr})}"

if __name__ == '__main__':
    out = Path(sys.argv[1]); seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0; last = int(sys.argv[4]) if len(sys.argv) > 4 else len(LADDER) - 1
    torch.set_num_threads(1); available_models()
    for name, model, opts in LADDER[first:last + 1]:
        val = {lr: run_candidate(out, 0, 20, rung_text(name, model, opts, lr))['val_ndcg@10'] for lr in (1e-2, 3e-3)}
        if val[3e-3] > val[1e-2]: val[1e-3] = run_candidate(out, 0, 20, rung_text(name, model, opts, 1e-3))['val_ndcg@10']
        lr = max(val, key=val.get)
        for s in range(1, seeds): run_candidate(out, s, 20, rung_text(name, model, opts, lr))
