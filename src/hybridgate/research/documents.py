"""Documents to research over: read from a folder (Markdown, text, HTML, PDF) and cut into
overlapping chunks whose ids (`path#n`) are what answers cite."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

#: What `load_folder` reads; everything else in the folder is skipped.
SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".rst", ".html", ".htm", ".pdf"})
#: Chunk size and overlap in characters (MiniLM reads 256 tokens, ~1,000 characters).
CHUNK_CHARS = 800
OVERLAP_CHARS = 160


@dataclass(frozen=True)
class Document:
    #: Path relative to the folder, with forward slashes: the name citations use.
    name: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


@dataclass(frozen=True)
class Chunk:
    #: `<document name>#<n>`, n counting from 1.
    id: str
    document: str
    start: int
    end: int
    text: str


class _TextOfHtml(HTMLParser):
    _SKIP = frozenset({"script", "style", "head", "noscript"})
    _BREAKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return _tidy("".join(parser.parts))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader  # imported when a PDF is read, not before

    reader = PdfReader(path)
    return _tidy("\n\n".join(page.extract_text() or "" for page in reader.pages))


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", text).strip()


def read_document(path: Path, name: str) -> Document:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = pdf_text(path)
    else:
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = html_text(raw) if suffix in (".html", ".htm") else raw.strip()
    return Document(name=name, text=text)


def load_folder(folder: Path) -> list[Document]:
    """Every readable document under `folder` (recursively, hidden entries skipped), by name."""
    if not folder.is_dir():
        raise FileNotFoundError(f"--docs: {folder} is not a folder")
    documents = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            document = read_document(path, relative.as_posix())
            if document.text:
                documents.append(document)
    return documents


def chunk_document(
    document: Document, size: int = CHUNK_CHARS, overlap: int = OVERLAP_CHARS
) -> list[Chunk]:
    """Windows of about `size` characters, each starting `overlap` characters before the
    previous one ended; cuts fall on whitespace (a sentence end when one is near)."""
    text = document.text
    chunks: list[Chunk] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            end = _cut(text, start, end)
        piece = text[start:end].strip()
        if piece:
            chunks.append(
                Chunk(f"{document.name}#{len(chunks) + 1}", document.name, start, end, piece)
            )
        if end >= len(text):
            break
        following = max(end - overlap, start + 1)
        space = text.find(" ", following, end)
        start = space + 1 if space != -1 else following
    return chunks


def _cut(text: str, start: int, end: int) -> int:
    """The best place to end a chunk at or before `end`: a sentence end in its last third,
    else the last whitespace, else `end` itself."""
    floor = start + (end - start) * 2 // 3
    sentence = max(text.rfind(". ", floor, end), text.rfind("\n", floor, end))
    if sentence != -1:
        return sentence + 1
    space = text.rfind(" ", floor, end)
    return space if space != -1 else end
