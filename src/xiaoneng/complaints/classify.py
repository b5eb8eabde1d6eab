"""What a complaint is about, suggested from its text: the topic (服务态度, 办事效率 …) and the department concerned,
with a score and the spans of text that justify them.

The interface is `Suggester.suggest(text) -> Suggestion`; `KeywordSuggester` is the keyword baseline, built per
center from its departments (their names, the names of their service items, and the business words of their field).
A trained classifier replaces it by `use(factory)`: the factory receives the same department terms. A center's own
trained model comes in by `use_for_center(factory)`: called with the center and its department terms, it returns a
suggester, or None when the center has no model, and then the keyword baseline (or `use`'s) serves.
Pure: no database; the service gathers the terms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

import ahocorasick

OTHER_TOPIC = "其他"
# Topic → words that speak of it. Order matters on a tie: the first listed wins.
TOPICS: dict[str, tuple[str, ...]] = {
    "廉洁问题": ("红包", "吃拿卡要", "好处费", "索要", "收受", "回扣", "黄牛", "中介代办", "打招呼", "走后门"),
    "服务态度": ("态度", "生硬", "敷衍", "不耐烦", "冷漠", "训斥", "爱理不理", "脸色", "顶撞", "凶", "呵斥", "不理睬",
             "不归我管", "不知道", "自己看", "嫌麻烦"),
    "工作纪律": ("离岗", "玩手机", "空岗", "迟到", "早退", "聊天", "不在岗", "脱岗", "提前下班", "无人", "没人"),
    "办事效率": ("拖延", "推诿", "迟迟", "超期", "久拖", "效率", "扯皮", "好几趟", "多次", "一直没有", "催了", "太慢",
             "没有结果", "踢皮球"),
    "一次性告知": ("一次性告知", "来回跑", "补材料", "补交", "往返", "材料清单", "没说清", "没有告知", "重复提交"),
    "排队等候": ("排队", "等候", "等了", "叫号", "取号", "号源", "预约不上"),
    "收费问题": ("收费", "乱收费", "多收", "费用", "缴费"),
    "系统与网办": ("系统", "网上办", "网办", "掌上办", "APP", "小程序", "卡顿", "登录不上", "页面", "上传不了", "自助机",
              "闪退"),
    "环境设施": ("空调", "座椅", "厕所", "卫生间", "停车", "打印机", "复印", "饮水", "设施", "无障碍", "指示牌"),
    "政策咨询": ("政策", "怎么办", "需要什么", "如何办理", "流程", "条件", "能不能办", "在哪里办"),
    "表扬感谢": ("感谢", "表扬", "热情", "耐心", "锦旗", "点赞", "周到", "贴心", "给力"),
}
# Business words of a department's field, found by a fragment of its name.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "市场监": ("营业执照", "个体户", "个体工商户", "公司注册", "食品经营", "商标", "注销企业", "企业登记", "市场监管"),
    "人力资源": ("社保", "养老保险", "失业", "就业", "退休", "劳动合同", "工伤", "人才", "社会保障卡"),
    "社会保障": ("社保", "养老保险", "失业金", "退休"),
    "医疗保障": ("医保", "报销", "异地就医", "医疗保险", "参保", "门诊"),
    "户政": ("户口", "身份证", "落户", "迁移", "居住证", "出入境", "护照", "港澳通行证"),
    "税务": ("发票", "纳税", "退税", "个税", "税务", "申报", "完税"),
    "不动产": ("不动产", "房产证", "过户", "抵押", "产权", "二手房", "登记证明", "查档"),
    "住房和城乡建设": ("施工许可", "商品房", "物业", "预售", "住建", "房屋租赁"),
    "规划": ("规划许可", "用地", "国土", "测绘"),
    "民政": ("婚姻", "结婚", "离婚", "低保", "养老服务", "殡葬", "社会组织"),
    "卫生健康": ("出生医学证明", "医师", "诊所", "卫生许可", "计生", "生育"),
    "教育": ("入学", "学籍", "教师资格", "转学", "学校"),
    "交通运输": ("道路运输", "网约车", "出租车", "货运", "驾驶员"),
    "文化": ("娱乐场所", "演出", "网吧", "旅行社"),
    "生态环境": ("环评", "排污", "噪音", "污染"),
    "农业农村": ("农机", "种子", "农药", "宅基地"),
    "退役军人": ("退役", "优抚", "军人"),
    "残疾人": ("残疾证", "残疾人"),
    "公积金": ("公积金", "提取", "贷款额度"),
    "应急": ("安全生产", "危化品", "应急"),
    "城市管理": ("占道", "招牌", "户外广告", "渣土", "城管"),
    "综合服务": ("导办", "帮办", "综合窗口", "一窗通办"),
}


class Span(NamedTuple):  # a tuple: a year of work orders makes a million of them
    start: int
    end: int
    term: str


def _span(values: tuple) -> Span:
    return tuple.__new__(Span, values)  # what Span(...) does, without its Python-level __new__


@dataclass(frozen=True)
class Suggestion:
    topic: str
    department_code: str | None
    score: float  # 0..1: the share of the evidence that points to the department chosen
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class DepartmentTerms:
    """What names a department in a text: its code, name and the words of its field and items."""
    code: str
    name: str
    terms: tuple[str, ...] = field(default_factory=tuple)


class Suggester(Protocol):
    def suggest(self, text: str) -> Suggestion: ...


def department_terms(code: str, name: str, item_names: Sequence[str] = ()) -> DepartmentTerms:
    """A department's words: its name without the 区/局 wrapping, its field's business words, its items' names."""
    core = name
    for prefix in ("国家税务总局", "市", "区"):
        core = core.removeprefix(prefix)
    words = {name, core}
    for fragment, field_words in FIELD_WORDS.items():
        if fragment in name:
            words.update(field_words)
    for item in item_names:
        words.add(item)
        words.update(w for w in _item_heads(item) if len(w) >= 2)
    return DepartmentTerms(code=code, name=name, terms=tuple(sorted(w for w in words if len(w) >= 2)))


