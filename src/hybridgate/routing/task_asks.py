"""Explicit asks: how people ask for a summary, an extraction or a classification, by language.

Each rule is an imperative verb or a question form in English, German, French, Spanish,
Italian, Portuguese, Dutch, Polish, Swedish, Turkish, Russian, Japanese, Chinese, Korean,
Vietnamese, Arabic and Hindi, matched on the *ask* of a prompt (`task_reader.find_instruction`),
never on a pasted document. The words are general ("summarize", "extract", "classify"), not
any dataset's template wording. `ASKS` is in priority order: the first rule that matches
decides. `precision` is the share of training prompts the rule fires on that carry its tier
(measured by bench/task_ood_eval.py --calibrate on task_tier_train.parquet, rounded): the
decision's confidence when the rule decides.

Each pattern names the substrings one of which any match contains (`anchors`): the regex runs
only when one is present, which keeps a miss at a few microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AskRule:
    name: str
    task: str
    pattern: re.Pattern[str]
    anchors: tuple[str, ...] = ()
    precision: float = 0.8
    #: Also matched case-sensitively on the original text (code identifiers, LaTeX).
    raw: bool = field(default=False)
    #: Fires only when the prompt carries a document (a quoted or pasted text) to judge.
    needs_document: bool = field(default=False)

    def matches(self, text: str, lowered: str) -> bool:
        haystack = text if self.raw else lowered
        if self.anchors and not any(anchor in haystack for anchor in self.anchors):
            return False
        return self.pattern.search(haystack) is not None


def _rule(
    name: str, task: str, pattern: str, anchors: tuple[str, ...], precision: float
) -> AskRule:
    return AskRule(name, task, re.compile(pattern), anchors, precision)


SUMMARY = _rule(
    "for a summary",
    "summarization",
    r"summar|\btl;?\s?dr|\bgist\b|\brecap\b|\bboil (?:this|it) down|\bmain points\b"
    r"|\bkey (?:points|takeaways|findings|facts)\b|\boverview of\b|\bsum (?:it |this )?up\b"
    r"|\bshort version\b|\bin (?:a )?(?:few|brief) words\b|要点|\bin (?:one|a single|two|three) sentences?\b|\bcondense\b"
    r"|zusammenfass|fasse?\b.{0,40}zusammen|\brésum|\bresum|\briassum|\bsintetizz|\bsamenvat"
    r"|\bvat\b.{0,30}samen|\bpodsumuj|\bstreść|\bsammanfatta|\bözetle|\bözet\b"
    r"|перескаж|резюмир|подытож|кратко излож|要約|まとめ|总结|概括|摘要|归纳|요약|tóm tắt"
    r"|لخص|ملخص|सारांश|tiivistä",
    (
        *("summar", "tl", "gist", "recap", "boil", "main points", "key ", "sentence"),
        *("overview", "sum ", "short version", "words", "要点"),
        *("condense", "zusammen", "résum", "resum", "riassum", "sintetizz", "samen"),
        *("podsumuj", "streść", "sammanfatta", "özet", "перескаж", "резюм", "подытож"),
        *("кратко", "要約", "まとめ", "总结", "概括", "摘要", "归纳", "요약", "tóm tắt"),
        *("لخص", "ملخص", "सारांश", "tiivistä"),
    ),
    0.88,
)

CLASSIFY = _rule(
    "to classify",
    "classification",
    r"\bclassif|\bcategori[sz]|\bcategory\b|\blabel (?:each|every|the|these|this|it)\b"
    r"|\btag (?:each|every|these|this|them)\b|\bsentiment\b|\bpositive or negative\b"
    r"|\bnegative or positive\b|\bspam\b|\bwhich (?:department|team|topic|intent)\b"
    r"|\bsame (?:meaning|thing)\b|\bparaphrases?\b|\b(?:fact|opinion) or (?:fact|opinion)\b"
    r"|\bis (?:this|the following|it|that) (?:\w+ ){0,4}(?:\w+) or (?:not )?\w+\b[^.?!]{0,30}\?"
    r"|\bsort (?:these|the following|them|this list)\b[^.?!]{0,60}\binto\b|\bgroup (?:these|them)\b"
    r"|\bwhat language is\b|\bwhich language is\b|\bordne\b.{0,80}\bzu\b|\bzuordnen\b"
    r"|klassifizier|kategorisier|positiv oder negativ|\bclasse[rz]?\b|\bclassez\b"
    r"|positi(?:f|ve) ou n[ée]gati|clasific|positivo[,]? (?:o|ou|negativo)|\bpositiv"
    r"|\bclassifique|\bsınıflandır|olumlu|\bклассифиц|\bтональност|положительн"
    r"|\bklacht of|of een vraag|ポジティブ|ネガティブ|分類|分类|情感|正面还是负面|긍정|부정적|분류"
    r"|वर्गीकृत|سلبي|إيجابي",
    (
        *("sort ", "group ", "language", "ordne", "zuordnen"),
        *("classif", "categor", "label", "tag ", "sentiment", "positive", "negative", "spam"),
        *("which ", "same ", "paraphrase", "opinion", " or ", "klassif", "kategor", "positiv"),
        *("classe", "clasific", "sınıf", "olumlu", "класс", "тональн", "положит", "klacht"),
        *(
            "vraag",
            "ポジティブ",
            "ネガティブ",
            "分類",
            "分类",
            "情感",
            "正面",
            "긍정",
            "부정",
            "분류",
        ),
        *("वर्गीकृत", "سلبي", "إيجابي"),
    ),
    0.9,
)

EXTRACT = _rule(
    "to extract",
    "extraction",
    r"\bextract|\bpull (?:out|all)\b|\bget (?:the |all )?[\w ]{0,40} out of\b"
    r"|\blist (?:all|every|each|only|the)\b[^.?!]{0,60}\b(?:from|in|mentioned|only)\b"
    r"|\blist (?:all|every)\b|\bfind (?:all|every)\b|\bwhich [\w ]{1,30} (?:are|is) mentioned\b"
    r"|\bmentioned in (?:this|the)\b|\binto (?:json|a table|csv|yaml)\b|\bas (?:json|a table)\b"
    r"|\bwhat is the (?:total|amount|date|name|number)\b[^.?!]{0,60}\b(?:in|according to)\b"
    r"|\bgive me the [\w ,]{0,60}\b(?:name|employer|date|number|amount|address)"
    r"|\bgrab (?:all|every|the)\b|\bwhat (?:names|dates|numbers|emails|urls|companies)"
    r" (?:appear|are (?:in|mentioned))|^from (?:this|the) [\w ]{1,40}, (?:what|which|who)"
    r"|\b(?:to|as|into) (?:json|csv|yaml|a table)\b"
    r"|\belenca\b|\blista\b.{0,30}\b(?:todos|todas|tutti|tutte)\b|\bcitad[oa]s\b|\bmencionad"
    r"|\bmentionn[ée]s\b|\bgenannt|\bgenoemd|\bwelche [\w ]{1,30} (?:kommen|werden)|extrahier|\bextrai[st]|\bextraia|\bextrae|\bsaca\b|\bestrai|\bhaal\b.{0,40}\buit\b"
    r"|wyodrębnij|wypisz|\bçıkar|выпиши|извлеки|抜き出|抽出|提取|找出|추출|뽑아",
    (
        *("extract", "pull ", " out of", "list ", "find ", "mentioned", "json", "table"),
        *("csv", "yaml", "what is the", "give me the", "extrai", "extrae", "saca", "estrai"),
        *("grab", "what ", "from ", "elenca", "lista", "citad", "mencionad", "mentionn"),
        *("genannt", "genoemd", "welche"),
        *("haal", "wyodrębnij", "wypisz", "çıkar", "выпиши", "извлеки", "抜き出", "抽出", "提取"),
        *("找出", "추출", "뽑아"),
    ),
    0.84,
)

#: "Is this comment toxic or not?", "Ce tweet est-il ironique ou sérieux ?" about a quoted
#: text: a choice between labels for a document is a classification.
CHOOSE_LABEL = AskRule(
    "to choose a label",
    "classification",
    re.compile(
        r"\b(?:or|ou|o|oder|of|или|czy|veya)\b\s+(?:not\s+|pas\s+|nicht\s+)?[\w-]+\s*[?？]"
        r"|还是|それとも|아니면"
    ),
    (),
    0.88,
    needs_document=True,
)

#: In priority order. A summary of a classification ("summarize each category") is a summary;
#: "list the key points" matched SUMMARY before EXTRACT could read "list the".
ASKS: tuple[AskRule, ...] = (SUMMARY, CLASSIFY, EXTRACT, CHOOSE_LABEL)

CODE = AskRule(
    "for code",
    "complex_reasoning",
    re.compile(
        r"\bdef \w+\(|\bfunc \w+\(|\bfunction\b|\bfunktion|\bfonction|\bfunción|\bfunzione"
        r"|\bfunção|\bfunkcj|функци|函数|関数|함수"
        r"|\bc\+\+|\bc#|\b(?:python|javascript|typescript|java|golang|rust|sql|bash|php|ruby|kotlin"
        r"|swift|react|regex|html|css|c言語|js|node(?:\.js)?|pandas|numpy|pytorch|tensorflow"
        r"|django|flask|flutter|unity|excel formula|vba|powershell|linux|docker|git|aws|nginx"
        r"|redis|terraform|ansible|json|yaml|matlab|latex|verilog|assembly|arduino|ggplot|godot"
        r"|power bi|tkinter|header file|library|compiler|server|circuit|barcode)\b"
        r"|\b(?:predictive|machine learning|neural network) model"
        r"|\bimplement|\brefactor|\bunit tests?\b|\bwebsite\b|\bweb page\b|\bclass\b.{0,40}\bmethods?\b"
        r"|\bprogram(?:me|m|a)?\b|программ|程序|プログラム|프로그램|\bcode\b|\bcódigo"
        r"|\b(?:shell|bash|python|js|javascript|powershell|lua|google apps) script\b"
        r"|\bquery\b|\balgorithm|\bалгоритм|\bapi\b|\bbug\b|\bdebug|\bcompile|\bstack trace"
        r"|\bshard|\bdatabase\b|\bpostgres|\bmysql|\bkubernetes\b|\bmicroservice|\bendpoint\b"
        r"|\bdeadlock|\brace condition"
    ),
    (
        *("def ", "func", "funk", "fonct", "funci", "funz", "funç", "функц", "函数", "関数"),
        *("함수", "python", "java", "script", "c++", "c#", "golang", "rust", "sql", "bash"),
        *("php", "ruby", "kotlin", "swift", "react", "regex", "html", "css", "c言語", "js"),
        *("node", "pandas", "numpy", "torch", "tensorflow", "django", "flask", "flutter"),
        *("unity", "excel", "vba", "powershell", "linux", "docker", "git", "aws", "nginx"),
        *("redis", "terraform", "ansible", "json", "yaml", "matlab", "latex", "verilog"),
        *("assembly", "arduino", "implement", "refactor", "unit test", "website", "web page"),
        *("class", "program", "программ", "程序", "プログラム", "프로그램", "code", "código"),
        *("query", "algorithm", "алгоритм", "api", "bug", "compile", "stack trace", "shard"),
        *("database", "postgres", "mysql", "kubernetes", "microservice", "endpoint"),
        *("deadlock", "race condition", "ggplot", "godot", "power bi", "header file"),
        *("library", "compiler", "server", "circuit", "barcode", "model"),
    ),
    0.88,
)

#: Code itself, anywhere in the prompt: a fence, a definition, statements ending lines.
CODE_SYNTAX = AskRule(
    "code",
    "complex_reasoning",
    re.compile(
        r"```|^\s*(?:def|class|import|#include|public|func|fn|const|let|var)\s+\w"
        r"|(?:[;{}]\s*\n.*){3}|\w+\([^()\n]*\)\s*(?:=>|\{|:\s*$)|\)\s*=>|\b\w+\.\w+\(\w*[),]"
        r"|</(?:div|span|p|a|li|ul|table|tr|td|html|body|script|style|svg)>",
        re.M,
    ),
    (),
    0.9,
    raw=True,
)

MATH = AskRule(
    "for mathematics",
    "complex_reasoning",
    re.compile(
        r"\bprove\b|\bsolve\b|\bequation|\bprobability\b|\bintegral|\bderivative|\btheorem"
        r"|\bshow (?:your|the|all) (?:work|steps|reasoning|calculations?)\b|\bstep[- ]by[- ]step\b|\bdimostr|\bbeweis|\bdémontr"
        r"|\bdemuestr|\bprov[ae] que|\bdocaż|докаж|证明|証明|증명|\bcalcule[zr]?\b|\bberechne"
        r"|\bcompute\b|\bhow (?:many|much|long)\b.{0,200}\d|\bcombien\b.{0,80}\d"
        r"|求(?:解|出|证|这个|该)|解题|解方程|计算(?!器|机)|面积|\bat what time\b"
        r"|\blet [a-z] be\b|\bsuppose (?:that )?[a-z]\b|\bfind (?:the|all) (?:value|values|number"
        r"|minimum|maximum|smallest|largest|sum|area|probability|roots?|solutions?|integer)"
        r"|\bdetermine (?:the|whether|all)\b|\bexpected value\b|\bpolynomial|\bmatrix\b|\bprimes?\b"
        r"|\bintegers?\b|\bfunction f\b|\bf\(x\)|\bgeometr|\btriangle\b|\bcircle\b|\bvector"
        r"|\bpermutations?\b|\bcombinatori|\bstandard deviation\b|\bdistribution\b|\bformula for\b"
        r"|probabilit|wahrscheinlichkeit|вероятност|уравнени|概率|方程|积分|公倍数|公约数|数学"
        r"|\becuaci[óo]n|\bequazion|\béquation|\bgleichung|확률|방정식|確率|方程式"
        r"|\bestimate (?:the|how)\b|\bhow (?:far|fast|high|often)\b.{0,200}\d",
        re.S,
    ),
    (
        *("prove", "solve", "equation", "probability", "integral", "derivative", "theorem"),
        *("show ", "step", "dimostr", "beweis", "démontr", "demuestr", "prova que"),
        *("prove que", "docaż", "докаж", "证明", "証明", "증명", "calcul", "berechne"),
        *("compute", "how ", "combien", "求", "解题", "解方程", "计算", "面积", "what time"),
        *("let ", "suppose", "find ", "determine", "expected value", "polynomial", "matrix"),
        *("prime", "integer", "function f", "f(x)", "geometr", "triangle", "circle", "vector"),
        *("permutation", "combinatori", "deviation", "distribution", "formula for"),
        *("probabilit", "wahrscheinlich", "вероятност", "уравнени", "概率", "方程", "积分"),
        *("公倍数", "公约数", "数学", "ecuaci", "equazion", "équation", "gleichung", "확률"),
        *("방정식", "確率", "estimate "),
    ),
    0.78,
)

#: Mathematics itself, anywhere in the prompt: LaTeX, powers, an equation between numbers.
MATH_SYNTAX = AskRule(
    "mathematics",
    "complex_reasoning",
    re.compile(
        r"\\frac|\\\(|\\\[|\\sum|\\int|\$[^$\n]*[\\^_=][^$\n]*\$|\b[a-z]\^\d"
        r"|\b\d+\s*[*/^]\s*\d+\s*[=+-]|[a-z]\s*=\s*\d+\s*[a-z]\b"
    ),
    ("\\", "$", "^", "*", "/", "="),
    0.6,
)

#: A question for a quantity about a situation with several numbers in it: a word problem.
WORD_PROBLEM = AskRule(
    "for a quantity from numbers",
    "complex_reasoning",
    re.compile(
        r"\A(?=(?:.*?\d+(?:[.,]\d+)?\s*(?:%|km|m/s|m\b|kg|g\b|n\b|w\b|kw|mph|ml|l\b|°|cm|mm"
        r"|meters?|seconds?|minutes?|hours?|days?|years?|元|円|руб|€|\$)){2})"
        r".*(?:how (?:many|much|long|far|fast|high|often)|what (?:is|would|will) (?:the|be)"
        r"|сколько|多少|几|bao nhiêu|몇|quant[oia]|cuánt|combien|wie (?:viel|lange|weit)|hoeveel"
        r"|\bile\b|几|いくつ|何)",
        re.S,
    ),
    (),
    0.75,
)

#: "What is 2+2?": arithmetic any tier answers, not a reasoning task.
TRIVIAL_ARITHMETIC = re.compile(r"(?:what(?:'s| is)\s+)?[\d\s+\-*/x=().]{1,15}\??")
