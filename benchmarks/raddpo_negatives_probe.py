"""Why does the preference stage add nothing on Amazon? A measurement of the negatives the study trains on.

Reads the Amazon curves run (runs/raddpo-amazon-curves: setting.pkl and the five SFT models, from the third command of
`benchmarks/raddpo_study_cpu.sh`). For each seed's SFT model it scores every item of the catalogue for every training
query (the length-normalised reward r̂ of RAD-DPO and the summed log-probability beam search ranks by), mines the
study's negatives (`--negatives top`: the top 10 beams that are neither positives nor history, first three kept;
`--negatives filtered`: the top 20 beams without the items `known_relevant` lists) and measures, for each kind and for
popularity-matched random items (three per query, drawn like the training positives):
1. false negatives: the share of negatives the same user interacts with later (later training windows, validation or
   test) or in its later training windows only, and the share that are positives of another training query sharing the
   query's last history item;
2. near-duplicates: the share of negatives sharing the first two SID codes with a positive;
3. saturation: the reward margin r̂_w − r̂_j of each (positive, negative) pair, the share of pairs the model already
   orders right, the rank of the positive in the full catalogue, and the gradient share of the list-wise loss at β = 1
   (Σ_j e^{β(r̂_j − r̂_w)} / (1 + Σ_j e^{β(r̂_j − r̂_w)}): 0 = saturated, 1 = the positive is far behind).
Writes runs/raddpo-negatives-probe/probe.csv (one row per seed and kind) and ranks-seed<s>.npz (the full scores).
About 4 minutes per seed on one CPU thread (the scores are kept: a rerun takes one).
"""
import argparse, pickle
from pathlib import Path
import numpy as np, pandas as pd, torch
from causalrec.core import RunFolder
from causalrec.lm.losses import prompt_completion_logps
from causalrec.lm.trainer import PreferenceDataset, PreferenceCollator
from causalrec.raddpo.model import sid_lm, mine_negatives, known_relevant
from causalrec.raddpo.sid import SIDTokenizer

