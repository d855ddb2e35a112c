"""Why phase 2 costs: CICDOR *best*'s validation NDCG@10 at every epoch through the switch to phase 2, for variants of phase 2.

Music -> Book, degree shift, the study's budget (k = 32, lr 1e-2, batch 1024, 12 + 8 epochs) but validated at every
epoch and never stopped early, so the whole curve is seen. Per epoch: validation NDCG@10, the residual gates and the
learning signal of phase 2. Variants (options of `CICDORConfig`, or a callback):
  best            the preset (best_again: the same, run after the others: a process's first fit draws its
                  phase-1 batches differently from the later ones);
  no_phase2       20 + 0 epochs: the same model with its graphs never switched on;
  fresh_adam      at the switch, every parameter phase 2 starts to train (graphs and gates) gets a fresh Adam state; in
                  phase 1 the graphs take part in the loss with weight 0 (for DDP), so Adam's step count and its
                  weight-decay moments advance, and their first phase-2 steps are larger than a fresh Adam's;
  no_cau          beta2 = 0: phase 2 without L_cau (the graphs learn from the recommendation loss through the gates);
  no_warm_start   the graphs start from zero instead of the regression warm start.
One JSON line per (variant, seed) in OUT, resumable.

usage: nice -n 5 python benchmarks/cicdor_phase2_curve.py OUT.jsonl SEEDS(0,1) [VARIANT ...]
"""
import sys, json, time
from pathlib import Path
import torch
import lightning as L
sys.path.insert(0, str(Path(__file__).parent))
from cicdor_select import _split
from causalrec.rec.training import InteractionDataModule, fit, get_model_spec
from causalrec.rec.benchmark import available_models

VARIANTS = {'best': {}, 'best_again': {}, 'no_phase2': {'phase1_epochs': 20, 'phase2_epochs': 0}, 'fresh_adam': {},
            'no_cau': {'beta2': 0.0}, 'no_warm_start': {'warm_start': False}}

class Curve(L.Callback):
    "Validation NDCG@10, the gates and the training terms at the end of every epoch."
    def __init__(self): self.rows = []
    def on_validation_end(self, trainer, m):
        if trainer.sanity_checking: return
        cm = {k: round(float(v), 5) for k, v in trainer.callback_metrics.items() if k.startswith(('val/ndcg', 'train/'))}
        gate = [round(float(g), 4) for g in m.gate.detach()] if hasattr(m, 'gate') else None
        self.rows.append({'epoch': trainer.current_epoch, 'phase': int(m.phase), 'gate': gate, **cm})

class FreshAdam(L.Callback):
    "At the first phase-2 epoch, drop Adam's state of the graphs and gates (they start to learn now)."
    def on_train_epoch_start(self, trainer, m):
        if trainer.current_epoch == m.config.schedule.phase1_epochs and m.causal is not None:
            params = [*m.causal.parameters(), *([m.gate] if hasattr(m, 'gate') else [])]
            for opt in trainer.optimizers:
                for p in params: opt.state.pop(p, None)

if __name__ == '__main__':
    out, seeds = Path(sys.argv[1]), [int(s) for s in sys.argv[2].split(',')]
    names = sys.argv[3:] or list(VARIANTS)
    torch.set_num_threads(1); available_models()
    done = {(r['variant'], r['seed']) for r in map(json.loads, out.read_text().splitlines())} if out.exists() else set()
    spec = get_model_spec('cicdor')
    for seed in seeds:
        dm = InteractionDataModule(_split(seed), n_neg=spec.n_neg, batch_size=1024)
        for name in names:
            if (name, seed) in done: continue
            hp = {'k': 32, 'lr': 1e-2, 'phase1_epochs': 12, 'phase2_epochs': 8, 'val_phase1': True, 'user_side': 'runs/cicdor/user_side.npz', **VARIANTS[name]}
            curve, t = Curve(), time.time()
            m = fit(spec.build(dm, **hp), dm, max_epochs=20, patience=None, accelerator='cpu', progress=False, seed=seed,
                    callbacks=[curve, *([FreshAdam()] if name == 'fresh_adam' else [])])
            row = {'variant': name, 'seed': seed, 'best_epoch': m.fit_info['best_epoch'],
                   'best_val': round(m.fit_info['best_val/ndcg@10'], 4), 'sec': round(time.time() - t), 'curve': curve.rows}
            with out.open('a') as f: f.write(json.dumps(row) + '\n')
            print(name, seed, row['best_epoch'], row['best_val'], [r.get('val/ndcg@10') for r in curve.rows], flush=True)
