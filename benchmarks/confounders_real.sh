#!/usr/bin/env bash
# Algorithm 1 with the local Qwen2.5-Coder-1.5B on the three review sets causalrec loads, sized for two shared CPU
# cores: N reviews per domain (the paper's sampling: <= 1,000 users x <= 5 reviews, then at most N), texts cut at
# 400 characters, one llama.cpp server thread (faster than two on busy cores), rounds 1..ROUNDS. Every run folder
# resumes and every answered request is cached, so the script can be stopped and rerun; raising ROUNDS adds rounds.
# Each folder ends with subspace.npz (CICDOR's confounder subspace, k = 64) and subspace_direct.npz (the ablation).
# ANNOTATION adds annotation options: the default annotator labels each sentence with tone demonstrations; the
# confounder report's Part 2 runs used the batched one, ANNOTATION="--no-annotate-sentences --no-tone-demos".
# DATASETS picks the review sets (default all three).
#   usage: [ANNOTATION=...] [DATASETS=womens_clothing,...] bash benchmarks/confounders_real.sh [OUT=runs/confounders-qwen2.5-1.5b] [ROUNDS=1]
set -euo pipefail
OUT=${1:-runs/confounders-qwen2.5-1.5b}; ROUNDS=${2:-1}
DATASETS=,${DATASETS:-womens_clothing,amazon_digital_music,douban_dmr},; read -r -a annotation <<< "${ANNOTATION:-}"
run() {  # dataset, domain name used in the prompts, reviews
  [[ $DATASETS == *",$1,"* ]] || return 0
  for r in $(seq 1 "$ROUNDS"); do
    nice -n 5 causalrec confounders --dataset "$1" --domain "$2" --max-reviews "$3" --max-chars 400 --rounds "$r" \
      --llm qwen2.5-1.5b --threads 1 ${annotation[@]+"${annotation[@]}"} --out "$OUT/$1" 2>&1 | grep -v '%|' | tee -a "$OUT/$1.log"
  done
}
mkdir -p "$OUT"
run womens_clothing "women's clothing" 80
run amazon_digital_music "digital music" 80
run douban_dmr "Douban movies" 100
