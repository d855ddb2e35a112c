"""A reduced pilot of the CICDOR Douban study: a few models on one split, one seed per call, one JSON line per model.

Music -> Book, degree shift, the given seed (it seeds the split and the model); k = 32, batch 1024, at most
`epochs` epochs with early stopping after 5 validation checks; CICDOR's phases split the budget 12 + 8 (of 20).
No tuning: learning rate 1e-2 for LightGCN and the dot-head CICDOR variants, 1e-3 for the faithful (MLP head)
one. The full study with the same search for every model is `causalrec cicdor-benchmark`; this is the pilot
that sizes it.

usage: python benchmarks/cicdor_pilot.py RUNS THREADS EPOCHS SEED   (RUNS: comma-separated names below)
       with $CICDOR_SIDE pointing at a `prepare_user_side` file (default runs/cicdor/user_side.npz)
"""
import sys, time, json, dataclasses, os, torch
from causalrec.data.datasets import load_dataset
from causalrec.data.shifts import cross_domain_split
from causalrec.rec.training import InteractionDataModule, fit, evaluate, get_model_spec
from causalrec.rec.benchmark import available_models

SIDE = os.environ.get('CICDOR_SIDE', 'runs/cicdor/user_side.npz')
RUNS = {
    'lightgcn': ('lightgcn', dict(k=32, lr=1e-2)),
    'cicdor': ('cicdor', dict(k=32, lr=1e-2, phase1_epochs=12, phase2_epochs=8, user_side=SIDE)),
    'best_full': ('cicdor', dict(k=32, lr=1e-2, phase1_epochs=12, phase2_epochs=8, phase2='full', user_side=SIDE)),
    'wo_dual': ('cicdor_wo_dual', dict(k=32, lr=1e-2, phase1_epochs=0, phase2_epochs=20, user_side=SIDE)),
    'wo_dual_unshared': ('cicdor_wo_dual', dict(k=32, lr=1e-2, phase1_epochs=0, phase2_epochs=20, shared_attributes=False, user_side=SIDE)),
    'faithful': ('cicdor_faithful', dict(k=32, lr=1e-3, phase1_epochs=12, phase2_epochs=8, user_side=SIDE)),
}

if __name__ == '__main__':
    names, threads, epochs, seed = sys.argv[1].split(','), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    available_models()
    split = cross_domain_split(load_dataset('douban'), 'music', 'book', 'degree', seed=seed)
    for name in names:
        model, hp = RUNS[name]
        spec = get_model_spec(model)
        dm = InteractionDataModule(split if spec.cross_domain else dataclasses.replace(split, source_train=None), n_neg=spec.n_neg, batch_size=1024)
        t = time.time()
        m = fit(spec.build(dm, **{**spec.defaults, **hp}), dm, max_epochs=epochs, patience=5, accelerator='cpu', progress=False, seed=seed)
        r = evaluate(m, dm, 'test')
        print(json.dumps({'run': name, 'seed': seed, 'test_ndcg@10': round(r['ndcg@10'], 4), 'test_hr@10': round(r['hr@10'], 4),
                          **m.fit_info, 'sec': round(time.time() - t)}), flush=True)
