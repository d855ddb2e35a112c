"""How well each confounder judge of `causalrec.causal.discovery` applies the confounder definition, measured on the
labelled fixture (`judge_fixture()`: 55 variables in seven domains, 14 of them confounders by construction), and
the same judges applied again to finished discovery runs on real reviews.

Per model in --models, every judge in --judges is asked about every fixture variable (one grammar-constrained
request each, the shared instructions first); each rule of CONFOUNDER_RULES is scored against the truth with 95 %
intervals from a bootstrap over variables (`score_judges`), then the paired accuracy differences between rules,
the role judge's five-way confusion and how often each other judge says yes per true role. Every request goes
through the response cache, so a stopped run resumes and `--show` reprints a saved one. With --rejudge, each
run folder given (comma-separated) is judged again by every judge (`rejudge_run`, all variables) and the
confounders each rule calls are printed; `rejudge.csv` goes into the run folder.

usage: python benchmarks/judge_accuracy.py [--models qwen2.5-1.5b] [--judges role,checks,effects] [--threads 1]
           [--out runs/judge_accuracy] [--rejudge runs/confounders-qwen2.5-1.5b/womens_clothing,...] [--show]
"""
import argparse, json, os, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('CAUSALREC_PROGRESS', '0')
import numpy as np, pandas as pd

from causalrec.causal.discovery import (CONFOUNDER_RULES, JUDGE_OF_RULE, judge_fixture, rejudge_run, run_judges,
                                        score_judges, verdicts)
from causalrec.eval.compare import paired_bootstrap
from causalrec.llm.client import LLM, LLMStats

COLS = ['called', 'errors', 'accuracy', 'accuracy CI', 'recall', 'recall CI', 'specificity', 'specificity CI',
        'precision', 'balanced accuracy', 'balanced accuracy CI']

def report(res:pd.DataFrame, model:str):
    pd.set_option('display.width', 220); pd.set_option('display.max_columns', 20)
    sc = score_judges(res)
    print(f'\n== {model}: confounder verdicts against the truth ({sc.variables.iloc[0]} variables, '
          f'{int(res.drop_duplicates(["domain", "name"]).confounder.sum())} confounders)')
    print(sc[COLS].round(3).to_string())
    rules = [r for r in sc.index if r in CONFOUNDER_RULES]
    base = res.drop_duplicates(['domain', 'name'])[['domain', 'name', 'confounder']]
    correct = {r: (lambda v: (v.called.fillna(False).astype(bool) == v.confounder).to_numpy(float))(
                   base.merge(verdicts(res, r)[['domain', 'name', 'called']], on=['domain', 'name'], how='left')) for r in rules}
    print('\npaired differences in accuracy (bootstrap over variables):')
    for i, a in enumerate(rules):
        for b in rules[i + 1:]:
            d = paired_bootstrap(correct[a], correct[b])
            print(f'  {a} - {b}: {100 * d["diff"]:+.1f} points [{100 * d["ci_low"]:+.1f}, {100 * d["ci_high"]:+.1f}]')
    if 'role' in set(res.judge):
        r = res[res.judge == 'role']
        acc = (r.role == r.true_role).to_numpy(float)
        d = paired_bootstrap(acc, np.zeros_like(acc))
        print(f'\nrole judge, five-way role accuracy: {100 * d["diff"]:.1f} % [{100 * d["ci_low"]:.1f}, {100 * d["ci_high"]:.1f}]')
        print(pd.crosstab(r.true_role, r.role.fillna('(error)'), rownames=['true role'], colnames=['answered']).to_string())
    if 'checks' in set(res.judge):
        c = res[res.judge == 'checks']
        print('\nchecks judge, share of yes per question and true role:')
        print(c.groupby('true_role')[['part_of_the_item', 'users_own_taste', 'acts_before_the_choice', 'changes_the_rating']]
              .agg(lambda s: s.astype(float).mean()).round(2).to_string())
    if 'effects' in set(res.judge):
        e = res[res.judge == 'effects']
        print('\neffects judge, share of yes / category (b) per true role:')
        print(e.assign(b=e.category.str.startswith('marketing')).groupby('true_role')[
              ['affects_interaction_directly', 'affects_preference', 'b']].agg(lambda s: s.astype(float).mean()).round(2).to_string())

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--models', default='qwen2.5-1.5b')
    ap.add_argument('--judges', default='role,checks,effects')
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--out', default='runs/judge_accuracy')
    ap.add_argument('--rejudge', default='', help='comma-separated discovery run folders to judge again (first model)')
    ap.add_argument('--show', action='store_true', help='print saved results, ask nothing')
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    fx, judges = judge_fixture(), a.judges.split(',')
    for i, model in enumerate(a.models.split(',')):
        f = out/f'{model}.csv'
        if a.show:
            if f.exists(): report(pd.read_csv(f), model)
            continue
        with LLM.local(model, server_kwargs={'n_threads': a.threads}) as llm:
            parts = []
            for j in judges:
                t0, before = time.perf_counter(), LLMStats(**llm.stats.as_dict())
                parts.append(run_judges(fx, llm, (j,), desc=f'{model} {j}'))
                pd.concat(parts).to_csv(f, index=False)
                s = (llm.stats - before).as_dict()
                print(f'{model} {j}: {len(fx)} variables, {s["calls"]} requests sent, {s["cache_hits"]} cached, '
                      f'{s["completion_tokens"]} tokens generated, {time.perf_counter() - t0:.0f} s', flush=True)
            report(pd.concat(parts), model)
            if i == 0 and a.rejudge:
                for folder in a.rejudge.split(','):
                    res = rejudge_run(folder, llm, tuple(judges))
                    print(f'\n== {folder}: confounders each rule calls (all variables; * = in the Markov blanket)')
                    for rule in CONFOUNDER_RULES:
                        if JUDGE_OF_RULE[rule] in judges:
                            v = verdicts(res, rule)
                            print(f'  {rule:<17} ' + (', '.join(k + ('*' if b else '') for k, b in zip(v.key[v.called], v.in_blanket[v.called])) or '—'))
                    if 'role' in judges:
                        r = res[res.judge == 'role']
                        print('  roles: ' + ', '.join(f'{k}={x}' for k, x in zip(r.key, r.role)))
            print(llm.stats)
    if a.show and a.rejudge:
        for folder in a.rejudge.split(','):
            p = Path(folder)/'rejudge.csv'
            if not p.exists(): continue
            res = pd.read_csv(p)
            print(f'\n== {folder}')
            for rule in CONFOUNDER_RULES:
                v = verdicts(res, rule)
                print(f'  {rule:<17} ' + (', '.join(k + ('*' if b else '') for k, b in zip(v.key[v.called], v.in_blanket[v.called])) or '—'))

if __name__ == '__main__': main()
