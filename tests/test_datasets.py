"""Dataset loaders: downloads through a loopback mirror, checksum and network failures, and real counts."""
import hashlib
import zipfile
from pathlib import Path

import pytest

from causalrec.core import ConfigError, DataError, find_data_dir
from causalrec.data.core import DOMAIN, ITEM, USER
from causalrec.data.datasets import DATASETS, _SHA256, _serve, data_file, fetch, load_dataset, make_mirror

DATA = find_data_dir()
needs_data = pytest.mark.skipif(DATA is None or not (DATA/'douban_gadtcdr_ratings').is_dir(),
                                reason='the shared data directory is not available')
DOUBAN = ['douban_gadtcdr_ratings/douban_book/ratings.dat', 'douban_gadtcdr_ratings/douban_music/ratings.dat',
          'douban_gadtcdr_ratings/users_cleaned.txt']
ML100K_RAW = ['ml100k_raw/u.data', 'ml100k_raw/u.user', 'ml100k_raw/u.item']


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    "An empty data directory and a fresh cache, so every file must come from a download."
    monkeypatch.setenv('CAUSALREC_CACHE', str(tmp_path/'cache'))
    monkeypatch.setenv('CAUSALREC_PROGRESS', '0')
    monkeypatch.delenv('CAUSALREC_MIRROR', raising=False)
    monkeypatch.delenv('CAUSALREC_DATA', raising=False)
    (tmp_path/'empty').mkdir()
    return tmp_path


@pytest.fixture
def serve():
    "Start web servers on loopback (a free port each); they are shut down after the test."
    servers = []
    def start(folder):
        srv, url = _serve(folder)
        servers.append(srv)
        return url
    yield start
    for srv in servers: srv.shutdown(); srv.server_close()


def closed_port_url():
    srv, url = _serve('.')
    srv.shutdown(); srv.server_close()
    return url


@needs_data
def test_download_through_mirror_then_cached(sandbox, serve):
    url = serve(make_mirror(DOUBAN, sandbox/'mirror', DATA))
    d = load_dataset('douban', data_dir=sandbox/'empty', mirror=url)
    assert d.summary()['interactions'].to_dict() == {'book': 96_041, 'music': 69_709}
    for rel in DOUBAN: assert (sandbox/'cache'/'datasets'/rel).is_file()
    # later loads read the cache: no server needed
    d2 = load_dataset('douban', data_dir=sandbox/'empty', mirror=closed_port_url())
    assert len(d2) == len(d)


@needs_data
def test_mirror_from_environment(sandbox, serve, monkeypatch):
    files = [r for r in _SHA256 if r.startswith('lastfm_hetrec2011_2k/')]
    monkeypatch.setenv('CAUSALREC_MIRROR', serve(make_mirror(files, sandbox/'mirror', DATA)))
    fm = load_dataset('lastfm', data_dir=sandbox/'empty')
    assert (len(fm), len(fm.items), len(fm.extra['friends'])) == (92_834, 17_632, 25_434)


@needs_data
def test_grouplens_archive_members_verified(sandbox, serve):
    url = serve(make_mirror(ML100K_RAW, sandbox/'mirror', DATA))
    ml = load_dataset('ml100k', data_dir=sandbox/'empty', mirror=url)
    assert (len(ml), len(ml.users), len(ml.items)) == (100_000, 943, 1_682)
    assert (sandbox/'cache'/'datasets'/'_archives'/'ml-100k.zip').is_file()


@needs_data
def test_checksum_mismatch_is_refused(sandbox, serve):
    rel = DOUBAN[0]
    url = data_file(rel).url.split('://', 1)[1]
    bad = sandbox/'mirror'/url.replace('%20', ' ')
    bad.parent.mkdir(parents=True)
    bad.write_bytes((DATA/rel).read_bytes().replace(b'\t5\n', b'\t1\n', 1))
    with pytest.raises(DataError, match='checksum mismatch for ratings.dat'):
        fetch(rel, sandbox/'empty', mirror=serve(sandbox/'mirror'))
    assert not list((sandbox/'cache'/'datasets').rglob('ratings.dat*'))
    assert not list((sandbox/'cache'/'datasets').rglob('.*.part'))


@needs_data
def test_checksum_mismatch_inside_archive(sandbox, serve):
    archive = sandbox/'mirror'/'files.grouplens.org'/'datasets'/'movielens'/'ml-100k.zip'
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, 'w') as z:
        z.writestr('ml-100k/u.data', (DATA/'ml100k_raw'/'u.data').read_bytes()[:-2] + b'\n')
    with pytest.raises(DataError, match=r'checksum mismatch for u.data .*member ml-100k/u.data'):
        fetch('ml100k_raw/u.data', sandbox/'empty', mirror=serve(sandbox/'mirror'))


def test_network_failure_is_a_data_error(sandbox):
    with pytest.raises(DataError, match='could not download http://127.0.0.1'):
        fetch(DOUBAN[2], sandbox/'empty', mirror=closed_port_url())


