#!/bin/bash
# The RAD-DPO study on CPU (one thread): every row of nbs/studies/raddpo_semantic_ids.ipynb comes from these commands.
# Each command resumes where it stopped (setting, SFT weights, sweep trials and (seed, method) rows are kept).
set -e
export HF_HUB_OFFLINE=1 CAUSALREC_PROGRESS=${CAUSALREC_PROGRESS:-0}
run() { nice -n 10 causalrec raddpo study --accelerator cpu --threads 1 "$@"; }
# a run folder that starts from run 12's setting and SFT weights, so that its rows pair with run 12's by seed
from_run12() { mkdir -p "runs/$1"; for f in setting.pkl sft-seed0.pt sft-seed0.json; do [ -e "runs/$1/$f" ] || cp "runs/raddpo-tmall-rerank-wide/$f" "runs/$1/"; done; }

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

# 5. Amazon, the continued-SFT control and the ablations tuned on their own: run 3 resumed with more methods in the
#    same curves (its 30 trials, SFT weights and result rows are kept; a row whose method's chosen setting changed is
#    recomputed). First the control (SFT trained on with the same learning rates, plus three of its own: six trials
#    like every other method), then w/o TLGD and w/o RDRW with RAD-DPO's six trials each.
ctl() { run --setting amazon --name raddpo-amazon-curves --seeds 0,1,2,3,4 --sft-steps 300 --sft-lr 3e-3 \
  --methods dpo,sdpo,raddpo,raddpo_no_tlgd,raddpo_no_rdrw,raddpo_no_mlgc,sft_continued --pref-steps 150 --curve-every 25 \
  --sweep-lr 3e-6,1e-5,3e-5 --sweep-dpo-beta 0.1,1 --sweep-beta 1 --sweep-lambda 1,3 --sweep-sft-lr 1e-4,3e-4,1e-3 \
  --test-queries none --valid-queries none --bench-steps 0 "$@"; }
ctl --sweep-methods dpo,sdpo,raddpo,raddpo_no_mlgc,raddpo_published,sft_continued
ctl --sweep-methods dpo,sdpo,raddpo,raddpo_no_mlgc,raddpo_published,sft_continued,raddpo_no_tlgd,raddpo_no_rdrw

# 6. The LLM variant, a pilot: SmolLM2-135M with the SID tokens, full SFT on the Amazon setting of run 3 (a cosine
#    schedule of 300 steps of batch 8, cut after 28 minutes of wall time on this shared CPU), constrained beams on 100
#    test queries against most-popular and the small transformer (runs/raddpo-smollm2-pilot)
nice -n 10 python "$(dirname "$0")/raddpo_smollm2_pilot.py" --steps 300 --batch-size 8 --lr 3e-4 --test-queries 100 --max-train-minutes 28

# 7. Why the Amazon preference stage adds nothing: how many of the mined negatives are items the user interacts with later,
#    positives of queries ending with the same item, or SID near-duplicates of a positive (against popularity-matched
#    random items), and whether the SFT model already orders them below the positives (runs/raddpo-negatives-probe;
#    needs run 3's folder; about 20 minutes)
nice -n 10 python "$(dirname "$0")/raddpo_negatives_probe.py" --seeds 0,1,2,3,4

