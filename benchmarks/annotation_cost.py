"""Annotation throughput and agreement for confounder discovery: reviews per minute of each annotator, and how
often its labels agree with the paper's one-question-per-call answers (the reference).

Annotators, each over the same reviews and variables, every request sent to the model (response cache off):
  reference         the reference model, `mode='single'`: one request per (review, variable), the paper's way
  MODEL/batched     all variables of a review in one grammar-constrained JSON reply, the variables' own keys
  MODEL/short       the same with one-letter keys (about half the generated tokens)
  MODEL/mixed       batched, plus two worked reviews that mention several variables at once (`mixed_demos`)
  MODEL/evidence    batched, each value after the review's words it rests on (`annotate(evidence=True)`)
  MODEL/single-evidence  one request per (review, variable), the quoted words before the value
  MODEL/sc2         batched, asked twice (the second at temperature 0.7), a non-zero label beats 0 (`samples=2`)
  MODEL/sentences   batched, one request per sentence of the review, a non-zero label beats 0 (`sentences=True`)
  MODEL/tone        batched, plus two worked reviews of strong praise and complaint that name no variable (`tone=True`)
  MODEL/sentences-tone  sentences with the tone demonstrations
  MODEL/X-sparse    annotator X (batched, short, sentences, tone, sentences-tone; 'sparse' alone is batched) whose
                    replies list only the mentioned variables, as key+ or key- (`annotate(sparse=True)`)
  MODEL/X-screen    annotator X behind the embedding screen: each text asked only about its --screen-k most similar
                    variables, texts less similar than --screen-sim to all of them not sent (`annotate(screen_k=...)`)
for MODEL in --models. With `--servers`, every model runs under each server in turn: `python` (llama-cpp-python's
server, one request at a time, the default) or `llama-server:N` (llama.cpp's own server with N slots, N requests in
flight and decoded together; `causalrec llm build-server`), and each annotator's name carries its server when there is
more than one. Every request puts the shared rules and demonstrations first and the review last, and the
requests of one annotator are ordered so that equal prefixes follow each other: llama.cpp then re-reads only the
review. A llama-cpp-python server answers one request at a time, so the client sends one at a time.

On the planted fixture (`--fixture planted`, the default: running-shoe reviews generated from six known factors,
`causalrec.causal.discovery.planted_reviews`) the labels are also scored against the truth. With
`--dataset womens_clothing` (or amazon_digital_music) the variables are ten hand-written ones and only agreement
with the reference is measured, unless `--labels FILE` gives a person's labels of those reviews (user, item, text_crc32
and one column per variable key; `benchmarks/labels/` says how they were made): the labels are then scored against
them as against the fixture's truth.

Printed per annotator: requests, reviews per minute, seconds and generated tokens per review, agreement with the
reference (share of equal cells; among cells where either is non-zero), accuracy against the truth when known with
its 95 % interval from a bootstrap over reviews (cells of one review are not independent), and requests per review
relative to the paper's |reviews| x |variables|; under llama-server also the server's own account (the share of prompt
tokens taken from its prefix cache, prompt tokens read per second, milliseconds per generated token and, with
speculative decoding, the drafted tokens accepted); then the agreement of every pair of annotators. The reference is
costly (one request per cell), so `--reference-reviews N` runs it on the first N reviews only; agreement with it is
then measured on those N (`--single-reviews N` does the same for the single-evidence variant; its paired accuracy
against batched is then on those N reviews). Results go to --out as JSON after every
annotator, so a stopped run keeps what it measured; `--show` prints a saved result.

usage: python benchmarks/annotation_cost.py [--fixture planted | --dataset womens_clothing [--labels FILE]] [--reviews 12]
                                            [--models qwen2.5-1.5b,qwen2.5-0.5b] [--reference qwen2.5-1.5b]
                                            [--reference-reviews N] [--single-reviews N] [--threads 1]
                                            [--servers python,llama-server:1,llama-server:4] [--head N]
                                            [--out runs/annotation_cost] [--show]
"""
import argparse, json, os, re, sys, time
from pathlib import Path

