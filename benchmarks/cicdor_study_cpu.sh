#!/usr/bin/env bash
# The CICDOR Douban study (issue 10) on a small CPU machine, in priority order, one process, one thread, resumable.
#
# Every model gets the same budget: at most 20 epochs (CICDOR 12 + 8), early stopping after 5 validation checks,
# batch 1024, k = 32, the learning rate chosen on seed 0's validation set from {1e-3, 3e-3, 1e-2}
# (benchmarks/cicdor_select.py -> $HP). Each step is its own set of run folders, so a stopped step resumes with
# the same command and the steps that finished stay as they are:
#   1. Music -> Book, degree: LightGCN, CDCOR, CICDOR best and faithful, best w/o dual-level, 5 seeds;
#   2. the three other settings: LightGCN and CICDOR best, 5 seeds;
#   3. Music -> Book, degree: the other ablations of best (w/o specific-level, w/o shared-level), 5 seeds;
#   4. the three other settings: CDCOR and CICDOR faithful, 5 seeds;
#   5. after a change of the best preset: CICDOR best alone on all four settings, 5 seeds, in $BEST (default $OUT/best;
#      give a new folder to keep an earlier best's runs); the other models' runs are reused:
#      `study_per_seed([BEST, OUT, ...])` takes best from the first folder that has it;
#   6. Music -> Book, degree: the ablations of best (w/o dual-level, w/o shared-level, w/o specific-level), 5 seeds, in $BEST.
#   7. all four settings: cicdor_base (best with no graphs and no source loss: LightGCN trained as best is), 5 seeds, in $BEST/base.
#   8. every model tuned over the same training choices (`--tune-space training`: learning rate, L2 form and weight,
#      layers, negatives; $TRIALS trials per model, the same ones for every model, on seed 0's validation set of
#      Music -> Book degree), LightGCN and cicdor_base: the tuning run with its 5 seeds in $TUNED, the chosen options
#      merged into $HPT, then the three other settings with them;
#   9. the same for CICDOR best, in $TUNED/best;
#  10. the same for CDCOR and CICDOR faithful, in $TUNED/others (CDCOR has no layers or negatives to tune: its
#      learning rate and weight decay are searched).
#  11. the paper's epoch budget, every setting choosing its own learning rate: $EPOCHS epochs (default 100; CICDOR
#      60 + 40), patience 10, for $BUDGET_MODELS (default LightGCN, CDCOR, CICDOR best and faithful) on $BUDGET_SETTINGS
#      (default all four). Each model keeps its step 8-10 choices from $HPT except the learning rate, chosen again from
#      {1e-3, 3e-3, 1e-2} on seed 0's validation set of each setting (benchmarks/cicdor_select.py), then 5 seeds; all
#      in $BUDGET_DIR (default $OUT/budget$EPOCHS: select-<setting>.jsonl, hparams-<setting>.json, the run folders).
#      A run folder keeps its models: for another model give it its own BUDGET_DIR (a selection file copied there
#      is reused: its candidates are not trained again).
#  12. after step 11: $CONF_MODELS (default CICDOR best) with a confounder subspace ($CONFOUNDERS, a saved
#      ConfounderSubspace, e.g. from `causalrec confounders` on Douban movie reviews), each setting with step 11's
#      hparams-<setting>.json, 5 seeds, in $BUDGET_DIR/confounders-<file name>[-<models>]; step 11's runs of the same
#      models are the paired arm without confounders.
# usage: OUT=runs/cicdor HP=runs/cicdor/hparams.json [BEST=runs/cicdor/best2] [TUNED=runs/cicdor/tuned]
#        [HPT=benchmarks/cicdor_hparams_tuned.json] [TRIALS=10] [EPOCHS=100] bash benchmarks/cicdor_study_cpu.sh [STEP ...]
set -euo pipefail
OUT=${OUT:-runs/cicdor}; HP=${HP:-$OUT/hparams.json}; BEST=${BEST:-$OUT/best}
TUNED=${TUNED:-$OUT/tuned}; HPT=${HPT:-benchmarks/cicdor_hparams_tuned.json}; TRIALS=${TRIALS:-10}
EPOCHS=${EPOCHS:-100}; BUDGET_MODELS=${BUDGET_MODELS:-lightgcn,cdcor,cicdor,cicdor_faithful}
BUDGET_SETTINGS=${BUDGET_SETTINGS:-music:book:degree,music:book:region,book:music:degree,book:music:region}
BUDGET_DIR=${BUDGET_DIR:-$OUT/budget$EPOCHS}
export CAUSALREC_PROGRESS=0 HF_HUB_OFFLINE=1
test -f "$OUT/user_side.npz" || causalrec cicdor-benchmark prepare --out "$OUT"
common=(--hparams "$HP" --tune-trials 0 --max-epochs 20 --patience 5 --batch-size 1024 --threads 1 --accelerator cpu --seeds 5 --resume)
others=music:book:region,book:music:degree,book:music:region
run() { nice -n "${NICE:-10}" causalrec cicdor-benchmark run "${common[@]}" "$@"; }   # later options win
tuned() {   # tune MODELS on Music -> Book degree (5 seeds with the chosen options), merge the choice into $HPT, run the rest
  local dir=$1 models=$2
  mkdir -p "$dir"; cp -n "$OUT/user_side.npz" "$dir/" 2>/dev/null || true
  run --out "$dir" --settings music:book:degree --models "$models" --ablations "" --tune-trials "$TRIALS" --tune-space training
  python -c 'import json, sys; from pathlib import Path; from causalrec.cicdor.study import tuned_hparams
p = Path(sys.argv[2]); hp = json.loads(p.read_text()) if p.exists() else {}; hp.update(tuned_hparams(sys.argv[1]))
p.write_text(json.dumps(hp, indent=1) + "\n")' "$dir/music-book-degree" "$HPT"
  run --out "$dir" --settings $others --models "$models" --ablations "" --hparams "$HPT"
}
budget() {   # step 11: per setting, the learning rate chosen again at $EPOCHS epochs, then 5 seeds
  local dir=$BUDGET_DIR setting name cands m lr
  mkdir -p "$dir"; cp -n "$OUT/user_side.npz" "$dir/" 2>/dev/null || true
  for setting in ${BUDGET_SETTINGS//,/ }; do
    name=${setting//:/-}; cands=()
    for m in ${BUDGET_MODELS//,/ }; do for lr in 0.001 0.003 0.01; do
      cands+=("$m-lr$lr=$m:$(python -c 'import json, sys; o = json.load(open(sys.argv[1]))[sys.argv[2]]; o["lr"] = float(sys.argv[3])
print(json.dumps({k: v for k, v in o.items() if k != "user_side"}))' "$HPT" "$m" "$lr")")
    done; done
    CICDOR_SETTING=$setting CICDOR_SIDE="$OUT/user_side.npz" CICDOR_PATIENCE=10 nice -n "${NICE:-10}" \
      python benchmarks/cicdor_select.py "$dir/select-$name.jsonl" 0 "$EPOCHS" "${cands[@]}"
    python -c 'import json, sys; from causalrec.cicdor.study import select_hparams
rows = [json.loads(l) for l in open(sys.argv[1])]; hp = json.load(open(sys.argv[2]))
json.dump({m: {**hp[m], **lr} for m, lr in select_hparams(rows, keys=("lr",)).items()}, open(sys.argv[3], "w"), indent=1)' \
      "$dir/select-$name.jsonl" "$HPT" "$dir/hparams-$name.json"
    run --out "$dir" --settings "$setting" --models "$BUDGET_MODELS" --ablations "" --hparams "$dir/hparams-$name.json" \
        --max-epochs "$EPOCHS" --patience 10
  done
}
for step in ${@:-1 2 3 4 5}; do   # steps 6 to 11 only when asked
  case $step in
    1) run --out "$OUT" --settings music:book:degree --models lightgcn,cicdor,cicdor_faithful,cdcor --ablations cicdor_wo_dual ;;
    2) run --out "$OUT" --settings $others --models lightgcn,cicdor ;;
    3) mkdir -p "$OUT/ablations"; cp -n "$OUT/user_side.npz" "$OUT/ablations/" 2>/dev/null || true
       run --out "$OUT/ablations" --settings music:book:degree --models cicdor_wo_specific --ablations cicdor_wo_shared ;;
    4) mkdir -p "$OUT/others"; cp -n "$OUT/user_side.npz" "$OUT/others/" 2>/dev/null || true
       run --out "$OUT/others" --settings $others --models cdcor,cicdor_faithful ;;
    5) mkdir -p "$BEST"; cp -n "$OUT/user_side.npz" "$BEST/" 2>/dev/null || true
       run --out "$BEST" --settings music:book:degree,$others --models cicdor --ablations "" ;;
    6) mkdir -p "$BEST/ablations"; cp -n "$OUT/user_side.npz" "$BEST/ablations/" 2>/dev/null || true
       run --out "$BEST/ablations" --settings music:book:degree --models cicdor_wo_dual,cicdor_wo_shared,cicdor_wo_specific --ablations "" ;;
    7) mkdir -p "$BEST/base"; cp -n "$OUT/user_side.npz" "$BEST/base/" 2>/dev/null || true
       run --out "$BEST/base" --settings music:book:degree,$others --models cicdor_base --ablations "" ;;
    8) tuned "$TUNED" lightgcn,cicdor_base ;;
    9) tuned "$TUNED/best" cicdor ;;
    10) tuned "$TUNED/others" cdcor,cicdor_faithful ;;
    11) budget ;;
    12) test -n "${CONFOUNDERS:-}" || { echo "step 12 needs CONFOUNDERS=<subspace.npz>" >&2; exit 2; }
        models=${CONF_MODELS:-cicdor}; dir=$BUDGET_DIR/confounders-$(basename "$CONFOUNDERS" .npz)
        [[ $models == cicdor ]] || dir=$dir-${models//,/+}
        mkdir -p "$dir"; cp -n "$OUT/user_side.npz" "$dir/" 2>/dev/null || true
        for setting in ${BUDGET_SETTINGS//,/ }; do
          run --out "$dir" --settings "$setting" --models "$models" --ablations "" --hparams "$BUDGET_DIR/hparams-${setting//:/-}.json" \
              --max-epochs "$EPOCHS" --patience 10 --confounders "$CONFOUNDERS"
        done ;;
  esac
done
