"""The quality of a complaint's answer, before it is sent (TipDM 2020 C task 3's criteria): relevance to the complaint,
completeness (each question or demand of the complaint answered) and explanation (legal basis, reasons, next steps),
each 0-1 with its reasons in Chinese for the person answering.

Words are weighed by jieba's own IDF table (shipped inside the jieba package), so 物业 counts for more than 情况.
The thresholds were calibrated on the 2,816 message-reply pairs of 附件4 against the same replies shuffled onto other
messages (bench/bench_analysis.py prints both distributions and the agreement with the 100 labelled replies)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from xiaoneng.analysis.text import segment

# Relevance below which a reply reads like the answer to another message: 95 % of 附件4's replies shuffled onto
# other messages score under 0.10; matched pairs score 0.30 at the median, and the quarter under 0.18 are mostly
# notices of transfer that say nothing about the matter.
RELEVANT_FROM = 0.12
# A demand counts as answered when this share of its weighted key words comes back in the reply.
ANSWERED_FROM = 0.34
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_DEMAND = re.compile(r"请|希望|要求|恳请|建议|能否|可否|是否|能不能|为什么|为何|怎么|如何|何时|什么时候|多久|吗|呢|[？?]|"
                     r"尽快|督促|解决|处理|整改|查处|取缔|答复|给个说法")
EXPLANATION_CUES = {
    "依据": ("规定", "条例", "办法", "依据", "依照", "按照", "根据", "政策", "文件", "标准"),
    "原因": ("经调查", "经核实", "经了解", "经查", "原因", "由于", "因为", "因此", "所以", "鉴于", "目前"),
    "后续": ("下一步", "将于", "将会", "将继续", "将及时", "预计", "计划", "已安排", "已要求", "责令", "督促", "限期",
             "整改", "跟踪", "如有疑问", "如您还有疑问", "可拨打", "咨询电话", "联系电话", "请您"),
}
# A question of when, why or whether is answered by a date, a reason or a yes or no, whatever its words.
_QUESTION_ANSWERS = (
    (re.compile(r"什么时候|何时|多久|多长时间|哪天|几天"), re.compile(r"\d{4}年|\d+月|\d+日|\d+个?工作日|月底|年底|月内|近期|本周|下周")),
    (re.compile(r"为什么|为何|什么原因|怎么回事"), re.compile(r"原因|由于|因为|因此|所以|鉴于|经调查|经核实")),
    (re.compile(r"能否|可否|是否|能不能|可不可以|可以吗|行不行"), re.compile(r"可以|不能|不可|无法|符合|不符合|允许|不予|予以")),
)
_QUESTION_WORDS = frozenset({"请问", "什么时候", "何时", "多久", "为什么", "为何", "能否", "可否", "是否", "能不能"})
_LEGAL = re.compile(r"《[^》]{2,40}》|第[一二三四五六七八九十百零〇\d]+条")
# The courtesies every reply carries (网友您好, 留言已收悉, 感谢您的关心): not part of what it says.
_COURTESY = re.compile(r"网友[“\"][^”\"]{0,20}[”\"]|您好|你好|您的留言已收悉|留言已收悉|已收悉|现将[^。：:]{0,20}[答回]复如下|"
                       r"感谢您[^。]{0,30}|谢谢您[^。]{0,30}|特此[答回]复|\d{4}年\d{1,2}月\d{1,2}日")
_CJK_OR_DIGIT = re.compile(r"[\u4e00-\u9fff0-9]")
# Body characters at which an answer is detailed enough to be complete: the labelled replies of 附件4 judged
# complete run to about 400 characters on average, those judged incomplete to 160.
DETAILED_FROM = 300
SHORT_REPLY = 100
_DATE_OR_NUMBER = re.compile(r"\d{4}年|\d+月\d+日|\d+(?:\.\d+)?(?:万|元|米|户|个|天|日|%)")


@dataclass(frozen=True)
class ReplyScore:
    relevance: float
    completeness: float
    explanation: float
    overall: float
    reasons: tuple[str, ...]  # in Chinese, for the person answering
    unanswered: tuple[str, ...]  # the complaint's demands the reply does not take up


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    table = resources.files("jieba.analyse").joinpath("idf.txt").read_text(encoding="utf-8")
    weights = {}
    for line in table.splitlines():
        word, _, value = line.strip().partition(" ")
        if value:
            weights[word] = float(value)
    return weights, sorted(weights.values())[len(weights) // 2]


def key_words(text: str) -> Counter:
    """Words of two characters or more, stop words and question words out, each weighed by term frequency times
    IDF."""
    weights, median = _idf()
    counts = Counter(w for w in segment(text).words if len(w) >= 2 and w not in _QUESTION_WORDS)
    return Counter({w: n * weights.get(w, median) for w, n in counts.items()})


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(v * b[w] for w, v in a.items() if w in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _covered(words: Counter, reply: Counter) -> float:
    total = sum(words.values())
    return sum(v for w, v in words.items() if w in reply) / total if total else 0.0


def demands(complaint: str) -> list[str]:
    """The complaint's sentences that ask or demand something; a complaint without one is taken whole."""
    sentences = [s.strip() for s in _SENTENCE.findall(complaint or "") if len(s.strip()) >= 4]
    asked = [s for s in sentences if _DEMAND.search(s)]
    return asked or ([complaint.strip()] if complaint and complaint.strip() else [])


