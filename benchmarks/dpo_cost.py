"""Cost of one DPO training step: causalrec's DPO against TRL's `DPOTrainer`, same model, pairs and lengths.

Each contender runs in its own subprocess (so that peak memory is its own), one after the other in the same
invocation, on the same preference pairs (MovieLens-100k temporal-shift training examples), the same model
(SmolLM2-135M-Instruct, full fine-tuning, fp32 weights), batch size and maximum length. It reports the median
seconds per optimiser step over `--steps` steps after `--warmup` warm-up steps, the peak resident memory of the
process, each peer's ratio to causalrec, and the two things that decide the ratio on a CPU: the compute dtype of
each contender and the CPU's instruction sets (a CPU without native bf16 emulates it, slowly).

Contenders:
  causalrec          causalrec.lm.trainer: reference log-probs precomputed once (their one-off cost is reported
                     apart), each prompt encoded once and its KV cache shared by its completions, the output
                     layer applied at completion positions only. fp32.
  trl-fp32-precomp   trl.DPOTrainer in fp32, no gradient checkpointing, `precompute_ref_log_probs=True`: the
                     like-for-like comparison (both sides fp32, both precompute the reference).
  trl-fp32           trl.DPOTrainer in fp32 without gradient checkpointing, reference forward at every step.
  trl-default        trl.DPOTrainer with DPOConfig's defaults for everything but the shared settings; on a CPU
                     those defaults mean bf16 autocast and gradient checkpointing.

What was measured so far (issue 12, on a 2-core AVX2 CPU without bf16 instructions, SmolLM2-135M, batch 2,
max length 256): trl-default 406 s/step, trl-fp32 50 s/step; with fp32 and precomputed reference log-probs on
both sides, causalrec 14.5 s/step against TRL's 35.7 s/step, a ratio of about 2.5, almost all of it from encoding
each prompt once. The bf16 default's 8x penalty is a property of that CPU, not of TRL: on a CPU with
avx512_bf16/AMX, or a GPU, bf16 is the faster setting. Rerun this script to restate the table on another machine.

usage: python benchmarks/dpo_cost.py [--backbone smollm2] [--batch 2] [--max-length 256] [--steps 3] [--warmup 1]
                                     [--only causalrec,trl-fp32-precomp,trl-fp32,trl-default] [--threads N] [--out runs/dpo_cost]
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('CAUSALREC_PROGRESS', '0')
CONTENDERS = ('causalrec', 'trl-fp32-precomp', 'trl-fp32', 'trl-default')


def pairs(n:int, seed:int=0):
    "The first `n` ML-100k temporal-shift training examples (prompt / chosen / rejected)."
    from causalrec.lm.data import load_genrec
    return load_genrec('ml100k', 'temporal', seed=seed, max_train=n, max_eval=1).train[['prompt', 'chosen', 'rejected']]


def peak_mib() -> float: return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_causalrec(a) -> dict:
    import torch
    from causalrec.lm.backbone import load_backbone
    from causalrec.lm.trainer import DPOConfig, PreferenceDataset, PreferenceModule, precompute_reference, _loader
    torch.manual_seed(0)
    model, tok = load_backbone(a.backbone)
    cfg = DPOConfig(batch_size=a.batch, max_steps=a.steps + a.warmup, lora=None, learning_rate=1e-6,
                    max_prompt_length=a.max_length - a.max_completion, max_completion_length=a.max_completion)
    ds = PreferenceDataset(pairs(a.batch * (a.steps + a.warmup)), tok, cfg.max_prompt_length, cfg.max_completion_length)
    t = time.perf_counter(); precompute_reference(model, ds, a.batch, pad_id=tok.pad_token_id); ref_s = time.perf_counter() - t
    mod = PreferenceModule(model, cfg)
    mod.log_dict = lambda *x, **k: None                      # outside a Trainer: plain loop, same step as in fit
    mod._log = lambda m, bs: None
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.learning_rate)
    model.train(); times = []
    cfg.seed = 0
    for i, b in enumerate(_loader(ds, tok, cfg, shuffle=False)):
        t = time.perf_counter()
        loss = mod.training_step(b, i); loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step(); opt.zero_grad(set_to_none=True)
        times.append(time.perf_counter() - t)
    return dict(step_s=times[a.warmup:], reference_s_per_example=ref_s / len(ds), peak_mib=peak_mib(), dtype='fp32',
                gradient_checkpointing=False, reference='precomputed',
                tokens_per_pair=float(sum(len(p) + sum(map(len, c)) for p, c in zip(ds.prompts, ds.completions)) / len(ds)))


def run_trl(a, fp32:bool, precompute:bool=False) -> dict:
    import torch, datasets, trl
    from transformers import TrainerCallback, AutoModelForCausalLM
    from causalrec.lm.backbone import plain_checkpoint, load_tokenizer
    torch.manual_seed(0)
    path = plain_checkpoint(a.backbone)
    tok = load_tokenizer(a.backbone)
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
    times, t0 = [], [0.]
    class Clock(TrainerCallback):
        def on_step_begin(self, *x, **k): t0[0] = time.perf_counter()
        def on_step_end(self, *x, **k): times.append(time.perf_counter() - t0[0])
    extra = dict(bf16=False, gradient_checkpointing=False) if fp32 else {}
    if precompute: extra['precompute_ref_log_probs'] = True
    with tempfile.TemporaryDirectory() as d:
        args = trl.DPOConfig(output_dir=d, use_cpu=True, per_device_train_batch_size=a.batch, max_length=a.max_length,
                             max_steps=a.steps + a.warmup, learning_rate=1e-6, report_to='none', logging_steps=1,
                             save_strategy='no', dataloader_num_workers=0, **extra)
        tr = trl.DPOTrainer(model=model, args=args, processing_class=tok, callbacks=[Clock()],
                            train_dataset=datasets.Dataset.from_pandas(pairs(a.batch * (a.steps + a.warmup)), preserve_index=False))
        tr.train()
    return dict(step_s=times[a.warmup:], peak_mib=peak_mib(), dtype='bf16 autocast' if args.bf16 else 'fp32',
                gradient_checkpointing=bool(args.gradient_checkpointing),
                reference='precomputed' if args.precompute_ref_log_probs else 'every step')


def cpu_description() -> str:
    "The CPU's model name and the instruction sets that decide fp32 vs bf16 speed."
    import platform
    try: info = Path('/proc/cpuinfo').read_text()
    except OSError: return platform.processor() or platform.machine()
    name = next((l.split(':', 1)[1].strip() for l in info.splitlines() if l.startswith('model name')), platform.machine())
    flags = set(next((l.split(':', 1)[1].split() for l in info.splitlines() if l.startswith('flags')), []))
    have = [f for f in ('avx2', 'avx512f', 'avx512_bf16', 'amx_bf16') if f in flags]
    return f"{name}, {os.cpu_count()} logical CPUs, {' '.join(have) or 'no AVX2'}" + ('' if {'avx512_bf16', 'amx_bf16'} & flags else ' (no native bf16)')


def child(a):
    import torch
    if a.threads: torch.set_num_threads(a.threads)
    out = run_causalrec(a) if a.child == 'causalrec' else run_trl(a, fp32=a.child.startswith('trl-fp32'), precompute=a.child == 'trl-fp32-precomp')
    print('RESULT ' + json.dumps(out))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--backbone', default='smollm2'); p.add_argument('--batch', type=int, default=2)
    p.add_argument('--max-length', type=int, default=256); p.add_argument('--max-completion', type=int, default=32)
    p.add_argument('--steps', type=int, default=3); p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--only', default=','.join(CONTENDERS)); p.add_argument('--out', default='runs/dpo_cost')
    p.add_argument('--threads', type=int, default=0, help='torch threads per contender (0: torch default)')
    p.add_argument('--child', default=None, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child: return child(a)
    import torch
    res = {}
    for name in a.only.split(','):
        t = time.time()
        r = subprocess.run([sys.executable, __file__, '--child', name, '--backbone', a.backbone, '--batch', str(a.batch),
                            '--max-length', str(a.max_length), '--max-completion', str(a.max_completion),
                            '--steps', str(a.steps), '--warmup', str(a.warmup), '--threads', str(a.threads)], capture_output=True, text=True)
        line = [l for l in r.stdout.splitlines() if l.startswith('RESULT ')]
        if r.returncode or not line: sys.exit(f'{name} failed:\n{r.stderr[-3000:]}')
        res[name] = json.loads(line[-1][7:]); res[name]['wall_s'] = time.time() - t
        res[name]['median_step_s'] = statistics.median(res[name]['step_s'])
        print(f"{name:12s} median {res[name]['median_step_s']:7.2f} s/step  steps {[round(x, 2) for x in res[name]['step_s']]}  "
              f"peak {res[name]['peak_mib']:7.0f} MiB", flush=True)
    base = res.get('causalrec')
    rows = []
    for name, r in res.items():
        rows.append(dict(contender=name, dtype=r['dtype'], gradient_checkpointing=r['gradient_checkpointing'], reference=r['reference'],
                         median_step_s=round(r['median_step_s'], 2), peak_mib=round(r['peak_mib']),
                         time_ratio_vs_causalrec=round(r['median_step_s'] / base['median_step_s'], 2) if base else None,
                         memory_ratio_vs_causalrec=round(r['peak_mib'] / base['peak_mib'], 2) if base else None))
    cpu = cpu_description()
    print(f"\nbackbone {a.backbone}, batch {a.batch}, max length {a.max_length}, full fine-tuning, fp32 weights, "
          f"torch threads {a.threads or torch.get_num_threads()}, medians of {a.steps} steps after {a.warmup} warm-up\nCPU: {cpu}")
    print('| contender | compute dtype | grad. checkpointing | reference log-probs | s/step (median) | peak RSS MiB | time ratio | memory ratio |\n'
          '|---|---|---|---|---|---|---|---|')
    for r in rows: print(f"| {r['contender']} | {r['dtype']} | {r['gradient_checkpointing']} | {r['reference']} | {r['median_step_s']} | "
                         f"{r['peak_mib']} | {r['time_ratio_vs_causalrec']} | {r['memory_ratio_vs_causalrec']} |")
    if base: print(f"causalrec reference pass (once, before training): {base['reference_s_per_example']:.2f} s per example; "
                   f"{base['tokens_per_pair']:.0f} tokens per pair")
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out/'results.json').write_text(json.dumps(dict(args=vars(a), cpu=cpu, results=res, table=rows), indent=2))


if __name__ == '__main__': main()