def test_missing_file_names_file_directory_and_source(sandbox):
    with pytest.raises(DataError) as e:
        load_dataset('douban', data_dir=sandbox/'empty', download=False)
    msg = str(e.value)
    assert 'douban_gadtcdr_ratings/douban_book/ratings.dat' in msg and str(sandbox/'empty') in msg
    assert 'https://github.com/fengzhu1/GA-DTCDR at commit 11a1dc6fda5148c8b1ce412ed4e2f0c4f124e2d0' in msg


@needs_data
def test_local_files_win_over_downloads(sandbox):
    # a dead mirror is never contacted when the data directory has the files
    assert len(load_dataset('douban', data_dir=DATA, mirror=closed_port_url())) == 165_750
    assert not (sandbox/'cache'/'datasets'/'douban_gadtcdr_ratings').exists()


def test_unknown_dataset_and_option():
    with pytest.raises(ConfigError, match="closest is 'lastfm'"): load_dataset('last.fm2')
    with pytest.raises(ConfigError, match='takes no option'): load_dataset('ml100k', sources='raw')


@needs_data
def test_pins_match_the_shared_copies():
    for rel, sha in _SHA256.items():
        assert hashlib.sha256((DATA/rel).read_bytes()).hexdigest() == sha, rel


# Real counts (INVENTORY.md) of the loaders other stages depend on.

@needs_data
def test_douban_counts():
    d = load_dataset('douban')
    by = d.inter.groupby(DOMAIN)[USER].unique()
    assert len(set(by['book']) & set(by['music'])) == 1_566
    region = d.users.set_index(USER)['region']
    assert (region == '北京').sum() == 576 and region.isna().sum() == 155
    assert d.users[USER].is_unique and d.inter[USER].isin(d.users[USER]).all()


@needs_data
def test_text_datasets_have_reviews():
    wc, am = load_dataset('womens_clothing'), load_dataset('amazon_digital_music')
    assert (len(wc), wc.inter[ITEM].nunique(), wc.inter[USER].is_unique) == (23_486, 1_206, True)
    assert (len(am), am.inter[USER].nunique(), am.inter[ITEM].nunique()) == (6_908, 2_490, 382)
    for d in (wc, am): assert {'review', 'review_title'} <= set(d.inter.columns)


@needs_data
@pytest.mark.parametrize('name, n', [('ml1m', None), ('amazon2023_reviews', 3_455), ('tmall', 1_177_059),
                                     ('beibei', 947_198), ('taobao', 453_518), ('cor_meituan', 18_344),
                                     ('cor_yelp', 404_653), ('cdr_amazon', 1_284_655), ('cdr_yelp', 487_000),
                                     ('douban_book_hin', 119_690), ('douban_dmr', 1_583), ('tallrec', 6_854)])
def test_other_datasets_load_with_their_counts(name, n):
    if name == 'ml1m':
        with pytest.raises(DataError, match='ml-1m.zip'): load_dataset('ml1m')
        side = load_dataset('ml1m', side_only=True)
        assert (len(side.users), len(side.items)) == (6_040, 3_883)
    else:
        assert len(load_dataset(name)) == n


@needs_data
def test_published_splits():
    cor = load_dataset('cor_meituan').extra['splits']
    assert set(cor) == {'iid', 'ood'} and all(set(p) == {'train', 'valid', 'test'} for p in cor.values())
    assert len(cor['ood']['train']) == 3_680 and list(cor['ood']['train'].columns) == [USER, ITEM]
    cdr = load_dataset('cdr_amazon').extra['splits']
    assert {k: len(v['test']) for k, v in cdr.items()} == {'book': 103_772, 'electronics': 13_216}


@needs_data
@pytest.mark.slow
def test_every_downloadable_dataset_from_a_mirror(sandbox, serve):
    "Every dataset whose files all have public copies loads from a mirror alone, identical to the local copy."
    import pandas as pd
    url = serve(make_mirror(list(_SHA256), sandbox/'mirror', DATA))
    for name in DATASETS:
        if name in ('womens_clothing', 'amazon_digital_music'): continue     # no pinned public copy
        for kwargs in ({'side_only': True} if name == 'ml1m' else {},) + (({'source': 'recbole'},) if name == 'ml100k' else ()):
            remote = load_dataset(name, data_dir=sandbox/'empty', mirror=url, **kwargs)
            local = load_dataset(name, data_dir=DATA, **kwargs)
            if isinstance(local, pd.DataFrame): pd.testing.assert_frame_equal(remote, local)
            elif name == 'ml1m': pd.testing.assert_frame_equal(remote.users, local.users)
            else: pd.testing.assert_frame_equal(remote.inter, local.inter, obj=name)
    for rel in _SHA256: assert (sandbox/'cache'/'datasets'/rel).is_file(), rel
