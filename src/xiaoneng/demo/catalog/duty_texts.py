"""Texts of the demo's duty year: post duties for the AB set-up report, leave reasons and decisions, proxy notes."""

WINDOW_DUTIES = ("{window}：负责{items}等事项的咨询解答、收件受理和一次性告知，核验材料原件，录入办件并出具受理凭证；"
                 "A岗离岗时由B岗接续办理在办事项，做好交接登记。")
HEAD_DUTIES = ("统筹{department}进驻窗口工作：审核{items}等事项的办件，审批窗口人员请假和延期申请，签收并答复转办咨询，"
               "组织差评整改和一次性告知落实。")
SUPERVISION_DUTIES = "开展窗口服务日常巡查和暗访，受理投诉和“办不成事”反映，核实服务行为规范线索，督办逾期的转办咨询和差评整改。"
LEADER_DUTIES = "主持中心全面工作，审批科室负责人请假，签发督办通知，牵头协调跨部门疑难事项；离岗时由副主任代为履职。"
LEADER_POST = "中心主要领导岗"
SUPERVISION_POST = "效能监察岗"

REASONS = {
    "vacation": ("年休假，回老家探亲", "年休假，在家休整", "家中装修，申请年休假", "婚假", "陪产假", "年休假，陪父母体检",
                 "年休假，外出旅游"),
    "sick": ("感冒发烧，需就医休息", "急性肠胃炎，医院输液", "腰椎不适，医院复查", "牙科手术，需休息", "扁桃体发炎，就医",
             "体检复查", "过敏性鼻炎发作，就医", "扭伤脚踝，医嘱休息"),
    "personal": ("孩子学校家长会", "办理房屋过户手续", "家中老人住院，陪护", "孩子生病，带去医院", "车辆年检", "参加亲属婚礼",
                 "搬家", "办理个人证件"),
    "meeting": ("参加市政务服务管理局业务培训会", "参加区机关党委组织生活会", "参加“高效办成一件事”推进会",
                "参加全市好差评工作调度会", "参加区纪委警示教育大会", "参加业务系统升级培训", "参加区委组织部干部培训班"),
    "trip": ("赴市政务服务中心学习交流", "赴成都参加一网通办系统培训", "赴兄弟区县考察帮办代办工作", "赴省厅参加业务条线培训",
             "赴德阳参加川渝通办工作对接会", "赴绵阳参加窗口服务标准化培训"),
    "other": ("献血，按规定休息半天", "社区志愿服务", "参加区运动会", "接受单位安排的体检"),
}
FESTIVAL_VACATION = ("春节前回乡过年，申请年休假", "春节后返程，申请年休假", "春节探亲，申请年休假", "回老家陪父母过年")
SUMMER_VACATION = ("暑假陪孩子出游，申请年休假", "暑假带孩子回老家", "年休假，暑期外出旅游")
APPROVAL_NOTES = ("同意", "同意，请做好工作交接", "同意，在办事项交B岗接续办理", "同意，注意按时返岗", "")
# Refusals that have nothing to do with the posts, by the time of the leave.
YEAR_END_REFUSAL = "年底考核期间，窗口须满员在岗，请延后安排"
MONTH_END_REFUSAL = "月底办件高峰，窗口人手紧张，请错峰安排休假"
REFUSAL_NOTES = ("当日有省级暗访检查，请调整请假时间", "窗口当日已有两人请假，人手不足，请调整时间",
                 "当天安排了窗口业务培训，请改期", "请假事由不够具体，请补充后重新申请")


def refusal_notes(day) -> tuple[str, ...]:
    if day.month == 12:
        return (YEAR_END_REFUSAL, *REFUSAL_NOTES)
    if day.day >= 25:
        return (MONTH_END_REFUSAL, *REFUSAL_NOTES)
    return REFUSAL_NOTES


CONFLICT_NOTE = "与 {role} 岗请假时间冲突：{problem}"

# Posts whose A and B are both away on one occasion, with a leader's proxy (代岗): the department (None: the center's
# leader post), what both attend, the proxy note, when (working days from the build's last day) and how many halves.
PROXY_PLANS = (
    (None, "meeting", "参加全市政务服务工作会议",
     "两位中心领导同日参加全市政务服务工作会议，会议期间由综合服务科负责人代岗，处理中心日常事务。", (-60, -35), 2),
    ("SCJG", "trip", "赴省厅参加市场主体登记业务培训",
     "A、B 岗同期参加省厅业务培训，培训期间由本科室其他窗口人员代岗，在办事项提前交接。", (-130, -90), 4),
    ("BDC", "meeting", "参加全区不动产登记业务培训",
     "A、B 岗同日参加全区业务培训，当日由本科室窗口人员代岗。", (5, 9), 2),
)
