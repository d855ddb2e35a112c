"""Tmall diagnosis for the RAD-DPO study: is the collaborative-SID SFT model short of signal or of training?

Reads a Tmall study's run folder (`--run`, default runs/raddpo-tmall: setting.pkl and the 1,500-step SFT model of
seed 0, from `benchmarks/raddpo_study_cpu.sh`), then
1. scores reference lists on validation and test: most-popular, a co-purchase list (items bought together with the
   query's items by training users), and, when the queries list exposures (`--query-exposures`), the exposed items
   ranked by popularity: what the queries carry without learning;
2. scores the SFT model on validation and on its own training queries (under- or over-fitting?);
3. continues SFT for `--steps` more steps, scoring validation and training queries every `--every` steps.
Writes runs/<run>-sft-curve/curve.csv (one row per list or checkpoint); resumable per checkpoint is not needed
(about 30 minutes on one CPU thread for the bought-only queries).
"""
import argparse, pickle, time
from pathlib import Path
import numpy as np, pandas as pd, scipy.sparse as sp, torch
from causalrec.core import RunFolder
from causalrec.lm.trainer import TrainConfig, SFTModule, PreferenceDataset, train_stage
from causalrec.raddpo.data import retrieval_metrics, most_popular, exposed_popular, sft_frame
from causalrec.raddpo.model import sid_lm, retrieve, stepped
from causalrec.raddpo.sid import SIDTokenizer

p = argparse.ArgumentParser()
p.add_argument('--runs', default='runs'); p.add_argument('--run', default='raddpo-tmall'); p.add_argument('--steps', type=int, default=4000); p.add_argument('--every', type=int, default=500)
p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--threads', type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
src = Path(a.runs) / a.run
s = pickle.loads((src / 'setting.pkl').read_bytes())
out = RunFolder(a.runs, f'{a.run}-sft-curve', exist_ok=True)
va = s.valid.sample(200, random_state=0).reset_index(drop=True)       # the study's validation queries (valid_queries 200)
te = s.test.sample(500, random_state=0).reset_index(drop=True)        # the study's test queries (test_queries 500)
trq = s.train.sample(200, random_state=1).reset_index(drop=True)      # training queries the model was fitted on
met = lambda ranked, q: retrieval_metrics(ranked, q['positives'].tolist(), s.sids, (10, 20))
rows = []
def keep(r): rows.append(r); out.write_csv('curve.csv', pd.DataFrame(rows)); print(r, flush=True)

items = list(s.sids.items); row = {it: k for k, it in enumerate(items)}; n = len(items)
r, c = [], []
for h, ps in zip(s.train.drop_duplicates('user')['history'], s.train.drop_duplicates('user')['positives']):
    b = [row[i] for i in set(h) | set(ps) if i in row]
    r += [x for x in b for y in b if x != y]; c += [y for x in b for y in b if x != y]
C = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
pop = np.array([s.popularity.get(it, 0) for it in items], dtype=float)
def copurchase(q, k=20):
    res = []
    for h in q['history']:
        idx = [row[i] for i in h if i in row]
        sc = np.asarray(C[idx].sum(0)).ravel() + 1e-6 * pop; sc[idx] = -1
        res.append([items[j] for j in np.argsort(-sc)[:k]])
    return res
lists = [('most_popular', lambda q: most_popular(s, q, 20)), ('co-purchase', copurchase)]
if 'exposed' in s.test.columns: lists.append(('exposed_popular', lambda q: exposed_popular(s, q, 20)))
for name, f in lists:
    keep({'model': name, 'step': np.nan, **{f'valid_{k}': v for k, v in met(f(va), va).items()}, **{f'test_{k}': v for k, v in met(f(te), te).items()}})

model = sid_lm(s.sids, 128, 2, 0); model.load_state_dict(torch.load(src / 'sft-seed0.pt', map_location='cpu'))
def probe(m, step):
    keep({'model': 'sft', 'step': 1500 + step, **{f'valid_{k}': v for k, v in met(retrieve(m, s.sids, va, 20), va).items()},
          **{f'train_{k}': v for k, v in met(retrieve(m, s.sids, trq, 20), trq).items()}})
probe(model, 0)
tok = SIDTokenizer(s.sids)
cfg = TrainConfig(learning_rate=a.lr, max_steps=a.steps, batch_size=64, lora=None, seed=0, accelerator='cpu', devices=1,
                  warmup_ratio=0.05, max_prompt_length=512, max_completion_length=8)
ds = PreferenceDataset(sft_frame(s.train, s.sids), tok, 512, 8, with_rejected=False)
t = time.time()
mod = train_stage(stepped(SFTModule, lambda m, st: (st % a.every == 0) and probe(m, st))(model, cfg), ds, tok)
h = pd.DataFrame(mod.history)
print('continued SFT', a.steps, 'steps', round(time.time() - t), 's; loss first/last 10%:', h.loss.iloc[:len(h) // 10].mean(), h.loss.iloc[-len(h) // 10:].mean())
