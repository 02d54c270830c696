"""The paragraphs of the district analysis, by key: the model's choices, without the drafting code
(the model is imported at every start-up; the figures and checks behind the drafting are not needed then)."""

PARAGRAPHS = {
    "overview": "总体情况",
    "scores": "自评得分情况",
    "findings": "审核发现的主要问题",
    "three_public": "“三公”经费情况",
    "execution": "预算执行情况",
    "spending": "支出结构情况",
    "next_steps": "下一步工作",
}
