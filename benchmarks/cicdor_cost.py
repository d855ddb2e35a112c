"""Training cost of CICDOR against LightGCN: seconds per epoch and peak memory, same data, same run.

Every contender trains in its own subprocess (so that its peak memory is its own) on the same split of the
same data (Douban Music -> Book, degree shift, seed 0 by default), with the same batch size and embedding
size, through causalrec's `fit`. Contenders run interleaved (A, B, A, B, ...) `--repeats` times, so that load
on a shared machine affects them alike. Reported per contender, as medians over repeats:

  train_s_per_epoch   wall seconds of one training epoch (median over the epochs of a run)
  val_s               wall seconds of one validation pass (sampled 1 + 99 protocol, all validation positives)
  peak_mib            peak resident memory of the process
  model_mib           peak minus the resident memory after loading the data (what training adds)

CICDOR's two phases cost differently (phase 2 adds the causal losses), so it is timed in both: phase 1 for
`--epochs` epochs, then phase 2 for `--epochs` epochs. Ratios are against LightGCN measured in the same run.

CICDOR's per-epoch training time excludes the validation pass that Lightning runs inside the epoch.

usage: python benchmarks/cicdor_cost.py [--models lightgcn,cicdor,cicdor_faithful] [--epochs 3] [--repeats 3] [--batch 1024]
                                        [--k 64] [--source music] [--target book] [--shift degree]
                                        [--threads 1] [--user-side runs/cicdor/user_side.npz] [--out runs/cicdor_cost]
"""
import argparse, json, os, resource, statistics, subprocess, sys, time
from pathlib import Path

os.environ.setdefault('CAUSALREC_PROGRESS', '0')


def rss_mib() -> float:
    "Current resident memory of this process (Linux)."
    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20