# 8. Amazon with filtered negatives: RAD-DPO trained against the SFT model's top 20 beams minus the items the training data
#    marks as relevant (`known_relevant`), tuned with its six trials as in run 3, against continued SFT (runs/raddpo-amazon-filtered).
#    The setting, the SFT weights and the SFT / continued-SFT curves and rows are run 3's (negatives do not enter them): they
#    are copied so that every method is paired on the same SFT models and test queries.
filtered() {  # NAME [extra options]: RAD-DPO with filtered negatives against continued SFT, on run 3's SFT models
  local S=runs/raddpo-amazon-curves D=runs/$1; shift
  if [ ! -e $D/results.csv ]; then
    mkdir -p $D && cp $S/setting.pkl $S/sft-seed*.pt $S/sft-seed*.json $D/
    python -c "import pandas as pd; keep = ['most_popular', 'sft', 'sft_continued']
c = pd.read_csv('$S/curves.csv'); c[c.method.isin(keep)].to_csv('$D/curves.csv', index=False)
r = pd.read_csv('$S/results.csv'); r[r.method.isin(keep)].to_csv('$D/results.csv', index=False)"
  fi
  run --setting amazon --name ${D#runs/} --negatives filtered "$@" --seeds 0,1,2,3,4 --sft-steps 300 --sft-lr 3e-3 \
    --methods raddpo,sft_continued --sweep-methods raddpo,sft_continued --pref-steps 150 --curve-every 25 \
    --sweep-lr 3e-6,1e-5,3e-5 --sweep-dpo-beta 0.1,1 --sweep-beta 1 --sweep-lambda 1,3 --sweep-sft-lr 1e-4,3e-4,1e-3 \
    --test-queries none --valid-queries none --bench-steps 0
}
filtered raddpo-amazon-filtered

# 9. The same with eight filtered negatives per query instead of three (runs/raddpo-amazon-filtered8)
filtered raddpo-amazon-filtered8 --n-neg 8

# 10. Tmall with the exposures in the query: each query also lists up to 30 of the user's viewed or carted items
#     (`--query-exposures 30`), so the exposed-not-bought negatives are items the query shows. Every seed also scores the
#     exposed items ranked by popularity (`exposed_popular`), and every model also ranks the shown items by its own
#     log-probability (`rank_exposed`, metrics rerank_*), which the validation curves select on. One shared SFT model,
#     the same five trials (lr 1e-5 to 1e-3; curves every 50 steps) for each of DPO, S-DPO, RAD-DPO and continued
#     SFT; the ablations take RAD-DPO's setting; then 5 seeds of the preference stage (runs/raddpo-tmall-rerank)
run --setting tmall --name raddpo-tmall-rerank --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods dpo,sdpo,raddpo,sft_continued,raddpo_no_tlgd,raddpo_no_rdrw,raddpo_no_mlgc --sweep-methods dpo,sdpo,raddpo,sft_continued \
  --pref-steps 100 --curve-every 50 --sweep-lr 1e-5,3e-5,1e-4,3e-4,1e-3 --sweep-dpo-beta 0.1 --sweep-beta 1 --sweep-lambda 1 --pref-queries 6400 \
  --select rerank_recall@10 --test-queries 500 --valid-queries 200 --bench-steps 12

# 11. Does generative retrieval learn to copy the shown items? Run 10's SFT model continued for 4,000 steps (cosine) with
#     validation every 500, beside most-popular, co-purchase and exposed-then-popular lists (runs/raddpo-tmall-rerank-sft-curve;
#     needs run 10's folder; about 40 minutes)
nice -n 10 python "$(dirname "$0")/raddpo_tmall_sft_curve.py" --run raddpo-tmall-rerank --steps 4000 --every 500

# 12. Run 10 with a wider search, the same twelve trials for every tuned method: learning rate {3e-4, 1e-3, 3e-3} ×
#     four loss settings (DPO and S-DPO: β ∈ {0.1, 0.3, 1, 3}; RAD-DPO: β ∈ {3, 10} × λ ∈ {0.3, 1}). Run 10 tried one β and
#     one λ, and RAD-DPO's best trial sat at the edge of its learning-rate grid with a loss that barely moved. 5 seeds
#     of the three families and of the three ablations, which take RAD-DPO's chosen trial (runs/raddpo-tmall-rerank-wide;
#     about 2 hours of one core, 20 minutes more for the ablations, and 12 for raddpo_bare and raddpo_bare_no_sft, which
#     remove all three components, the second the SFT term as well; sdpo_ref_free, S-DPO at its chosen trial without its
#     reference model, 10 minutes more)
run --setting tmall --name raddpo-tmall-rerank-wide --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods dpo,sdpo,raddpo,raddpo_no_tlgd,raddpo_no_rdrw,raddpo_no_mlgc,raddpo_bare,raddpo_bare_no_sft,sdpo_ref_free \
  --sweep-methods dpo,sdpo,raddpo \
  --pref-steps 100 --curve-every 50 --sweep-lr 3e-4,1e-3,3e-3 --sweep-dpo-beta 0.1,0.3,1,3 --sweep-beta 3,10 --sweep-lambda 0.3,1 --pref-queries 6400 \
  --select rerank_recall@10 --test-queries 500 --valid-queries 200 --bench-steps 12

# 13. RAD-DPO searched at S-DPO's scale: run 12's setting and SFT model (copied into the new folder first), RAD-DPO's twelve
#     trials at β ∈ {0.3, 1} on its mean-log-probability reward (0.07–0.25 per unit of summed log-probability for IDs of
#     4–5 tokens; run 12 searched 3 and 10), λ ∈ {0.3, 1}; 5 seeds of RAD-DPO and of raddpo_bare_no_sft at the chosen trial,
#     compared by seed with run 12's rows (runs/raddpo-tmall-rerank-lowbeta; about 45 minutes of one core)
from_run12 raddpo-tmall-rerank-lowbeta
run --setting tmall --name raddpo-tmall-rerank-lowbeta --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods raddpo,raddpo_bare_no_sft --sweep-methods raddpo \
  --pref-steps 100 --curve-every 50 --sweep-lr 3e-4,1e-3,3e-3 --sweep-dpo-beta 0.1,0.3,1,3 --sweep-beta 0.3,1 --sweep-lambda 0.3,1 --pref-queries 6400 \
  --select rerank_recall@10 --test-queries 500 --valid-queries 200 --bench-steps 0

# 14. The reference-free contrast without the SFT term (raddpo_bare_no_sft) trained S-DPO's way: lr 3e-3, 100 steps, validation
#     every 50, β ∈ {0.4, 10} on the mean reward (0.4 is S-DPO's 0.1 per unit of summed log-probability), λ = 0; run 12's
#     setting and SFT model, 5 seeds (runs/raddpo-tmall-rerank-lr; about 15 minutes of one core)
from_run12 raddpo-tmall-rerank-lr
run --setting tmall --name raddpo-tmall-rerank-lr --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods raddpo_bare_no_sft --sweep-methods raddpo_bare_no_sft \
  --pref-steps 100 --curve-every 50 --sweep-lr 3e-3 --sweep-dpo-beta 0.1,1 --sweep-beta 0.4,10 --sweep-lambda 0 --pref-queries 6400 \
  --select rerank_recall@10 --test-queries 500 --valid-queries 200 --bench-steps 0

# 15. RAD-DPO's own search with the SFT term allowed to vanish: run 12's setting and SFT model, twelve trials like S-DPO's,
#     lr {3e-4, 1e-3, 3e-3} × β {0.4, 3} × λ {0, 0.3} (runs 12 and 13 searched λ ≥ 0.3 only, and run 14 found the contrast
#     level with S-DPO at λ = 0); 5 seeds of RAD-DPO, its three ablations and raddpo_bare at the chosen trial, paired by seed
#     with run 12's rows (runs/raddpo-tmall-rerank-lambda0; about an hour of one core)
from_run12 raddpo-tmall-rerank-lambda0
run --setting tmall --name raddpo-tmall-rerank-lambda0 --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods raddpo,raddpo_no_tlgd,raddpo_no_rdrw,raddpo_no_mlgc,raddpo_bare \
  --sweep-methods raddpo --pref-steps 100 --curve-every 50 --sweep-lr 3e-4,1e-3,3e-3 --sweep-dpo-beta 0.1,0.3,1,3 --sweep-beta 0.4,3 \
  --sweep-lambda 0,0.3 --pref-queries 6400 --select rerank_recall@10 --test-queries 500 --valid-queries 200 --bench-steps 0

# 16. Selected on validation MRR instead of Recall@10: run 12's S-DPO trials and run 15's RAD-DPO trials re-ranked by
#     valid_rerank_mrr choose S-DPO lr 3e-3 β 0.3 and RAD-DPO lr 1e-3 β 3 λ 0.3; each chosen trial alone, then 5 seeds, on
#     run 12's setting and SFT model (runs/raddpo-tmall-rerank-mrr-{sdpo,raddpo}; about 15 minutes of one core each)
from_run12 raddpo-tmall-rerank-mrr-sdpo
run --setting tmall --name raddpo-tmall-rerank-mrr-sdpo --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods sdpo --sweep-methods sdpo --pref-steps 100 --curve-every 50 \
  --sweep-lr 3e-3 --sweep-dpo-beta 0.3 --sweep-beta 3 --sweep-lambda 0.3 --pref-queries 6400 --select rerank_mrr \
  --test-queries 500 --valid-queries 200 --bench-steps 0
from_run12 raddpo-tmall-rerank-mrr-raddpo
run --setting tmall --name raddpo-tmall-rerank-mrr-raddpo --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods raddpo --sweep-methods raddpo --pref-steps 100 --curve-every 50 \
  --sweep-lr 1e-3 --sweep-dpo-beta 0.1 --sweep-beta 3 --sweep-lambda 0.3 --pref-queries 6400 --select rerank_mrr \
  --test-queries 500 --valid-queries 200 --bench-steps 0

# 17. Selection on every validation query: runs 12–16 selected on 200 of the 772, and run 16 found that which trial a
#     selection lands on moves test MRR by about 0.006. S-DPO's twelve trials (run 12's grid) and RAD-DPO's twelve
#     (run 15's grid, λ = 0 allowed), each selected on validation rerank Recall@10 over all 772 queries, then 5 seeds;
#     run 12's setting and SFT model (runs/raddpo-tmall-rerank-allvalid-{sdpo,raddpo}; about an hour of one core each,
#     the two can run at once)
from_run12 raddpo-tmall-rerank-allvalid-sdpo
run --setting tmall --name raddpo-tmall-rerank-allvalid-sdpo --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods sdpo --sweep-methods sdpo --pref-steps 100 --curve-every 50 \
  --sweep-lr 3e-4,1e-3,3e-3 --sweep-dpo-beta 0.1,0.3,1,3 --sweep-beta 0.4,3 --sweep-lambda 0,0.3 --pref-queries 6400 \
  --select rerank_recall@10 --test-queries 500 --valid-queries none --bench-steps 0
from_run12 raddpo-tmall-rerank-allvalid-raddpo
run --setting tmall --name raddpo-tmall-rerank-allvalid-raddpo --query-exposures 30 --seeds 0,1,2,3,4 --shared-sft --queries-per-user 2 \
  --lightgcn-epochs 10 --sft-steps 1500 --sft-lr 3e-3 --methods raddpo --sweep-methods raddpo --pref-steps 100 --curve-every 50 \
  --sweep-lr 3e-4,1e-3,3e-3 --sweep-dpo-beta 0.1,0.3,1,3 --sweep-beta 0.4,3 --sweep-lambda 0,0.3 --pref-queries 6400 \
  --select rerank_recall@10 --test-queries 500 --valid-queries none --bench-steps 0
