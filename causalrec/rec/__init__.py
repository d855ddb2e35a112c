"The collaborative-filtering engine: Lightning training stack, model registry, baselines and the benchmark."
