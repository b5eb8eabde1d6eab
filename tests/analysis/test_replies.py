from xiaoneng.analysis import replies

COMPLAINT = ("A3区枫林路的路灯坏了两个月，晚上一片漆黑，行人经常摔倒。请问什么时候能修好？"
             "希望有关部门尽快维修，并且定期检查路灯。")
GOOD = ("网友您好！您反映的枫林路路灯损坏问题已收悉。经核实，该路段路灯因地下电缆被施工挖断导致不亮。"
        "根据《A市城市照明管理办法》第十二条的规定，区城管局已责令施工单位赔偿并于2019年5月10日前完成电缆更换和路灯维修。"
        "下一步我局将把枫林路纳入每月路灯巡查范围，定期检查。如有疑问可拨打咨询电话0000-00000000。感谢您的监督。")
POOR = "您好，您的留言已收悉，已转相关部门办理。感谢您的关心。"
OTHER = ("网友您好！关于幼儿园收费问题，经调查，该园收费标准经物价部门备案，"
         "根据《幼儿园收费管理暂行办法》执行，并无违规收费。感谢您的监督。")


def test_a_full_answer_scores_high_on_every_criterion_with_its_reasons():
    score = replies.score(COMPLAINT, GOOD)
    assert score.relevance >= replies.RELEVANT_FROM * 2
    assert score.completeness >= 0.75 and not score.unanswered  # short of 1: a 150-character body
    assert score.explanation >= 0.8
    assert score.overall >= 0.8
    assert score.reasons[0].startswith("答复与诉求相关，提到了") and "路灯" in score.reasons[0]
    assert "引用了依据：《A市城市照明管理办法》、第十二条" in score.reasons
    assert any(r.startswith("说明了原因或调查情况（经核实") for r in score.reasons)
    assert any(r.startswith("写明了后续安排") for r in score.reasons)


def test_a_notice_of_transfer_is_short_unexplained_and_leaves_the_demands_open():
    score = replies.score(COMPLAINT, POOR)
    assert score.relevance < replies.RELEVANT_FROM
    assert score.completeness < 0.3 and len(score.unanswered) == 2
    assert score.explanation <= 0.2
    assert "答复正文只有" in " ".join(score.reasons) and "过于简短" in " ".join(score.reasons)
    assert "没有说明依据（法律法规、政策文件或条款）" in score.reasons
    assert score.overall < replies.score(COMPLAINT, GOOD).overall / 2


def test_an_answer_to_another_matter_is_not_relevant_however_well_explained():
    score = replies.score(COMPLAINT, OTHER)
    assert score.relevance < replies.RELEVANT_FROM
    assert score.reasons[0].startswith("答复与诉求关联不大，诉求的要点（") and "路灯" in score.reasons[0]
    assert score.explanation > replies.score(COMPLAINT, POOR).explanation


def test_demands_are_the_sentences_that_ask_or_require_something():
    assert replies.demands(COMPLAINT) == ["请问什么时候能修好？", "希望有关部门尽快维修，并且定期检查路灯。"]
    assert replies.demands("路灯坏了两个月") == ["路灯坏了两个月"]  # no question: the complaint as a whole
    assert replies.demands("") == []


def test_an_empty_reply_scores_zero():
    score = replies.score(COMPLAINT, "  ")
    assert (score.relevance, score.completeness, score.explanation, score.overall) == (0, 0, 0, 0)
    assert score.reasons == ("答复内容为空",)


def test_scores_are_told_as_good_fair_or_poor_relevance_on_its_own_scale():
    from xiaoneng.analysis.replies import RELEVANT_FROM, ReplyScore, levels

    on_matter = ReplyScore(2 * RELEVANT_FROM, 0.7, 0.4, 0.2, (), ())
    assert levels(on_matter) == {"relevance": "good", "completeness": "good", "explanation": "fair", "overall": "poor"}
    assert levels(ReplyScore(RELEVANT_FROM / 2, 0, 0, 0, (), ()))["relevance"] == "poor"