def _item_heads(item_name: str) -> list[str]:
    """The head words of an item name: 食品经营许可证核发 → 食品经营许可证, 食品经营."""
    heads = []
    for tail in ("核发", "登记", "备案", "审批", "许可", "办理", "申请", "证明", "变更", "注销"):
        if item_name.endswith(tail) and len(item_name) > len(tail) + 1:
            heads.append(item_name[: -len(tail)])
    return heads


def _automaton(entries: dict[str, list]) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for term, keys in entries.items():
        automaton.add_word(term, (term, tuple(keys)))
    automaton.make_automaton()
    return automaton


class KeywordSuggester:
    """The baseline: the topic with most keyword hits, the department whose words cover most of the text. One
    Aho-Corasick automaton over every word, so a text is read once whatever the number of departments."""

    def __init__(self, departments: Sequence[DepartmentTerms]):
        self.departments = list(departments)
        entries: dict[str, list] = {}
        for topic, words in TOPICS.items():
            for word in words:
                entries.setdefault(word, []).append(("topic", topic))
        for d in self.departments:
            for term in d.terms:
                entries.setdefault(term, []).append(("department", d.code))
        self._automaton = None
        if entries:
            self._automaton = ahocorasick.Automaton()
            for term, keys in entries.items():
                topics = tuple(k for kind, k in keys if kind == "topic")
                codes = tuple(k for kind, k in keys if kind == "department")
                # What a hit adds, worked out once per word: a word two departments share counts half for each.
                self._automaton.add_word(term, (term, len(term) - 1, topics,
                                                tuple((code, len(term) / len(codes)) for code in codes)))
            self._automaton.make_automaton()
        self._topic_order = {topic: i for i, topic in enumerate(TOPICS)}

    def suggest(self, text: str) -> Suggestion:
        topics: dict[str, int] = {}
        weights: dict[str, float] = {}
        spans = []
        if self._automaton is not None and text:
            for end, (term, back, topic_keys, shares) in self._automaton.iter_long(text):
                spans.append(_span((end - back, end + 1, term)))
                for topic in topic_keys:
                    topics[topic] = topics.get(topic, 0) + 1
                for code, share in shares:
                    weights[code] = weights.get(code, 0.0) + share
        if not topics:
            topic = OTHER_TOPIC
        elif len(topics) == 1:
            topic = next(iter(topics))
        else:
            topic = min(topics, key=lambda t: (-topics[t], self._topic_order[t]))
        if not weights:
            return Suggestion(topic, None, 0.0, tuple(spans))
        code = max(weights, key=weights.__getitem__)
        return Suggestion(topic, code, round(weights[code] / sum(weights.values()), 3), tuple(spans))


class Namer:
    """Finds the first name of a person or window (name → id) that a text mentions, longest name first."""

    def __init__(self, names: dict[str, int]):
        self._automaton = _automaton({name: [i] for name, i in names.items() if len(name) >= 2})

    def find(self, text: str) -> tuple[int | None, Span | None]:
        if self._automaton is not None and text:
            for end, (term, ids) in self._automaton.iter_long(text):
                return ids[0], Span(end - len(term) + 1, end + 1, term)
        return None, None


SuggesterFactory = Callable[[Sequence[DepartmentTerms]], Suggester]
CenterSuggesterFactory = Callable[[int, Sequence[DepartmentTerms], Suggester], "Suggester | None"]
_factory: SuggesterFactory = KeywordSuggester
_center_factory: CenterSuggesterFactory | None = None


def use(factory: SuggesterFactory | None) -> None:
    """Install another suggester (a trained classifier); None goes back to the keyword baseline."""
    global _factory
    _factory = factory or KeywordSuggester


def use_for_center(factory: CenterSuggesterFactory | None) -> None:
    """Install the source of a center's trained suggester; it is handed the baseline to fall back on (for the topic,
    and for texts its model cannot read). None: every center uses the baseline."""
    global _center_factory
    _center_factory = factory


def suggester(departments: Sequence[DepartmentTerms], center_id: int | None = None) -> Suggester:
    baseline = _factory(departments)
    if center_id is not None and _center_factory is not None:
        return _center_factory(center_id, departments, baseline) or baseline
    return baseline

