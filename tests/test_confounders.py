"""Confounder discovery: the whole loop on planted reviews with a scripted LLM (fast, every run), and its LLM steps
against a real local llama.cpp server (SmolLM2-135M, flagged `llm`) on a handful of real reviews, where every step
must return well-formed results whatever the small model answers, and a run folder must resume. The statistical
steps are tested in nbs/12_causal.discovery.ipynb."""
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from causalrec.causal.discovery import (ConfounderSubspace, Variable, annotate, discover_confounders, extract_confounders,
                                   prepare_reviews, propose_variables, sample_by_rating)
from causalrec.llm.client import LLM, LocalServer, ResponseCache


REVIEWS = pd.DataFrame({
    'rating': [5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 5, 1],
    'review': ['Soft fabric and a perfect fit, I love it.', 'Beautiful colour, true to size, got compliments.',
               'Nice dress but a little long for me.', 'Comfortable and cute, the price was right on sale.',
               'The material is thinner than expected.', 'Runs large, I had to exchange for a smaller size.',
               'Scratchy fabric and the seams came apart.', 'Unflattering cut, looks like a sack on me.',
               'Way too small and the zipper broke on day one.', 'Cheap polyester, returned it immediately.',
               'Flattering shape and it washes well.', 'The colour is nothing like the picture.']})
REVIEWS['user'] = range(len(REVIEWS)); REVIEWS['item'] = 1


def test_planted_factors_are_recovered_by_the_scripted_loop(tmp_path):
    from causalrec.causal.discovery import planted_llm, planted_reviews, score_discovery
    reviews, _ = planted_reviews(400, seed=0)
    # the batched annotator: one scripted request per review, so the 5 % noise is per label (by sentence it adds up)
    run = discover_confounders(reviews, 'running shoes', llm=planted_llm(noise=0.05), out=tmp_path/'run', rounds=1,
                               per_rating=2, k=8, J=3, annotate_sentences=False, tone_demos=False)
    score = score_discovery(run)
    assert score['precision'] == 1.0 and score['recall'] == 1.0 and score['confounders right']
    cfg = json.loads((tmp_path/'run'/'config.json').read_text())
    assert cfg['config']['rounds'] == 1 and cfg['resolved']['propose'] == 'grouped'
    assert (cfg['config']['annotate_sentences'], cfg['config']['tone_demos']) == (False, False)


def test_confounders_options_come_from_the_config():
    import argparse
    from causalrec.causal.discovery import DiscoveryConfig, add_cli
    from causalrec.config import config_from_options
    ap = argparse.ArgumentParser(); add_cli(ap.add_subparsers(dest='command'))
    a = ap.parse_args(['confounders', '--dataset', 'womens_clothing', '--out', 'x', '--annotator', 'qwen2.5-0.5b',
                       '--short-keys', '--alpha', '0.01'])
    c = config_from_options(DiscoveryConfig, a)
    assert (c.annotator, c.short_keys, c.alpha, c.rounds) == ('qwen2.5-0.5b', True, 0.01, 3)


def test_judge_fixture_ships_with_the_package_and_rules_parse():
    from causalrec.causal.discovery import CONFOUNDER_RULES, ROLES, confounder_by_rule, judge_fixture
    fx = judge_fixture()
    assert len(fx) >= 40 and fx.domain.nunique() >= 6 and set(fx.role) == set(ROLES)
    assert fx.confounder.sum() == (fx.role == 'confounder').sum() >= 10
    outside = {'part_of_the_item': False, 'users_own_taste': False, 'acts_before_the_choice': True, 'changes_the_rating': True}
    assert confounder_by_rule(outside, 'checks') and not confounder_by_rule({**outside, 'part_of_the_item': True}, 'checks')
    assert confounder_by_rule({'role': 'confounder'}, 'role') and not confounder_by_rule({'role': 'attribute'}, 'role')
    assert set(CONFOUNDER_RULES) == {'effects', 'effects+category', 'role', 'checks'}


def test_planted_loop_with_the_role_judge(tmp_path):
    from causalrec.causal.discovery import planted_llm, planted_reviews, score_discovery
    reviews, _ = planted_reviews(300, seed=0)
    run = discover_confounders(reviews, 'running shoes', llm=planted_llm(noise=0.05), out=tmp_path/'run', rounds=1,
                               per_rating=2, k=8, J=3, confounder_rule='checks')
    assert score_discovery(run)['confounders right']
    judged = json.loads((tmp_path/'run'/'round_1'/'judgements.json').read_text())
    assert {j['judge'] for j in judged.values()} == {'checks'} and {j['prompting'] for j in judged.values()} == {'worked example'}


