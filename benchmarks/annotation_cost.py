"""Cost of annotating reviews for confounder discovery: causalrec's batched annotator against the paper's one request
per (review, variable), on the same local model, reviews and variables.

Both annotators use the same rules and criterion demonstrations (causalrec.causal.discovery.annotation_prompt); the
batched one asks for all variables of a review in one grammar-constrained JSON reply, the single one asks for one
variable per request. Each repeat runs with the response cache off, so every request reaches the model; the
llama.cpp server keeps the previous prompt's key/value cache, which both annotators profit from (their requests
are ordered so that equal prefixes follow each other).

Printed: requests and seconds per 1,000 reviews (medians over repeats), the ratio single / batched, the agreement
of the two annotators' labels (share of equal (review, variable) cells, and among cells where either is non-zero),
and each annotator's label distribution. Results also go to --out as JSON.

usage: python benchmarks/annotation_cost.py [--dataset womens_clothing] [--reviews 40] [--repeats 3]
                                            [--model smollm2] [--variables run_folder/round_N/variables.json]
                                            [--out runs/annotation_cost] [--show]
"""
import argparse, json, os, statistics, sys, time

import numpy as np
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('CAUSALREC_PROGRESS', '0')

# Ten variables a confounder-discovery run typically accumulates in each domain, with hand-written criteria, so
# the benchmark does not depend on what a small model happens to propose.
VARIABLES = {
    'womens_clothing': [
        ('fit', 'the item fits well or is true to size', 'the item is too small, too large or fits badly'),
        ('fabric quality', 'the fabric or material is praised', 'the fabric or material is thin, cheap or scratchy'),
        ('comfort', 'the item is comfortable to wear', 'the item is uncomfortable'),
        ('style', 'the look or design is praised', 'the look or design is disliked'),
        ('colour', 'the colour is as pictured or lovely', 'the colour differs from the picture or is disliked'),
        ('price', 'the item is good value or was on sale', 'the item is overpriced'),
        ('length', 'the length is right', 'the item is too long or too short'),
        ('flattering', 'the item flatters the figure', 'the item is unflattering'),
        ('durability', 'the item holds up after washing and wear', 'the item falls apart, pills or shrinks'),
        ('returned', 'the customer keeps the item', 'the customer returns or will return the item')],
    'amazon_digital_music': [
        ('vocals', 'the singing or voice is praised', 'the singing or voice is criticised'),
        ('songwriting', 'the songs or lyrics are praised', 'the songs or lyrics are weak'),
        ('sound quality', 'the recording or production sounds good', 'the recording or production sounds poor'),
        ('originality', 'the music is fresh or original', 'the music is repetitive or derivative'),
        ('consistency', 'the whole album is strong', 'the album has filler tracks'),
        ('nostalgia', 'the music brings back good memories', 'the music does not live up to the old days'),
        ('value', 'the album is worth the money', 'the album is not worth the money'),
        ('artist loyalty', 'the reviewer is a long-time fan', 'the reviewer is disappointed by a favourite artist'),
        ('emotion', 'the music is moving or uplifting', 'the music leaves the reviewer cold'),
        ('physical product', 'the CD or packaging arrived in good shape', 'the CD or packaging was damaged')],
}
DOMAIN_NAMES = {'womens_clothing': "women's clothing", 'amazon_digital_music': 'digital music'}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--dataset', default='womens_clothing', choices=sorted(VARIABLES))
    ap.add_argument('--reviews', type=int, default=40)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--model', default='smollm2')
    ap.add_argument('--variables', default=None, help='a variables.json from a discovery run instead of the fixed ten')
    ap.add_argument('--out', default='runs/annotation_cost')
    ap.add_argument('--show', action='store_true', help='print the result saved in --out instead of measuring')
    a = ap.parse_args()
    if a.show: return report(json.loads((Path(a.out)/f'{a.dataset}.json').read_text()))

    from causalrec.causal.discovery import Variable, annotate, prepare_reviews
    from causalrec.data.datasets import load_dataset
    from causalrec.llm.client import LLM, LLMStats

    reviews = prepare_reviews(load_dataset(a.dataset), max_reviews=a.reviews, seed=0)
    if a.variables: variables = [Variable(**v) for v in json.loads(Path(a.variables).read_text())]
    else: variables = [Variable(*v) for v in VARIABLES[a.dataset]]
    domain = DOMAIN_NAMES[a.dataset]
    print(f'{a.dataset}: {len(reviews)} reviews x {len(variables)} variables, model {a.model}, {a.repeats} repeats, cache off')

    runs = {'batched': [], 'single': []}
    labels = {}
    with LLM.local(a.model, cache='off') as llm:
        llm.chat('Hello.', max_tokens=4)                       # warm the server up outside the timings
        for rep in range(a.repeats):
            for mode in ('batched', 'single'):
                before = LLMStats(**llm.stats.as_dict()); t0 = time.perf_counter()
                ann = annotate(reviews, variables, llm, domain, mode=mode, max_per_call=len(variables))
                dt = time.perf_counter() - t0; used = llm.stats - before
                runs[mode].append({'seconds': dt, 'calls': used.calls, 'prompt_tokens': used.prompt_tokens,
                                   'completion_tokens': used.completion_tokens, 'failed': sum(ann.failed.values())})
                labels[mode] = ann.values
                print(f'  repeat {rep + 1} {mode:>7}: {used.calls:5d} requests, {dt:7.1f} s, '
                      f'tokens {used.prompt_tokens}+{used.completion_tokens}, failed labels {sum(ann.failed.values())}')

    n = len(reviews)
    med = {m: {k: statistics.median(r[k] for r in runs[m]) for k in runs[m][0]} for m in runs}
    b, s = labels['batched'].to_numpy(), labels['single'].to_numpy()
    nz = (b != 0) | (s != 0)
    res = {'dataset': a.dataset, 'model': a.model, 'reviews': n, 'variables': [v.key for v in variables], 'repeats': runs,
           'median': med, 'per_1000_reviews': {m: {k: v / n * 1000 for k, v in med[m].items()} for m in med},
           'ratio_requests': med['single']['calls'] / med['batched']['calls'],
           'ratio_seconds': med['single']['seconds'] / med['batched']['seconds'],
           'agreement': float((b == s).mean()), 'agreement_nonzero': float((b == s)[nz].mean()) if nz.any() else None,
           'label_counts': {m: {str(k): int(c) for k, c in zip(*np.unique(labels[m].to_numpy(), return_counts=True))}
                            for m in labels}}
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out/f'{a.dataset}.json').write_text(json.dumps(res, indent=1))
    report(res)
    print(f'  written to {out / (a.dataset + ".json")}')