p = argparse.ArgumentParser()
p.add_argument('--runs', default='runs'); p.add_argument('--seeds', default='0,1,2,3,4'); p.add_argument('--threads', type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
src = Path(a.runs) / 'raddpo-amazon-curves'
s = pickle.loads((src / 'setting.pkl').read_bytes())
out = RunFolder(a.runs, 'raddpo-negatives-probe', exist_ok=True)
items = list(s.sids.items); row = {it: k for k, it in enumerate(items)}; tok = SIDTokenizer(s.sids)
tr = s.train.reset_index(drop=True)

# later items of each training query's user: positives of that user's later windows, its validation and test positives
later = []
val = s.valid.groupby('user')['positives'].apply(lambda x: set(sum(x, []))); te = s.test.groupby('user')['positives'].apply(lambda x: set(sum(x, [])))
for u, g in tr.groupby('user', sort=False):
    ps = g['positives'].tolist()
    for k, idx in enumerate(g.index):
        f = set().union(*ps[k + 1:]) if k + 1 < len(ps) else set()
        later.append((idx, (f | val.get(u, set()) | te.get(u, set())) - set(ps[k]), f - set(ps[k])))
later = pd.DataFrame(later, columns=['i', 'any', 'train']).set_index('i').sort_index()
# positives of other training queries that share the query's last history item (collaborative evidence of relevance)
by_last = {}
for k, (h, ps) in enumerate(zip(tr['history'], tr['positives'])): by_last.setdefault(h[-1], []).append((k, ps))
co_pos = [set().union(*[set(ps) for j, ps in by_last[h[-1]] if j != k] or [set()]) for k, h in enumerate(tr['history'])]
pop = s.popularity.reindex(items).fillna(0).to_numpy(float); pop = pop / pop.sum()
prefix2 = {it: tuple(s.sids.codes[row[it]][:2]) for it in items}

@torch.no_grad()
def catalogue_scores(model, q, batch=8):
    "(queries, items) mean and summed token log-probabilities of every item."
    df = pd.DataFrame({'prompt': [s.sids.history_text(h) for h in q['history']], 'chosen': s.sids.text(items[0]),
                       'rejected': [[s.sids.text(i) for i in items[1:]]] * len(q)})
    ds = PreferenceDataset(df, tok, 512, 8); col = PreferenceCollator(ds, tok.pad_token_id)
    mean, tot = [], []
    for b0 in range(0, len(ds), batch):
        b = col(list(range(b0, min(b0 + batch, len(ds)))))
        o = prompt_completion_logps(model, b['prompt_ids'], b['prompt_mask'], b['completion_ids'], b['completion_mask'])
        n = len(b['prompt_ids']); t = (o.token_logps * o.mask).sum(-1)
        tot.append(t.view(n, -1)); mean.append((t / o.mask.sum(-1)).view(n, -1))
    return torch.cat(mean).numpy(), torch.cat(tot).numpy()

def share(lists, sets): return float(np.mean([np.mean([i in S for i in L]) for L, S in zip(lists, sets) if len(L)]))

rows = []
for seed in [int(x) for x in a.seeds.split(',')]:
    model = sid_lm(s.sids, 128, 2, seed); model.load_state_dict(torch.load(src / f'sft-seed{seed}.pt', map_location='cpu')); model.eval()
    f = out.file(f'ranks-seed{seed}.npz')    # kept: a rerun reuses the scores
    if f.exists(): z = np.load(f); r_mean, r_sum = z['r_mean'], z['r_sum']
    else:
        r_mean, r_sum = catalogue_scores(model, tr)
        np.savez_compressed(f, r_mean=r_mean.astype(np.float32), r_sum=r_sum.astype(np.float32))
    mined = {'top': mine_negatives(model, s, 3, seed=seed).train['negatives'].tolist(),     # the study's two kinds (`--negatives`)
             'filtered': mine_negatives(model, s, 3, 20, seed, avoid=known_relevant(tr)).train['negatives'].tolist()}
    rng = np.random.default_rng(seed); mined['random'] = []
    for ps, h in zip(tr['positives'], tr['history']):     # popularity-matched baseline: three items drawn like positives
        bad, pick = set(ps) | set(h), []
        while len(pick) < 3:
            c = items[rng.choice(len(items), p=pop)]
            if c not in bad and c not in pick: pick.append(c)
        mined['random'].append(pick)
    pos_rows = [[row[x] for x in ps] for ps in tr['positives']]
    order = np.argsort(-r_sum, 1); rank = np.empty_like(order); np.put_along_axis(rank, order, np.arange(len(items))[None].repeat(len(tr), 0), 1)
    pos_rank = np.array([rank[k, pr[0]] for k, pr in enumerate(pos_rows)])   # 0-based rank of the first positive (summed log-prob)
    near = lambda L: [{i for i in L if prefix2[i] in {prefix2[p] for p in ps}} for L, ps in zip(L, tr['positives'])]
    for kind, negs in mined.items():
        m, g = [], []
        for k, (pr, ns) in enumerate(zip(pos_rows, negs)):
            rn = np.array([r_mean[k, row[n]] for n in ns])
            for w in pr:
                d = r_mean[k, w] - rn; m.extend(d); e = np.exp(-d).sum(); g.append(e / (1 + e))
        m = np.asarray(m)
        r = {'seed': seed, 'negatives': kind, 'queries': len(tr), 'later_any': share(negs, later['any']), 'later_train': share(negs, later['train']),
             'co_positive': share(negs, co_pos), 'near_dup': share(negs, near(negs)),
             'margin_mean': float(m.mean()), 'margin_median': float(np.median(m)), 'pairs_right': float((m > 0).mean()),
             'grad_share_beta1': float(np.mean(g)), 'neg_rank_mean': float(np.mean([rank[k, row[n]] for k, ns in enumerate(negs) for n in ns])),
             'pos_rank_median': float(np.median(pos_rank)),
             'train_recall@10_full': float(np.mean([min(rank[k, x] for x in pr) < 10 for k, pr in enumerate(pos_rows)]))}
        rows.append(r); out.write_csv('probe.csv', pd.DataFrame(rows)); print(r, flush=True)