@pytest.fixture(scope='module')
def llm(tmp_path_factory):
    with LocalServer('smollm2', n_ctx=4096) as srv:
        yield LLM(server=srv, cache=ResponseCache(tmp_path_factory.mktemp('responses')))


@pytest.fixture(scope='module')
def reviews():
    return prepare_reviews(REVIEWS, title=None)


VARS = [Variable('fit', 'the item fits well', 'the item is too small or too large'),
        Variable('fabric quality', 'the fabric is praised', 'the fabric is thin, cheap or scratchy')]


@pytest.mark.llm
def test_annotate_batched_and_single(llm, reviews):
    sub = reviews.head(4)
    b = annotate(sub, VARS, llm, "women's clothing", mode='batched')
    s = annotate(sub, VARS, llm, "women's clothing", mode='single')
    assert (b.calls, s.calls) == (4, 8)                       # one request per review vs per (review, variable)
    for a in (b, s):
        assert list(a.values.columns) == ['fit', 'fabric_quality'] and len(a.values) == 4
        assert set(np.unique(a.values.to_numpy())) <= {-1, 0, 1}


@pytest.mark.llm
def test_propose_per_review(llm, reviews):
    new, rec = propose_variables(sample_by_rating(reviews, 2), "women's clothing", llm, known=VARS, mode='per_review')
    assert rec['aspects'] and all(isinstance(v, Variable) for v in new)
    assert not {v.key for v in new} & {'fit', 'fabric_quality'}   # known variables are not proposed again


@pytest.mark.llm
def test_extract_judges_each_variable_once(llm):
    judged = {}
    found = extract_confounders(VARS, judged, llm, "women's clothing")
    assert set(judged) == {'fit', 'fabric_quality'}
    for c in found: assert {'name', 'description', 'reasoning'} <= set(c)
    assert extract_confounders(VARS, judged, llm, "women's clothing") == []   # nothing judged twice


@pytest.mark.llm
def test_role_and_checks_judges_give_records(llm):
    from causalrec.causal.discovery import ROLES
    for rule in ('role', 'checks'):
        judged = {}
        extract_confounders(VARS, judged, llm, "women's clothing", rule=rule)
        assert set(judged) == {'fit', 'fabric_quality'}
        for j in judged.values():
            assert j['rule'] == rule and isinstance(j['is_confounder'], bool)
            if rule == 'role' and 'error' not in j: assert j['role'] in ROLES


@pytest.mark.llm
def test_discovery_saves_rounds_and_resumes(llm, reviews, tmp_path):
    out = tmp_path/'run'
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        sub = discover_confounders(reviews, domain="women's clothing", llm=llm, rounds=1, k=4, J=3, out=out, per_rating=1)
        assert isinstance(sub, ConfounderSubspace) and sub.centroids.shape[1] == 4 and 1 <= sub.J <= 3
        done = {p.name for p in (out/'round_1').iterdir()}
        assert {'variables.json', 'annotations.csv', 'graph.json', 'refine.json', 'confounders.json', 'complete.json'} <= done
        calls = llm.stats.calls
        again = discover_confounders(reviews, domain="women's clothing", llm=llm, rounds=1, k=4, J=3, out=out, per_rating=1)
    assert llm.stats.calls == calls                             # round 1 is read back, not asked again
    assert np.allclose(again.centroids, sub.centroids)
    assert ConfounderSubspace.load(out/'subspace.npz').k == 4
    assert json.loads((out/'round_1'/'complete.json').read_text()) == {'round': 1}


def test_planted_loop_annotating_by_sentence(tmp_path):
    from causalrec.causal.discovery import planted_llm, planted_reviews, score_discovery, split_sentences
    reviews, _ = planted_reviews(200, seed=0)   # noise is drawn per request: a review's six sentences get about six times the chances
    run = discover_confounders(reviews, 'running shoes', llm=planted_llm(noise=0.01), out=tmp_path/'run', rounds=1,
                               per_rating=2, k=8, J=3, annotate_sentences=True)
    score = score_discovery(run)
    assert score['precision'] == 1.0 and score['recall'] == 1.0 and score['confounders right']
    refined = json.loads((tmp_path/'run'/'round_1'/'refine.json').read_text())
    used = pd.read_csv(tmp_path/'run'/'reviews.csv')   # the reviews the run sampled
    assert refined['annotation_calls'] == sum(len(split_sentences(t)) for t in used.text)   # one request per sentence
