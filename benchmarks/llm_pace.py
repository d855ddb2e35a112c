"""Pace of one batched annotation request on the local llama.cpp server: server threads, and whether the prompt puts
the shared instruction first (the prefix cache then holds it) or the review first (every request re-reads it all).

Each setting starts its own server (`nice` it from the shell), sends one warm-up request, then `--calls` batched
annotation requests for planted reviews (6 variables, response cache off) and prints the median seconds per request,
prompt and generated tokens, and prompt tokens the server re-used from its cache (prompt tokens it did not have to read).

usage: nice -n 5 python benchmarks/llm_pace.py [--model qwen2.5-1.5b] [--threads 1,2] [--calls 3] [--orders last,first]
"""
import argparse, json, os, statistics, sys, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('CAUSALREC_PROGRESS', '0')


def review_first(msgs:list[dict]) -> list[dict]:
    "The same request with the review moved in front of the shared instruction (defeats the prefix cache)."
    review = msgs[-1]['content']
    return [{**msgs[0], 'content': f"{review}\n\n{msgs[0]['content']}"}] + msgs[1:]


def main():
    from causalrec.causal.discovery import PLANTED_FACTORS, Variable, annotation_prompt, annotation_schema, planted_reviews
    from causalrec.llm.client import LLM
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', default='qwen2.5-1.5b')
    ap.add_argument('--threads', default='1,2', help='server threads to compare, comma-separated')
    ap.add_argument('--calls', type=int, default=3, help='timed requests per setting')
    ap.add_argument('--orders', default='last,first', help="where the review goes: 'last' (shared prefix first) and/or 'first'")
    ap.add_argument('--out', default='runs/llm_pace.json')
    a = ap.parse_args()
    reviews, _ = planted_reviews(a.calls + 1, seed=7)
    variables = [Variable(k, p, n) for k, (p, n, _, _) in PLANTED_FACTORS.items()]
    schema = annotation_schema([v.key for v in variables])
    res = []
    for th in [int(x) for x in a.threads.split(',')]:
        with LLM.local(a.model, cache='off', server_kwargs={'n_threads': th}) as llm:
            for order in a.orders.split(','):
                msgs = [annotation_prompt(t, variables, 'running shoes') for t in reviews.text]
                if order == 'first': msgs = [review_first(m) for m in msgs]
                llm.complete(msgs[0], 12 * len(variables) + 16, schema)            # warm-up: loads the model, fills the cache
                rows = []
                for m in msgs[1:]:
                    t0 = time.perf_counter(); r = llm.complete(m, 12 * len(variables) + 16, schema)
                    rows.append((time.perf_counter() - t0, r['prompt_tokens'], r['completion_tokens']))
                s = [r[0] for r in rows]
                rec = {'model': a.model, 'threads': th, 'review': order, 'calls': len(rows),
                       'median_s': round(statistics.median(s), 2), 'min_s': round(min(s), 2), 'max_s': round(max(s), 2),
                       'prompt_tokens': round(statistics.mean(r[1] for r in rows), 1),
                       'completion_tokens': round(statistics.mean(r[2] for r in rows), 1),
                       'load_avg_1min': round(os.getloadavg()[0], 2)}
                res.append(rec); print(json.dumps(rec), flush=True)
                Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == '__main__':
    sys.exit(main())