def report(res:dict):
    "Print a saved result."
    n, per = res['reviews'], res['per_1000_reviews']
    print(f"\n{res['dataset']}, {res['model']}: {n} reviews x {len(res['variables'])} variables; "
          f"per 1,000 reviews, medians over {len(res['repeats']['batched'])} repeats:")
    print(f"  {'annotator':<10}{'requests':>10}{'seconds':>10}{'tokens in':>12}{'tokens out':>12}")
    for m in ('batched', 'single'):
        print(f"  {m:<10}{per[m]['calls']:>10,.0f}{per[m]['seconds']:>10,.0f}{per[m]['prompt_tokens']:>12,.0f}"
              f"{per[m]['completion_tokens']:>12,.0f}")
    print(f"  ratio single / batched: requests {res['ratio_requests']:.1f}x, seconds {res['ratio_seconds']:.1f}x")
    nz = 'n/a' if res['agreement_nonzero'] is None else f"{res['agreement_nonzero']:.1%}"
    print(f"  agreement (last repeat): {res['agreement']:.1%} of all cells, {nz} of cells where either label is non-zero")
    print(f"  label counts -1/0/1 (last repeat): batched {res['label_counts']['batched']}, single {res['label_counts']['single']}")


if __name__ == '__main__':
    sys.exit(main())
