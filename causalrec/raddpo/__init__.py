"RAD-DPO: Semantic-ID generative retrieval aligned with denoised, multi-label DPO (TLGD, RDRW, MLGC + SFT)."
