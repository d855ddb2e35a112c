"""Do proposals reach the circumstances a confounder is made of? The paper's grouped proposal against the
circumstance option (`propose_circumstances`), on the same review samples of a finished discovery run, every
proposed variable judged by the `role` judge.

For each of --samples draws (seeds 1, 2, ...; seed 1 is the draw of the run's round 1) of --per-rating reviews per
rating value from the run's reviews.csv:
  grouped        `propose_variables(mode='grouped')`: one request over the draw, the default proposal
  circumstances  `propose_circumstances`: one request per review of the same draw (what it reveals about the
                 purchase's situation), then one request that turns the notes into variables
Each arm keeps its own list of known variables across draws, as rounds do (later draws are asked for new ones).
Then every distinct variable of both arms is judged once with the role judge (no other variables as context, as
on the judge fixture). Printed: the variables of each arm by name with their role, and how many are confounders.
Results go to --out/<dataset>.json after every step; answered requests are cached, so a rerun resumes.

usage: python benchmarks/circumstance_proposals.py --run runs/confounders-qwen2.5-1.5b/womens_clothing
                                                   [--samples 3] [--per-rating 3] [--threads 1] [--out runs/circumstances]
"""
import argparse, json, os, sys, time
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('CAUSALREC_PROGRESS', '0')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--run', required=True, help='a discovery run folder (its reviews.csv and domain are used)')
    ap.add_argument('--samples', type=int, default=3, help='review draws')
    ap.add_argument('--per-rating', type=int, default=3, help='reviews per rating value in a draw')
    ap.add_argument('--max-new', type=int, default=6, help='grouped: variables per draw (circumstances: half of it)')
    ap.add_argument('--llm', default='qwen2.5-1.5b')
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--out', default='runs/circumstances')
    ap.add_argument('--show', action='store_true', help='print the saved result instead of measuring')
    a = ap.parse_args()
    run = Path(a.run)
    path = Path(a.out)/f'{run.name}.json'
    if a.show: return report(json.loads(path.read_text()))

    import pandas as pd
    from causalrec.causal.discovery import (Variable, judge_variable, propose_circumstances, propose_variables,
                                            sample_by_rating)
    from causalrec.llm.client import LLM
    reviews = pd.read_csv(run/'reviews.csv')
    domain = json.loads((run/'config.json').read_text())['resolved']['domain']
    res = {'run': run.name, 'domain': domain, 'reviews': len(reviews), 'llm': a.llm, 'draws': [], 'judged': {}}
    path.parent.mkdir(parents=True, exist_ok=True)
    save = lambda: path.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str))
    known = {'grouped': [], 'circumstances': []}
    t0 = time.time()
    with LLM.local(a.llm, server_kwargs={'n_threads': a.threads}) as llm:
        for s in range(1, a.samples + 1):
            draw = sample_by_rating(reviews, a.per_rating, seed=s)
            g, grec = propose_variables(draw, domain, llm, known['grouped'], s, 'grouped', a.max_new)
            c, crec = propose_circumstances(draw, domain, llm, known['circumstances'], s, max(1, a.max_new // 2))
            known['grouped'] += g; known['circumstances'] += c
            res['draws'].append({'seed': s, 'review_ids': draw.review_id.tolist(),
                                 'grouped': [v.name for v in g], 'circumstances': [v.name for v in c],
                                 'notes': crec['notes'], 'consideration': crec.get('consideration')})
            res['variables'] = {arm: [asdict(v) for v in vs] for arm, vs in known.items()}
            res['stats'] = llm.stats.as_dict(); res['seconds'] = round(time.time() - t0, 1); save()
            print(f"draw {s}: grouped {[v.name for v in g]}; circumstances {[v.name for v in c]} "
                  f"({len(crec['notes'])} situation notes from {len(draw)} reviews)", flush=True)
        for arm, vs in known.items():
            for v in vs:
                if v.key in res['judged']: res['judged'][v.key]['arms'].append(arm); continue
                j = judge_variable(v, domain, llm, 'role')
                res['judged'][v.key] = {'name': v.name, 'positive': v.positive, 'negative': v.negative, 'arms': [arm],
                                        'role': j.get('role'), 'reason': j.get('reason')}
                res['stats'] = llm.stats.as_dict(); res['seconds'] = round(time.time() - t0, 1); save()
    report(res)
    print(f'  written to {path}')


def report(res:dict):
    "Print a saved result."
    print(f"\n{res['run']} ({res['domain']}, {res['reviews']} reviews), {len(res['draws'])} draws, {res['llm']}, "
          f"{res['stats']['calls']} requests answered by the model, {res['seconds'] / 60:.1f} min")
    for arm in ('grouped', 'circumstances'):
        rows = [j for j in res['judged'].values() if arm in j['arms']]
        conf = [j['name'] for j in rows if j['role'] == 'confounder']
        print(f"  {arm}: {len(conf)} of {len(rows)} variables judged confounders")
        for j in rows: print(f"    {j['name']:<26} {str(j['role']):<11} 1: {j['positive']} / -1: {j['negative']}")


if __name__ == '__main__':
    sys.exit(main())
