"Evaluation: rank metrics under the sampled and full-sort protocols; mean ± std tables and paired-seed comparisons."