import numpy as np

os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('CAUSALREC_PROGRESS', '0')

# Ten variables a discovery run typically accumulates in each review domain, with hand-written criteria, so the
# benchmark does not depend on what a model happens to propose.
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
DOMAIN_NAMES = {'womens_clothing': "women's clothing", 'amazon_digital_music': 'digital music', 'planted': 'running shoes'}


def setup(a):
    "Reviews, variables, domain and (for the planted fixture) the true labels."
    from causalrec.causal.discovery import PLANTED_FACTORS, Variable, planted_reviews, prepare_reviews
    if a.dataset is None:
        reviews, truth = planted_reviews(a.reviews, seed=a.seed)
        variables = [Variable(k, pos, neg) for k, (pos, neg, _, _) in PLANTED_FACTORS.items()]
        return reviews, variables, DOMAIN_NAMES['planted'], truth
    from causalrec.data.datasets import load_dataset
    reviews = prepare_reviews(load_dataset(a.dataset), max_reviews=a.reviews, seed=a.seed)
    variables = [Variable(*v) for v in VARIABLES[a.dataset]]
    return reviews, variables, DOMAIN_NAMES[a.dataset], hand_labels(a.labels, reviews, variables) if a.labels else None


def hand_labels(path, reviews, variables):
    "A person's labels of the sampled reviews, indexed by review_id; fails unless they label exactly these reviews."
    import zlib
    import pandas as pd
    lab = pd.read_csv(path)
    keys = [v.key for v in variables]
    if missing := [k for k in ('user', 'item', 'text_crc32', *keys) if k not in lab.columns]:
        raise SystemExit(f'{path} lacks the columns {missing}')
    ids = pd.DataFrame({'user': reviews.user, 'item': reviews.item, 'review_id': reviews.review_id,
                        'text_crc32': [zlib.crc32(t.encode()) for t in reviews.text]})
    joined = lab.merge(ids, on=['user', 'item', 'text_crc32'], how='inner')
    if len(joined) != len(lab) or len(lab) != len(reviews):
        raise SystemExit(f'{path} labels {len(lab)} reviews, {len(joined)} of them among the {len(reviews)} sampled '
                         f'(--reviews and --seed must be those the labels were made for)')
    if not joined[keys].isin([-1, 0, 1]).all().all(): raise SystemExit(f'{path} holds labels other than -1, 0 and 1')
    return joined.set_index('review_id').sort_index()[keys].astype('int8')


def measure(llm, name, reviews, variables, domain, mode, short, mixed=False, evidence=False, samples=1, sentences=False, tone=False, sparse=False,
            screen_k=0, screen_sim=0.2):
    "Annotate once with the cache off; labels and costs."
    from causalrec.causal.discovery import annotate
    from causalrec.llm.client import LLMStats
    before = LLMStats(**llm.stats.as_dict()); t0 = time.perf_counter()
    ann = annotate(reviews, variables, llm, domain, mode=mode, max_per_call=len(variables), short=short, desc=name, mixed=mixed,
                   evidence=evidence, samples=samples, sentences=sentences, tone=tone, sparse=sparse,
                   screen_k=screen_k, screen_sim=screen_sim)
    dt, used = time.perf_counter() - t0, llm.stats - before
    n = len(reviews)
    cost = {'requests': used.calls, 'seconds': round(dt, 1), 'reviews_per_minute': round(60 * n / dt, 2),
            'seconds_per_review': round(dt / n, 2), 'completion_tokens_per_review': round(used.completion_tokens / n, 1),
            'prompt_tokens_per_review': round(used.prompt_tokens / n, 1), 'failed_labels': int(sum(ann.failed.values())),
            'requests_vs_paper': round(used.calls / (n * len(variables)), 3), 'load_avg_1min': round(os.getloadavg()[0], 1)}
    cost.update(server_figures(used))
    print(f"  {name:<24} {cost['requests']:5d} requests, {dt:7.1f} s, {cost['reviews_per_minute']:6.2f} reviews/min, "
          f"{cost['completion_tokens_per_review']:5.1f} generated tokens/review", flush=True)
    if 'server_timings' in cost: print(f"  {'':<24} {server_line(cost['server_timings'])}", flush=True)
    return ann.values, cost