def peak_mib() -> float: return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(a) -> dict:
    "Train one contender and measure it (runs inside the subprocess)."
    import warnings; warnings.filterwarnings('ignore')
    import torch, lightning as L
    torch.set_num_threads(a.threads)
    from causalrec.data.datasets import load_dataset
    from causalrec.data.shifts import cross_domain_split
    from causalrec.rec.training import InteractionDataModule, get_model_spec, fit
    from causalrec.rec.benchmark import available_models
    import dataclasses
    available_models()
    split = cross_domain_split(load_dataset('douban'), a.source, a.target, a.shift, seed=0)
    spec = get_model_spec(a.child)
    dm = InteractionDataModule(split if spec.cross_domain else dataclasses.replace(split, source_train=None),
                               n_neg=spec.n_neg, batch_size=a.batch)
    base = rss_mib()
    hp = {**spec.defaults, 'k': a.k}
    if a.child.startswith('cicdor'):
        hp.update(phase1_epochs=a.epochs, phase2_epochs=a.epochs)
        if a.user_side: hp['user_side'] = a.user_side
    model = spec.build(dm, **hp)
    train_s, val_s, phase = [], [], []
    class Clock(L.Callback):
        def on_train_epoch_start(self, tr, pl): self.t, self.in_val = time.perf_counter(), 0.0
        def on_train_epoch_end(self, tr, pl):   # validation runs inside the epoch: its time is not training time
            train_s.append(time.perf_counter() - self.t - self.in_val)
            phase.append(int(getattr(pl, 'phase', torch.tensor(1))))
        def on_validation_start(self, tr, pl): self.v = time.perf_counter()
        def on_validation_end(self, tr, pl):
            dt = time.perf_counter() - self.v; val_s.append(dt); self.in_val = getattr(self, 'in_val', 0.0) + dt
    epochs = 2 * a.epochs if a.child.startswith('cicdor') else a.epochs
    fit(model, dm, max_epochs=epochs, patience=None, accelerator='cpu', callbacks=[Clock()], progress=False)
    # the first epoch of a run includes one-off work (graph buffers, allocator warm-up): leave it out
    by_phase = {p: [t for t, q in zip(train_s, phase) if q == p][1:] or [t for t, q in zip(train_s, phase) if q == p] for p in sorted(set(phase))}
    return dict(model=a.child, train_s_per_epoch={f'phase{p}': statistics.median(v) for p, v in by_phase.items()},
                val_s=statistics.median(val_s) if val_s else None, peak_mib=peak_mib(), model_mib=peak_mib() - base,
                steps_per_epoch=-(-len(dm.train_users) // a.batch), train_positives=len(dm.train_users))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--models', default='lightgcn,cicdor'); p.add_argument('--epochs', type=int, default=3)
    p.add_argument('--repeats', type=int, default=3); p.add_argument('--batch', type=int, default=1024)
    p.add_argument('--k', type=int, default=64); p.add_argument('--source', default='music')
    p.add_argument('--target', default='book'); p.add_argument('--shift', default='degree')
    p.add_argument('--threads', type=int, default=1); p.add_argument('--out', default='runs/cicdor_cost')
    p.add_argument('--user-side', default=None, help='a `prepare_user_side` file for the CICDOR variants (default: ids only)')
    p.add_argument('--child', default=None, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        print(json.dumps(child(a))); return
    models = [m.strip() for m in a.models.split(',') if m.strip()]
    runs = {m: [] for m in models}
    for r in range(a.repeats):
        for m in models:
            cmd = [sys.executable, __file__, '--child', m] + [x for k in ('epochs', 'batch', 'k', 'source', 'target', 'shift', 'threads') + (('user_side',) if a.user_side else ())
                                                            for x in (f'--{k.replace("_", "-")}', str(getattr(a, k)))]
            out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, 'OMP_NUM_THREADS': str(a.threads)})
            if out.returncode: sys.exit(f'{m} failed:\n{out.stderr[-3000:]}')
            res = json.loads(out.stdout.strip().splitlines()[-1]); runs[m].append(res)
            print(f'repeat {r + 1}/{a.repeats} {m}: {res["train_s_per_epoch"]} s/epoch, val {res["val_s"]:.2f} s, '
                  f'peak {res["peak_mib"]:.0f} MiB', flush=True)
    med = lambda xs: statistics.median(xs)
    table = {}
    for m, rs in runs.items():
        phases = rs[0]['train_s_per_epoch'].keys()
        table[m] = {**{f'train_s_per_epoch_{ph}': med([x['train_s_per_epoch'][ph] for x in rs]) for ph in phases},
                    'val_s': med([x['val_s'] for x in rs]), 'peak_mib': med([x['peak_mib'] for x in rs]),
                    'model_mib': med([x['model_mib'] for x in rs]), 'steps_per_epoch': rs[0]['steps_per_epoch']}
    ref = table.get('lightgcn')
    if ref:
        for m, row in table.items():
            for key in [k for k in row if k.startswith('train_s_per_epoch')]:
                row[key.replace('train_s_per_epoch', 'x_lightgcn')] = row[key] / ref['train_s_per_epoch_phase1']
            row['peak_x_lightgcn'] = row['peak_mib'] / ref['peak_mib']
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    info = dict(config=vars(a), medians=table, runs=runs)
    (out/'cicdor_cost.json').write_text(json.dumps(info, indent=2))
    print(f'\nmedians over {a.repeats} runs ({a.source} -> {a.target}, {a.shift} shift, batch {a.batch}, k {a.k}, '
          f'{a.threads} thread(s)):')
    rows = sorted({c for row in table.values() for c in row}, key=lambda c: (not c.startswith('train'), c))
    print(f"{'':<28}" + ''.join(f'{m:>14}' for m in table))
    for r in rows: print(f'{r:<28}' + ''.join(f'{table[m].get(r, float("nan")):>14.3f}' for m in table))
    print(f'\nwritten: {out/"cicdor_cost.json"}')


if __name__ == '__main__':
    main()
