#!/bin/bash
# The RAD-DPO study on CPU (one thread): every row of nbs/studies/raddpo_semantic_ids.ipynb comes from these commands.
# Each command resumes where it stopped (setting, SFT weights, sweep trials and (seed, method) rows are kept).
set -e
export HF_HUB_OFFLINE=1 CAUSALREC_PROGRESS=${CAUSALREC_PROGRESS:-0}
run() { nice -n 10 causalrec raddpo study --accelerator cpu --threads 1 "$@"; }

# 1. Amazon, text SIDs, fixed 100 preference steps, learning rate and β chosen on validation (runs/raddpo-amazon)
run --setting amazon --seeds 0,1,2,3,4 --sft-steps 300 --sft-lr 3e-3 --pref-steps 100 \
  --sweep-lr 3e-5,3e-4 --sweep-beta 1,4 --sweep-dpo-beta 0.1,1 --test-queries none --valid-queries 300 --bench-steps 12

# 2. Tmall, collaborative SIDs, one shared SFT model (runs/raddpo-tmall)
run --setting tmall --seeds 0,1,2 --shared-sft --queries-per-user 2 --lightgcn-epochs 10 \
  --sft-steps 1500 --sft-lr 3e-3 --pref-steps 100 --pref-queries 6400 --sweep-lr 3e-5,3e-4 --test-queries 500 --valid-queries 200 \
  --bench-steps 12

# 3. Amazon with validation curves: lower learning rates, early stopping on validation Recall@10 (0 steps = SFT),
#    β and λ, the same six trials for every tuned method, MLGC's published form on validation (runs/raddpo-amazon-curves;
#    the setting and SFT weights are those of run 1: the command rebuilds them identically when absent)
run --setting amazon --name raddpo-amazon-curves --seeds 0,1,2,3,4 --sft-steps 300 --sft-lr 3e-3 \
  --methods dpo,sdpo,raddpo,raddpo_no_tlgd,raddpo_no_rdrw,raddpo_no_mlgc \
  --sweep-methods dpo,sdpo,raddpo,raddpo_no_mlgc,raddpo_published --pref-steps 150 --curve-every 25 \
  --sweep-lr 3e-6,1e-5,3e-5 --sweep-dpo-beta 0.1,1 --sweep-beta 1 --sweep-lambda 1,3 \
  --test-queries none --valid-queries none --bench-steps 0

# 4. Tmall diagnosis: co-purchase and most-popular lists, SFT on its own training queries, SFT continued 4,000 steps
#    with validation every 500 (runs/raddpo-tmall-sft-curve; needs run 2's folder)
nice -n 10 python "$(dirname "$0")/raddpo_tmall_sft_curve.py" --steps 4000 --every 500