def server_figures(used) -> dict:
    "What llama-server said of its own time (llama-cpp-python's server says nothing): prefix-cache reuse, speeds, drafts."
    if used.prompt_ms <= 0 or used.generation_ms <= 0: return {}
    read = used.prompt_tokens - used.prompt_cached
    fig = {'prompt_cached_share': round(used.prompt_cached / max(used.prompt_tokens, 1), 3),
           'prompt_tokens_read_per_s': round(1000 * read / used.prompt_ms, 1),
           'ms_per_generated_token': round(used.generation_ms / max(used.completion_tokens, 1), 1),
           'prompt_s': round(used.prompt_ms / 1000, 1), 'generation_s': round(used.generation_ms / 1000, 1)}
    if used.drafted:
        fig.update(drafted=used.drafted, drafts_accepted=used.drafts_accepted,
                   draft_acceptance=round(used.drafts_accepted / used.drafted, 3),
                   generated_from_drafts=round(used.drafts_accepted / max(used.completion_tokens, 1), 3))
    return {'server_timings': fig}


def server_line(f:dict) -> str:
    line = (f"server: prompt {f['prompt_s']:.1f} s ({f['prompt_cached_share']:.0%} of prompt tokens from the prefix cache, "
            f"the rest read at {f['prompt_tokens_read_per_s']:.1f} tokens/s), generation {f['generation_s']:.1f} s "
            f"({f['ms_per_generated_token']:.0f} ms/token)")
    if 'drafted' in f:
        line += (f"; {f['drafts_accepted']} of {f['drafted']} drafted tokens accepted ({f['draft_acceptance']:.0%}), "
                 f"{f['generated_from_drafts']:.0%} of the generated tokens")
    return line


def parse_server(spec:str) -> tuple[str, dict]:
    "A --servers entry: its name and the `LocalServer` arguments."
    from causalrec.llm.client import llama_server_path
    kind, _, n = spec.strip().partition(':')
    if kind == 'python' and not n: return kind, {}
    if kind == 'python-lookup' and n.isdigit() and int(n) >= 1:   # prompt-lookup speculative decoding, N drafted tokens
        return f'python lookup {n}', {'logprobs': True,   # llama-cpp-python drafts only with every position's logits kept
                                      'extra_args': ('--draft_model', 'prompt-lookup-decoding', '--draft_model_num_pred_tokens', n)}
    if kind == 'llama-server-spec' and n:   # one slot, speculative decoding of llama-server's kind (e.g. ngram-simple[:LOOKUP:DRAFT])
        spec, *sizes = n.split(':')
        if sizes and (len(sizes) != 2 or not all(x.isdigit() for x in sizes)): raise SystemExit(f'{spec!r}: give llama-server-spec:KIND or KIND:LOOKUP:DRAFT')
        size_args = (f'--spec-{spec}-size-n', sizes[0], f'--spec-{spec}-size-m', sizes[1]) if sizes else ()
        return f'llama-server {n}', {'slots': 1, 'binary': llama_server_path(), 'extra_args': ('--spec-type', spec, *size_args)}
    if kind == 'llama-server' and n.isdigit() and int(n) >= 1:   # the executable even for one slot
        return f'llama-server x{n}', {'slots': int(n), 'binary': llama_server_path()}
    raise SystemExit(f'unknown server {spec!r}: use python, python-lookup:N, llama-server:N or llama-server-spec:KIND[:LOOKUP:DRAFT]')


