"""Cost of full-ranking evaluation: ranks counted against the row (causalrec.eval.metrics.FullSortEvaluator) against
ranks read from a sorted row (a sort per user row and a binary search), and several parts of the test scored in one
pass (`evaluate_parts`) against one evaluator per part, same scores, same run.

The scorer is a fixed random float32 matrix (users x items), so the figures are the evaluator's own work; a model's
scoring adds to every pass alike, which is why scoring each user once for every part matters most for models whose
scores are dear (MCLMR's pair-gated mixture). Each contender runs `--repeats` times, interleaved; medians are
reported with the ratio to the first contender.

usage: python benchmarks/full_sort_eval.py [--users 8192] [--items 39493] [--parts 7] [--repeats 5] [--threads 1]
"""
import argparse, statistics, time

import numpy as np
import pandas as pd
import torch

from causalrec.eval.metrics import FullSortEvaluator, rank_metrics, _cum


def sorted_ranks(ev:FullSortEvaluator, score_all, ks, batch_size=512) -> dict:
    "The peer: the same metrics, each positive's rank read from its sorted row with a binary search (one part)."
    sums = {f'{m}@{k}': 0.0 for k in ks for m in ('hr', 'ndcg')}
    pos_row, pos_item = torch.tensor(ev.pos_row), torch.tensor(ev.pos_item)
    mask_row, mask_item = torch.tensor(ev.mask_row), torch.tensor(ev.mask_item)
    for s in range(0, len(ev.user_ids), batch_size):
        e = min(s + batch_size, len(ev.user_ids))
        sc = score_all(torch.as_tensor(ev.user_ids[s:e])).clone()
        mk = (mask_row >= s) & (mask_row < e)
        sc[mask_row[mk] - s, mask_item[mk]] = -torch.inf
        sel = (pos_row >= s) & (pos_row < e)
        r, it = pos_row[sel] - s, pos_item[sel]
        ps, srt = sc[r, it], sc.sort(1).values
        right = torch.searchsorted(srt[r], ps[:, None], right=True)[:, 0]
        left = torch.searchsorted(srt[r], ps[:, None], right=False)[:, 0]
        for k in ks:    # one positive per user here, so per-positive metrics are per-user metrics
            m = rank_metrics(ev.n_items - right, right - left - 1, k)
            sums[f'hr@{k}'] += float(m['hit'].sum()); sums[f'ndcg@{k}'] += float(m['ndcg'].sum())
    return {k: v / len(ev.user_ids) for k, v in sums.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--users', type=int, default=8192); p.add_argument('--items', type=int, default=39493)
    p.add_argument('--parts', type=int, default=7); p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    gen = np.random.default_rng(0)
    users = np.arange(a.users); items = gen.integers(0, a.items, a.users)              # one test positive per user
    mask_u = np.repeat(users, 5); mask_i = gen.integers(0, a.items, len(mask_u))        # five training items each
    keep = mask_i != np.repeat(items, 5); mask_u, mask_i = mask_u[keep], mask_i[keep]
    scores = torch.from_numpy(gen.standard_normal((a.users, a.items), dtype=np.float32))
    score_all = lambda u: scores[u]
    ev = FullSortEvaluator(users, items, mask_u, mask_i, a.items)
    # the study's parts: the whole test, a subset of it, and a partition of it
    cut = np.array_split(gen.permutation(a.users), a.parts - 2)
    masks = {'test': np.ones(a.users, bool), 'tail': gen.random(a.users) < 0.3,
             **{f'bin{j}': np.isin(ev.user_ids[ev.pos_row], c) for j, c in enumerate(cut)}}
    one_ev = {p: FullSortEvaluator(users[m], items[m], mask_u, mask_i, a.items) for p, m in masks.items()}
    contenders = {
        'counted ranks, one pass for all parts': lambda: ev.evaluate_parts(score_all, masks, (10, 20)),
        'counted ranks, one evaluator per part': lambda: {p: e.evaluate(score_all, (10, 20)) for p, e in one_ev.items()},
        'sorted ranks, one evaluator per part': lambda: {p: sorted_ranks(e, score_all, (10, 20)) for p, e in one_ev.items()},
    }
    times, answers = {c: [] for c in contenders}, {}
    for _ in range(a.repeats):
        for c, f in contenders.items():
            t = time.perf_counter(); answers[c] = f(); times[c].append(time.perf_counter() - t)
    ref = answers['counted ranks, one pass for all parts']
    for c, ans in answers.items():   # every contender must give the same numbers
        for p in masks: assert all(abs(ans[p][k] - ref[p][k]) < 1e-9 for k in ('hr@10', 'ndcg@10', 'hr@20', 'ndcg@20')), (c, p)
    first = statistics.median(next(iter(times.values())))
    print(f'{a.users:,} users x {a.items:,} items, {len(masks)} parts ({masks["test"].sum():,} + {masks["tail"].sum():,} + '
          f'{a.users:,} positives), float32, {a.threads} thread(s), median of {a.repeats}:')
    print(pd.DataFrame({'seconds': {c: statistics.median(t) for c, t in times.items()},
                        'ratio to the first': {c: statistics.median(t) / first for c, t in times.items()}}).round(2).to_string())


if __name__ == '__main__':
    main()