def body_length(reply: str) -> int:
    return len(_CJK_OR_DIGIT.findall(_COURTESY.sub("", reply)))


def answered(demand: str, reply: str, reply_words: Counter) -> bool:
    for asks, answer in _QUESTION_ANSWERS:
        if asks.search(demand) and answer.search(reply):
            return True
    return _covered(key_words(demand), reply_words) >= ANSWERED_FROM


def _explanation(reply: str, body: int) -> tuple[float, list[str]]:
    found = {kind: [c for c in cues if c in reply] for kind, cues in EXPLANATION_CUES.items()}
    legal = _LEGAL.findall(reply)
    reasons = []
    if legal:
        reasons.append(f"引用了依据：{'、'.join(dict.fromkeys(legal[:3]))}")
    elif found["依据"]:
        reasons.append(f"提到了依据（{'、'.join(found['依据'][:3])}）但未写明文件名称或条款")
    else:
        reasons.append("没有说明依据（法律法规、政策文件或条款）")
    reasons.append(f"说明了原因或调查情况（{'、'.join(found['原因'][:3])}）" if found["原因"]
                   else "没有说明原因或调查核实的情况")
    reasons.append(f"写明了后续安排（{'、'.join(found['后续'][:3])}）" if found["后续"]
                   else "没有写明下一步怎么办、何时办结或向谁咨询")
    score = (0.4 if legal else 0.2 if found["依据"] else 0.0) + (0.3 if found["原因"] else 0.0) + \
        (0.3 if found["后续"] else 0.0)
    if _DATE_OR_NUMBER.search(reply):
        score = min(1.0, score + 0.1)  # dates, amounts and counts make an explanation checkable
        reasons.append("给出了具体的日期或数字")
    # Cues in a two-line reply explain little: a fifth of the score is how much the reply says.
    return round(0.8 * score + 0.2 * min(1.0, body / DETAILED_FROM), 2), reasons


def score(complaint_text: str, reply_text: str) -> ReplyScore:
    complaint_text, reply_text = complaint_text or "", reply_text or ""
    if not reply_text.strip():
        return ReplyScore(0.0, 0.0, 0.0, 0.0, ("答复内容为空",), tuple(demands(complaint_text)))
    complaint_words, reply_words = key_words(complaint_text), key_words(reply_text)
    relevance = round(max(_cosine(complaint_words, reply_words), _covered(complaint_words, reply_words) * 0.8), 2)
    reasons = []
    shared = [w for w, _ in complaint_words.most_common(12) if w in reply_words][:5]
    if relevance >= RELEVANT_FROM:
        reasons.append(f"答复与诉求相关，提到了{'、'.join(shared)}" if shared else "答复与诉求相关")
    else:
        missing = [w for w, _ in complaint_words.most_common(5) if w not in reply_words]
        reasons.append(f"答复与诉求关联不大，诉求的要点（{'、'.join(missing)}）在答复中没有出现")
    asked = demands(complaint_text)
    unanswered = [s for s in asked if not answered(s, reply_text, reply_words)]
    body = body_length(reply_text)
    # Each demand taken up, and enough said about them: a reply of two sentences answers nothing in full.
    covered = 1 - len(unanswered) / len(asked) if asked else 1.0
    completeness = round(0.6 * covered + 0.4 * min(1.0, body / DETAILED_FROM), 2)
    if body < SHORT_REPLY:
        reasons.append(f"答复正文只有 {body} 字，过于简短")
    if unanswered:
        reasons.append(f"诉求中有 {len(unanswered)} 处（共 {len(asked)} 处）答复没有回应")
    else:
        reasons.append(f"诉求中的 {len(asked)} 处问题或要求都有回应")
    explanation, explained = _explanation(reply_text, body)
    reasons.extend(explained)
    # Relevance twice the threshold counts in full: past that, more shared words do not make a better answer.
    overall = round(0.35 * min(1.0, relevance / (2 * RELEVANT_FROM)) + 0.35 * completeness + 0.3 * explanation, 2)
    return ReplyScore(relevance, completeness, explanation, overall, tuple(reasons), tuple(unanswered))


def levels(result: ReplyScore) -> dict[str, str]:
    """Each score as good, fair or poor for the person answering: relevance on its own scale (past twice the
    threshold an answer is on the matter; between it and the threshold, barely), the others at 0.6 and 0.35."""
    def level(value: float, good: float, fair: float) -> str:
        return "good" if value >= good else "fair" if value >= fair else "poor"

    return {"relevance": level(result.relevance, 2 * RELEVANT_FROM, RELEVANT_FROM),
            **{key: level(getattr(result, key), 0.6, 0.35) for key in ("completeness", "explanation", "overall")}}