def bootstrap_ci(hits, reps:int=2000, seed:int=0) -> list:
    "95 % percentile interval of the mean of a reviews x cells 0/1 matrix, resampling reviews."
    hits = np.asarray(hits, float); rng = np.random.default_rng(seed)
    means = hits[rng.integers(0, len(hits), (reps, len(hits)))].mean(axis=(1, 2))
    return [round(float(x), 3) for x in np.quantile(means, [0.025, 0.975])]


def paired_accuracy(labels:dict, truth) -> dict:
    """Accuracy difference of every annotator against the first batched one, of each sparse one against its dense twin, of
    each screened one against its unscreened twin and of each one against the same annotator on the first server, on
    their common reviews, with a 95 % interval."""
    batched = next((k for k in labels if k.endswith('/batched')), None)
    twin = lambda k: k.removesuffix('-sparse') if k.endswith('-sparse') else k.removesuffix('sparse') + 'batched'   # a sparse annotator's dense one
    pairs = [(k, batched) for k in labels if batched is not None and k != batched]
    pairs += [(k, twin(k)) for k in labels if k.endswith('sparse') and twin(k) in labels and twin(k) != batched]
    pairs += [(k, base) for k in labels if k.endswith('-screen') and (base := k.removesuffix('-screen')) in labels and base != batched]
    plain = lambda k: re.sub(r'\[[^\]]*\]', '', k)   # an annotator's name without its server
    pairs += [(k, base) for k in labels if (base := next(x for x in labels if plain(x) == plain(k))) not in (k, batched)]
    out = {}
    for k, base in pairs:
        common = labels[k].index.intersection(labels[base].index)
        t = truth.loc[common, labels[k].columns].to_numpy()
        d = (labels[k].loc[common].to_numpy() == t).astype(float) - (labels[base].loc[common].to_numpy() == t)
        out[f'{k} - {base}'] = {'difference': round(float(d.mean()), 3), 'ci95': bootstrap_ci(d), 'reviews': len(common)}
    return out


