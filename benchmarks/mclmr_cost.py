"""Per-epoch training cost of MCLMR against the base model it wraps: seconds per epoch and peak memory, same data,
same run.

Every contender trains in its own subprocess (so its peak memory is its own) on the same split (seed 0) of the same
multi-behaviour dataset (Tmall by default: about 77k training buys, 180k carts, 859k views), with the same batch
size and representation size. One epoch = one pass over the target training interactions, each batch carrying as
many interactions of every auxiliary behaviour. Contenders run interleaved (A, B, A, B, ...) `--repeats` times so
that load on a shared machine affects them alike. The loop is the model's own `training_loss`, backward and Adam
step (no validation), timed after `--warmup` steps. Reported per contender (medians over repeats):

  s_per_epoch   wall seconds of one training epoch
  cpu_s_per_epoch  CPU seconds of the process for one epoch (stable on a shared machine; with one thread, the compute)
  peak_mib      peak resident memory of the process (CPU), or peak allocated accelerator memory (GPU)
  data_mib      resident memory after the data were loaded and the model built (CPU)
  per_epoch_s   the once-per-epoch work included in s_per_epoch (MCLMR's edge samples of the auxiliary graphs)

All arithmetic is float32. A contender `NAME@PARAM=VALUE` overrides one of the model's defaults, e.g.
`mclmr_lightgcn@aux_budget=None` for the exact (unsampled) auxiliary views of a buy-only base.

and the ratio of every contender's epoch time to the first contender's (the base), measured in the same run.

usage: python benchmarks/mclmr_cost.py [--dataset tmall] [--models lightgcn,mclmr_lightgcn,mclmr_lightgcn@aux_budget=None,mb_lightgcn,mclmr_mb_lightgcn]
                                       [--repeats 2] [--batch 2048] [--k 64] [--threads 1] [--device cpu]
                                       [--max-steps 0] [--out runs/mclmr_cost]
"""
import argparse, json, os, resource, statistics, subprocess, sys, time
from pathlib import Path

os.environ.setdefault('CAUSALREC_PROGRESS', '0')


def rss_mib() -> float:
    "Current resident memory of this process (Linux)."
    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20


def child(a) -> dict:
    "Time one epoch of one model; print a JSON line."
    import torch
    torch.set_num_threads(a.threads)
    from causalrec.data.datasets import load_dataset
    from causalrec.rec.training import get_model_spec
    from causalrec.mclmr.data import mb_split, MBDataModule
    import causalrec.mclmr.model  # noqa: F401
    torch.manual_seed(0)
    dm = MBDataModule(mb_split(load_dataset(a.dataset), seed=0), batch_size=a.batch)
    name, _, opt = a.model.partition('@')
    spec, over = get_model_spec(name), {}
    if opt:
        key, _, val = opt.partition('=')
        over[key] = None if val == 'None' else type(spec.defaults.get(key, 1.0))(val)
    model = spec.build(dm, **{**spec.defaults, 'k': a.k, **over}).to(a.device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    data_mib = rss_mib()
    if a.device.startswith('cuda'): torch.cuda.reset_peak_memory_stats()
    def move(b):
        if isinstance(b, dict): return {k: move(v) for k, v in b.items()}
        return b.to(a.device)
    steps, t0, n_timed = 0, None, 0
    for i, batch in enumerate(dm.train_dataloader()):
        if i == a.warmup: t0, c0 = time.perf_counter(), time.process_time()
        loss = model.training_loss(move(batch))
        loss = loss['loss'] if isinstance(loss, dict) else loss
        opt.zero_grad(); loss.backward(); opt.step()
        if a.device.startswith('cuda'): torch.cuda.synchronize()
        if i >= a.warmup: n_timed += 1
        steps += 1
        if a.max_steps and steps >= a.max_steps: break
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    n_batches = len(dm.train_dataloader())
    w0, p0 = time.perf_counter(), time.process_time()      # once-per-epoch work (MCLMR's edge samples of the auxiliary graphs)
    for b, s in getattr(model, '_aux_draw', {}).items(): model._aux_sampler[b].draw()   # the draws this epoch made, once more
    epoch_s, epoch_cpu = time.perf_counter() - w0, time.process_time() - p0
    peak = (torch.cuda.max_memory_allocated() / 2**20 if a.device.startswith('cuda')
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return dict(model=a.model, s_per_epoch=secs / n_timed * n_batches + epoch_s, cpu_s_per_epoch=cpu / n_timed * n_batches + epoch_cpu,
                steps_timed=n_timed, batches_per_epoch=n_batches, per_epoch_s=epoch_s,
                peak_mib=peak, data_mib=data_mib, params=sum(p.numel() for p in model.parameters()))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--dataset', default='tmall'); p.add_argument('--models', default='lightgcn,mclmr_lightgcn,mclmr_lightgcn@aux_budget=None,mb_lightgcn,mclmr_mb_lightgcn')
    p.add_argument('--repeats', type=int, default=2); p.add_argument('--batch', type=int, default=2048)
    p.add_argument('--k', type=int, default=64); p.add_argument('--threads', type=int, default=1)
    p.add_argument('--device', default='cpu'); p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--max-steps', type=int, default=0, help='stop an epoch after this many steps and extrapolate (0: full epoch)')
    p.add_argument('--out', default='runs/mclmr_cost'); p.add_argument('--model', default=None, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.model:   # child mode
        print('RESULT ' + json.dumps(child(a)), flush=True); return
    models, rows = [m.strip() for m in a.models.split(',') if m.strip()], []
    for r in range(a.repeats):
        for m in models:
            cmd = [sys.executable, __file__, '--model', m] + [x for k, v in vars(a).items() if k not in ('model', 'models', 'repeats', 'out')
                                                              for x in (f"--{k.replace('_', '-')}", str(v))]
            out = subprocess.run(cmd, capture_output=True, text=True)
            line = [l for l in out.stdout.splitlines() if l.startswith('RESULT ')]
            if not line: sys.exit(f'{m} failed:\n{out.stderr[-3000:]}')
            rows.append(dict(json.loads(line[0][7:]), repeat=r)); print(rows[-1], flush=True)
    import pandas as pd
    df = pd.DataFrame(rows)
    med = df.groupby('model', sort=False)[['s_per_epoch', 'cpu_s_per_epoch', 'per_epoch_s', 'peak_mib', 'data_mib', 'batches_per_epoch', 'params']].median()
    for m in models:
        n = m.split('@')[0]
        base = None if not n.startswith('mclmr') else ('mb_lightgcn' if n.endswith('_mb_lightgcn') else 'lightgcn')
        if base in med.index and m != base:
            med.loc[m, 'ratio_to_base'] = med.loc[m, 's_per_epoch'] / med.loc[base, 's_per_epoch']
            med.loc[m, 'cpu_ratio_to_base'] = med.loc[m, 'cpu_s_per_epoch'] / med.loc[base, 'cpu_s_per_epoch']
    import platform
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()) if Path('/proc/cpuinfo').exists() else platform.processor()
    print(f'\n{a.dataset}, batch {a.batch}, k {a.k}, float32, {a.threads} thread(s), {a.device} ({cpu}), medians over {a.repeats} repeat(s):')
    print(med.round(2).to_string())
    Path(a.out).mkdir(parents=True, exist_ok=True)
    df.to_csv(Path(a.out)/'runs.csv', index=False); med.to_csv(Path(a.out)/'summary.csv')


if __name__ == '__main__': main()
