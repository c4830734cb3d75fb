"""`hybridgate export finetune`: judged conversations as fine-tuning data.

A judged sample holds the caller's conversation, the cheaper deployment's answer and the
baseline's (the frontier model's) answer to it, with the verdict. The export writes the
*baseline's* answer as the assistant turn — the frontier answer the cheaper model is meant to
learn — where the judge found it at least as good as the cheaper one: `--min-verdict tie`
(the default) keeps the frontier answers that won or tied, `win` only those that beat the
cheaper model (the rows it has most to learn from). Only privacy-clean conversations are ever
kept (`quality.keep_conversations`), so only those can be exported.

Files: `openai.jsonl` (OpenAI's chat fine-tuning format: `{"messages": [...]}` a line, which
TRL and Axolotl also read as-is), `sharegpt.jsonl` (`{"conversations": [{"from", "value"}]}`,
for trainers that take ShareGPT) and `manifest.json` (counts, date range, filters, sha256 of
each file and a licence note).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, select

from ..accounting.report_queries import utc
from .records import judgments_table

MinVerdict = Literal["win", "tie"]
#: The baseline's verdict is the cheaper answer's, turned round.
_BASELINE_VERDICTS: dict[MinVerdict, tuple[str, ...]] = {"win": ("loss",), "tie": ("loss", "tie")}
_SHAREGPT_ROLES = {"system": "system", "user": "human", "assistant": "gpt"}
LICENCE_NOTE = (
    "The assistant turns are outputs of the baseline deployment's model ({models}). Check "
    "that provider's terms before training on them: some restrict using outputs to develop "
    "competing models. The user turns are your callers' requests (privacy-clean by the "
    "gateway's scan, which is not a guarantee): check your own data policy too."
)


@dataclass(frozen=True)
class ExportResult:
    rows: int
    folder: Path
    manifest: dict[str, Any]


def export_finetune(
    engine: Engine,
    folder: Path,
    *,
    tier: str,
    since: datetime | None = None,
    min_verdict: MinVerdict = "tie",
    baseline_models: dict[str, str] | None = None,
) -> ExportResult:
    j = judgments_table
    query = (
        select(j.c.ts, j.c.baseline, j.c.verdict, j.c.conversation, j.c.baseline_answer)
        .where(
            j.c.tier == tier,
            j.c.privacy_clean.is_(True),
            j.c.conversation.is_not(None),
            j.c.baseline_answer.is_not(None),
            j.c.verdict.in_(_BASELINE_VERDICTS[min_verdict]),
        )
        .order_by(j.c.ts, j.c.id)
    )
    if since is not None:
        query = query.where(j.c.ts >= utc(since))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    folder.mkdir(parents=True, exist_ok=True)
    openai_lines, sharegpt_lines, baselines, stamps = [], [], set(), []
    for row in rows:
        messages = [
            *json.loads(row.conversation),
            {"role": "assistant", "content": row.baseline_answer},
        ]
        openai_lines.append(json.dumps({"messages": messages}, ensure_ascii=False))
        sharegpt_lines.append(
            json.dumps(
                {
                    "conversations": [
                        {"from": _SHAREGPT_ROLES[m["role"]], "value": m["content"]}
                        for m in messages
                    ]
                },
                ensure_ascii=False,
            )
        )
        baselines.add(row.baseline)
        stamps.append(utc(row.ts))
    files = {"openai.jsonl": openai_lines, "sharegpt.jsonl": sharegpt_lines}
    digests = {}
    for name, lines in files.items():
        body = "".join(line + "\n" for line in lines).encode()
        (folder / name).write_bytes(body)
        digests[name] = hashlib.sha256(body).hexdigest()
    models = sorted((baseline_models or {}).get(b, b) for b in baselines)
    manifest = {
        "created_at": datetime.now(UTC).isoformat(),
        "rows": len(rows),
        "tier": tier,
        "filters": {
            "since": None if since is None else utc(since).isoformat(),
            "min_verdict": min_verdict,
            "privacy_clean": True,
            "assistant_turn": "the baseline's answer, judged at least as good as the "
            + (
                "cheaper one's (win or tie)" if min_verdict == "tie" else "cheaper one's and better"
            ),
        },
        "date_range": (None if not stamps else [min(stamps).isoformat(), max(stamps).isoformat()]),
        "baselines": sorted(baselines),
        "files": {
            name: {"sha256": digest, "format": _FORMATS[name]} for name, digest in digests.items()
        },
        "licence_note": LICENCE_NOTE.format(models=", ".join(models) or "none"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return ExportResult(rows=len(rows), folder=folder, manifest=manifest)


_FORMATS = {
    "openai.jsonl": "OpenAI chat fine-tuning (messages); also read by TRL / Axolotl",
    "sharegpt.jsonl": "ShareGPT (conversations: from/value)",
}
