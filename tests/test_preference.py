"DPO-family primitives against TRL's DPOTrainer and their invariants; prompt-once scoring on the real backbones."
import copy, math

import pytest
import torch

from causalrec.lm.losses import (completion_logps, prompt_completion_logps, concat_prompt_completion, preference_loss,
                                  preference_metrics, trl_reference_loss)
from causalrec.lm.backbone import load_backbone

EXAMPLES = [dict(prompt='A user has watched these movies, most recent last: Toy Story (1995); Heat (1995).\nCandidates: Fargo (1996); Babe (1995).\nAnswer:',
                 chosen=' Fargo (1996)', rejected=' Babe (1995)'),
            dict(prompt='A user has watched: Alien (1979). Answer:', chosen=' Aliens (1986)', rejected=' Casper (1995)'),
            dict(prompt='Pick one: Blade Runner (1982); Clerks (1994). Answer:', chosen=' Clerks (1994)', rejected=' Blade Runner (1982)')]


@pytest.fixture(scope='module')
def pair():
    pol, tok = load_backbone('tiny-smollm2', seed=0)
    ref = copy.deepcopy(pol)
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for p in ref.parameters(): p.add_(0.05 * torch.randn(p.shape, generator=g))
    return pol, ref, tok


@pytest.mark.parametrize('beta,loss_type,eps', [(0.1, 'sigmoid', 0.), (1.0, 'sigmoid', 0.), (0.5, 'robust', 0.1)])
def test_agrees_with_trl(pair, beta, loss_type, eps):
    pol, ref, tok = pair
    trl_loss, trl_m, b = trl_reference_loss(pol, ref, tok, EXAMPLES, beta=beta, loss_type=loss_type, label_smoothing=eps)
    with torch.no_grad():
        pc, pr = completion_logps(pol, b['input_ids'], b['attention_mask'], b['completion_mask']).logps.chunk(2)
        rc, rr = completion_logps(ref, b['input_ids'], b['attention_mask'], b['completion_mask']).logps.chunk(2)
    ours = preference_metrics(preference_loss(pc, pr, rc, rr, beta=beta, loss_type=loss_type, label_smoothing=eps), pc, pr)
    assert ours['loss'] == pytest.approx(trl_loss, abs=1e-6)
    for k in ('rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies', 'logps/chosen', 'logps/rejected'):
        assert ours[k] == pytest.approx(trl_m[k], abs=1e-5, rel=1e-6), k


def test_prompt_once_matches_trl_layout(pair):
    "Scoring with the prompt encoded once gives the log-probs of TRL's concatenated layout."
    pol, _, tok = pair
    _, _, b = trl_reference_loss(pol, copy.deepcopy(pol), tok, EXAMPLES)
    with torch.no_grad():
        full = completion_logps(pol, b['input_ids'], b['attention_mask'], b['completion_mask']).logps
    tok.padding_side = 'left'
    p = tok([e['prompt'] for e in EXAMPLES], return_tensors='pt', padding=True)
    tok.padding_side = 'right'
    comps = [c for e in EXAMPLES for c in (e['chosen'], e['rejected'])]
    ids = [tok(c, add_special_tokens=False)['input_ids'] + [tok.eos_token_id] for c in comps]
    L = max(map(len, ids))
    cid = torch.tensor([i + [tok.pad_token_id] * (L - len(i)) for i in ids]); cm = torch.tensor([[1] * len(i) + [0] * (L - len(i)) for i in ids])
    with torch.no_grad(): once = prompt_completion_logps(pol, p['input_ids'], p['attention_mask'], cid, cm).logps.view(3, 2)
    torch.testing.assert_close(once[:, 0], full[:3], atol=1e-4, rtol=1e-5)
    torch.testing.assert_close(once[:, 1], full[3:], atol=1e-4, rtol=1e-5)


def test_invariants():
    g = torch.Generator().manual_seed(0)
    pc, pr, rc, rr = (torch.randn(16, generator=g) - 5 for _ in range(4))
    assert preference_loss(pc, pr, pc, pr).loss.item() == pytest.approx(math.log(2), abs=1e-7)
    torch.testing.assert_close(preference_loss(pc, pr, rc, rr, kind='sdpo', beta=0.7).losses,
                               preference_loss(pc, pr, rc, rr, beta=0.7).losses)


@pytest.mark.slow
@pytest.mark.parametrize('name', ['smollm2', 'gemma3-270m'])
def test_prompt_once_real_backbones(name):
    "On the real pretrained backbones, prompt-once scoring equals the concatenated forward."
    model, tok = load_backbone(name)
    model.eval()
    p = tok(['History: Heat (1995); Fargo (1996). Answer:', 'History: Alien (1979); Casper (1995); Babe (1995). Answer:'],
            return_tensors='pt', padding=True, padding_side='left')
    comps = [' Babe (1995)', ' Clerks (1994)', ' Aliens (1986)', ' Heat (1995)']
    ids = [tok(c, add_special_tokens=False)['input_ids'] + [tok.eos_token_id] for c in comps]
    L = max(map(len, ids))
    cid = torch.tensor([i + [tok.pad_token_id] * (L - len(i)) for i in ids]); cm = torch.tensor([[1] * len(i) + [0] * (L - len(i)) for i in ids])
    with torch.no_grad():
        once = prompt_completion_logps(model, p['input_ids'], p['attention_mask'], cid, cm).logps
        full = completion_logps(model, *concat_prompt_completion(p['input_ids'], p['attention_mask'], cid, cm, tok.pad_token_id)).logps
    torch.testing.assert_close(once, full, atol=2e-3, rtol=1e-4)
