"""The documentation site built from this repository's notebooks: it builds quickly, every formula typesets, each
module has its API page, no page shows raw TeX or links to a page or heading that is not there, and where Chromium
is installed the same holds in a real browser (the whole site is checked in a browser by tools/check_site.sh)."""
import ast, json, re, time
from pathlib import Path

import pytest

from causalrec.core import CausalrecError
from causalrec.dev.docs import render_site, check_site, find_chromium, notebook_module

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [p for p in (ROOT/'nbs').rglob('*.ipynb') if not any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts)]


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('site')
    t = time.time()
    pages = render_site(ROOT/'nbs', out)
    return out, pages, time.time() - t


def _modules():
    return {p: notebook_module(json.loads(p.read_text(encoding='utf-8'))) for p in NOTEBOOKS}


def test_every_notebook_and_module_gets_a_page_quickly(site):
    out, pages, took = site
    mods = [m for m in _modules().values() if m]
    assert len(pages) == len(NOTEBOOKS) + len(mods)
    assert all((out/f'api.{m}.html').exists() for m in mods)
    assert took < 30, f'the site took {took:.1f}s to build'


@pytest.mark.parametrize('page, least', [('24_cicdor.model.html', 20), ('40_causaldpo.model.html', 20), ('04_eval.metrics.html', 1)])
def test_chapters_typeset_their_equations(site, page, least):
    html = (site[0]/page).read_text(encoding='utf-8')
    assert html.count('<math') >= least and 'tex-error' not in html
    assert '\\mathcal' not in re.sub(r'<pre>.*?</pre>', '', html, flags=re.S)


def test_no_raw_tex_and_no_broken_internal_link(site):
    assert check_site(site[0], browser=False) == []


def test_api_pages_list_every_exported_name(site):
    for nb, mod in _modules().items():
        if not mod: continue
        tree = ast.parse((ROOT/'causalrec'/(mod.replace('.', '/') + '.py')).read_text(encoding='utf-8'))
        names = next((ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                      and any(getattr(t, 'id', '') == '__all__' for t in n.targets)), [])
        page = (site[0]/f'api.{mod}.html').read_text(encoding='utf-8')
        missing = [n for n in names if f"id='{n}'>" not in page]
        assert not missing, f'{mod}: no API entry for {missing}'


def _broken_repo(tmp_path):
    (tmp_path/'nbs').mkdir()
    cells = [{'cell_type': 'markdown', 'source': ['# Fine\n', '$$\\mathcal{L} = \\sum_u \\lVert \\mathbf{e}_u \\rVert^2$$']},
             {'cell_type': 'markdown', 'source': ['Broken: $\\mathbf{E}_{sha}^s + \\frac{1}{$']}]
    (tmp_path/'nbs'/'index.ipynb').write_text(json.dumps({'cells': cells}))
    return tmp_path/'nbs'


def test_a_formula_that_does_not_typeset_stops_the_build(tmp_path):
    with pytest.raises(CausalrecError, match=r'nbs/index\.ipynb cell 1: .*\\frac\{1\}\{'):
        render_site(_broken_repo(tmp_path), tmp_path/'site')


@pytest.mark.skipif(find_chromium() is None, reason='needs Chromium (apt-get install -y chromium)')
def test_in_chromium_a_formula_left_as_tex_is_reported(tmp_path, capsys):
    render_site(_broken_repo(tmp_path), tmp_path/'site', strict=False)
    problems = check_site(tmp_path/'site', shots=tmp_path/'shots')
    assert problems == ['index.html: 1 formula(s) not typeset', 'index.html: TeX shown as text: \\mathbf \\frac']
    assert (tmp_path/'shots'/'index.png').stat().st_size > 1000


@pytest.mark.skipif(find_chromium() is None, reason='needs Chromium (apt-get install -y chromium)')
def test_search_box_finds_a_heading_in_chromium(site):
    from causalrec.dev.docs import headless_chromium
    dom = headless_chromium(find_chromium(), (site[0]/'00_core.html').as_uri() + '?q=ranks+ties', ['--dump-dom'])
    hits = re.search(r'<ul id="hits">(.*?)</ul>', dom, re.S).group(1)
    assert '<a href="04_eval.metrics.html#ranks-with-ties">Ranks with ties</a>' in hits


def test_links_between_notebooks_become_page_links_and_are_checked(tmp_path):
    nbs = tmp_path/'nbs'; (nbs/'studies').mkdir(parents=True)
    md = lambda *s: json.dumps({'cells': [{'cell_type': 'markdown', 'source': [x]} for x in s]})
    (nbs/'index.ipynb').write_text(md('# Home\n\n[the study](studies/s.ipynb#what-we-found), [nowhere](studies/s.ipynb#nothing-here)'))
    (nbs/'studies'/'s.ipynb').write_text(md('# A study\n\n## What we found\n\nBack [home](../index.ipynb).'))
    render_site(nbs, tmp_path/'site')
    page = (tmp_path/'site'/'index.html').read_text()
    assert '<a href="studies.s.html#what-we-found">the study</a>' in page
    assert check_site(tmp_path/'site', browser=False) == ['index.html: broken link studies.s.html#nothing-here (no such anchor)']
