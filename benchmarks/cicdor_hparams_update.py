"""Write the study's hyper-parameter file from selection runs with `select_hparams` (validation NDCG@10 only).

Each argument is `FILE[:PREFIX]`: the rows of a `cicdor_select.py` output, optionally only those whose label starts
with PREFIX (e.g. the candidates of the current best preset). Later files override earlier ones for the same model.

usage: python benchmarks/cicdor_hparams_update.py OUT.json runs/cicdor/selection/tuning.jsonl runs/cicdor/selection/fix.jsonl:noside@
"""
import sys, json
from pathlib import Path
from causalrec.cicdor.study import select_hparams

if __name__ == '__main__':
    out, hp = Path(sys.argv[1]), {}
    for arg in sys.argv[2:]:
        f, _, prefix = arg.partition(':')
        rows = [r for r in map(json.loads, Path(f).read_text().splitlines()) if r['label'].startswith(prefix)]
        hp.update(select_hparams(rows))
    out.write_text(json.dumps(hp, indent=1) + '\n')
    print(json.dumps(hp))