def compare(labels, ref, truth):
    "Agreement with the reference labels on the reviews both have (and accuracy against the truth, when known)."
    common = labels.index.intersection(ref.index)
    a, r = labels.loc[common].to_numpy(), ref.loc[common].to_numpy()
    nz = (a != 0) | (r != 0)
    out = {'agreement': round(float((a == r).mean()), 3), 'agreement_reviews': len(common),
           'agreement_nonzero': round(float((a == r)[nz].mean()), 3) if nz.any() else None}
    if truth is not None:
        a = labels.to_numpy()
        t = truth.loc[labels.index, labels.columns].to_numpy()
        out['accuracy'] = round(float((a == t).mean()), 3)
        out['accuracy_ci95'] = bootstrap_ci(a == t)
        out['accuracy_per_variable'] = {c: round(float((labels[c].to_numpy() == truth.loc[labels.index, c].to_numpy()).mean()), 3)
                                        for c in labels.columns}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--fixture', default='planted', choices=['planted'], help='generated reviews with known factors')
    ap.add_argument('--dataset', default=None, choices=sorted(VARIABLES), help='real reviews instead of the fixture')
    ap.add_argument('--reviews', type=int, default=12)
    ap.add_argument('--labels', default=None, help="with --dataset: a person's labels of the sampled reviews (CSV), scored as the truth")
    ap.add_argument('--models', default='qwen2.5-1.5b,qwen2.5-0.5b', help='annotator models, comma-separated')
    ap.add_argument('--reference', default='qwen2.5-1.5b', help="model of the one-question-per-call reference ('none': skip it)")
    ap.add_argument('--variants', default='batched,short', help='batched, short, mixed, evidence, single-evidence, sc2, sentences, tone and/or sentences-tone, and sparse or any of batched, short, sentences, tone, sentences-tone followed by -sparse; any of these followed by -screen; comma-separated')
    ap.add_argument('--reference-reviews', type=int, default=None, help='run the reference on the first N reviews only')
    ap.add_argument('--single-reviews', type=int, default=None, help='run one-request-per-variable variants on the first N reviews only')
    ap.add_argument('--baseline', default=None, help='a saved result (JSON) whose annotators are added, not rerun, for the paired comparisons')
    ap.add_argument('--screen-k', type=int, default=4, help='-screen variants: candidate variables per text')
    ap.add_argument('--screen-sim', type=float, default=0.2, help='-screen variants: texts below this similarity to every variable are not sent')
    ap.add_argument('--threads', type=int, default=1, help='llama.cpp server threads (one is faster on busy cores)')
    ap.add_argument('--servers', default='python', help="servers to run every model under: python, python-lookup:N (N tokens drafted by prompt lookup), llama-server:N (N slots) and/or llama-server-spec:KIND[:LOOKUP:DRAFT] (one slot, llama-server's --spec-type KIND, n-gram lookup and draft lengths), comma-separated")
    ap.add_argument('--head', type=int, default=None, help='annotate only the first N of the sampled reviews (their labels too)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default='runs/annotation_cost')
    ap.add_argument('--show', action='store_true', help='print the result saved in --out instead of measuring')
    a = ap.parse_args()
    if a.screen_k < 1: raise SystemExit(f'--screen-k must be at least 1, got {a.screen_k}')
    path = Path(a.out)/f"{a.dataset or 'planted'}.json"
    if a.show: return report(json.loads(path.read_text()))

    from causalrec.llm.client import LLM
    reviews, variables, domain, truth = setup(a)
    if a.head:
        reviews = reviews.head(a.head)
        if truth is not None: truth = truth.loc[reviews.review_id]
    models = [m.strip() for m in a.models.split(',') if m.strip()]
    variants = [v.strip() for v in a.variants.split(',') if v.strip()]
    print(f"{a.dataset or 'planted fixture'}: {len(reviews)} reviews x {len(variables)} variables; "
          f"reference {a.reference} one question per call; server threads {a.threads}; cache off", flush=True)
    res = {'data': a.dataset or 'planted', 'reviews': len(reviews), 'variables': [v.key for v in variables],
           'reference': a.reference, 'threads': a.threads, 'annotators': {}}
    path.parent.mkdir(parents=True, exist_ok=True)
    labels = {}
    if a.baseline:   # annotators measured before on the same reviews (same --reviews and --seed): compared, not rerun
        base = json.loads(Path(a.baseline).read_text())
        if base['reviews'] != len(reviews) or base['variables'] != res['variables']:
            raise SystemExit(f'{a.baseline} was measured on other reviews or variables')
        import pandas as pd
        for k, r in base['annotators'].items():
            if k == 'reference': continue
            n = len(next(iter(r['labels'].values())))
            labels[k] = pd.DataFrame(r['labels'], index=pd.Index(reviews.review_id.iloc[:n], name='review_id')).astype('int8')
            res['annotators'][k] = {**r, 'from': a.baseline}
    order = ([a.reference] if a.reference != 'none' else []) + [m for m in models if m != a.reference]
    servers = [parse_server(s) for s in a.servers.split(',') if s.strip()]
    res['servers'] = a.servers
    for m, si, tag, kw in [(m, si, tag, kw) for m in order for si, (tag, kw) in enumerate(servers)
                           if m in models or si == 0]:             # the reference runs once, on the first server
        with LLM.local(m, cache='off', server_kwargs={'n_threads': a.threads, **kw}) as llm:
            llm.chat('Hello.', max_tokens=2)                     # load the model outside the timings
            label = f'{m}[{tag}]' if len(servers) > 1 else m
            jobs = ([('reference', 'single', False)] if m == a.reference and si == 0 else []) + \
                   ([(f'{label}/{v}', 'single' if v.startswith('single') else 'batched', v) for v in variants] if m in models else [])
            for name, mode, variant in jobs:
                screen_k = a.screen_k if str(variant).endswith('-screen') else 0
                variant = str(variant).removesuffix('-screen') if screen_k else variant
                sparse = str(variant) == 'sparse' or str(variant).endswith('-sparse')
                kind = 'batched' if variant == 'sparse' else str(variant).removesuffix('-sparse')
                short, mixed, evidence = kind == 'short', kind == 'mixed', 'evidence' in kind
                rv = reviews.head(a.reference_reviews) if name == 'reference' and a.reference_reviews else \
                     reviews.head(a.single_reviews) if name != 'reference' and mode == 'single' and a.single_reviews else reviews
                samples = 2 if variant == 'sc2' else 1
                sentences, tone = kind in ('sentences', 'sentences-tone'), kind in ('tone', 'sentences-tone')
                labels[name], cost = measure(llm, name, rv, variables, domain, mode, short, mixed, evidence, samples, sentences, tone, sparse,
                                             screen_k, a.screen_sim)
                res['annotators'][name] = {'model': m, 'server': tag, 'slots': llm.slots, 'mode': mode, 'short_keys': short, 'mixed_demos': mixed, 'evidence': evidence,
                                           'samples': samples, 'sentences': sentences, 'tone': tone, 'sparse': sparse,
                                           **({'screen_k': screen_k, 'screen_sim': a.screen_sim} if screen_k else {}), **cost,
                                           'labels': labels[name].to_dict('list')}
                ref = labels.get('reference', labels[next(iter(labels))])   # without a reference: the first annotator
                for k in res['annotators']: res['annotators'][k].update(compare(labels[k], ref, truth))
                if truth is not None: res['paired_accuracy'] = paired_accuracy(labels, truth)
                res['pairwise_agreement'] = {f'{x} ~ {y}': compare(labels[x], labels[y], None)['agreement']
                                             for i, x in enumerate(labels) for y in list(labels)[i + 1:]}
                path.write_text(json.dumps(res, indent=1))
    report(res)
    print(f'  written to {path}')


def report(res:dict):
    "Print a saved result."
    ref_n = res['annotators'].get('reference', {}).get('agreement_reviews', res['reviews'])
    print(f"\n{res['data']}: {res['reviews']} reviews x {len(res['variables'])} variables, one run each on a shared CPU, "
          f"llama.cpp on {res['threads']} thread(s); " + (f"agreement with {res['reference']} one question per call on {ref_n} reviews" if res['reference'] != 'none'
                  else 'agreement with the first annotator'))
    truth = any('accuracy' in r for r in res['annotators'].values())
    print(f"  {'annotator':<24}{'requests':>9}{'/paper':>8}{'reviews/min':>13}{'s/review':>10}{'gen tok/rev':>12}"
          f"{'agree':>8}{'agree≠0':>9}" + (f"{'vs truth [95 % CI]':>24}" if truth else ''))
    for name, r in res['annotators'].items():
        nz = '—' if r.get('agreement_nonzero') is None else f"{r['agreement_nonzero']:.1%}"
        print(f"  {name:<24}{r['requests']:>9}{r['requests_vs_paper']:>8.2f}{r['reviews_per_minute']:>13.2f}"
              f"{r['seconds_per_review']:>10.1f}{r['completion_tokens_per_review']:>12.1f}{r['agreement']:>8.1%}{nz:>9}"
              + (f"{r['accuracy']:>10.1%} [{r['accuracy_ci95'][0]:.1%}, {r['accuracy_ci95'][1]:.1%}]"
                 if truth and 'accuracy_ci95' in r else (f"{r['accuracy']:>10.1%}" if truth else '')))
    for name, r in res['annotators'].items():
        if 'server_timings' in r: print(f"  {name}: {server_line(r['server_timings'])}")
    for pair, v in res.get('pairwise_agreement', {}).items(): print(f"  agreement {pair}: {v:.1%}")
    for pair, v in res.get('paired_accuracy', {}).items():
        print(f"  accuracy {pair}: {v['difference']:+.1%} [{v['ci95'][0]:+.1%}, {v['ci95'][1]:+.1%}] on {v['reviews']} reviews")


if __name__ == '__main__':
    sys.exit(main())
