"""The default indicator framework: the MoF 共性指标框架 (财预〔2013〕53号 附件2) with Hunan 2015 weights.

Loaded by the data migration ``0004_default_framework`` and again (idempotently) by ``load_demo``,
so it exists after a test database flush too. Once it exists it belongs to the administrators:
loading never overwrites it. Weights marked “默认” below fill gaps of the (partly cut-off) Hunan
table with documented choices; every level adds up, and the total is 100.
"""

from dataclasses import dataclass, field

NAME = "部门整体支出绩效评价共性指标体系（财政部框架·湖南2015年权重）"
FROM_YEAR = 2015

DESCRIPTION = """依据：财政部《预算绩效评价共性指标体系框架》（财预〔2013〕53号）附件2“部门整体支出绩效评价共性指标体系框架”；权重和扣分规则采用湖南省2015年部门整体支出绩效评价指标表中可见的部分。

来自湖南2015年表的：投入13分（在职人员控制率5分：≤100%得满分，每超1个百分点扣0.5分；“三公经费”变动率8分：≤0得满分，每增长1个百分点扣0.8分）；过程64分，其中预算执行21分，预算完成率5分（低于100%时每满5个百分点扣2分，不足5个百分点不扣，92.8%得3分）；产出与效果合计23分。

本系统补充的默认值（原表此处缺失，可在管理后台按本地文件修改，或复制为新版本）：
- 预算执行其余16分：预算调整率3分（0得3分，(0,5%]得2分，(5%,10%]得1分，>10%得0分）；支付进度率2分（人工评分，系统暂无支付进度数据）；结转结余率3分（≤5%得3分，(5%,10%]得2分，(10%,20%]得1分，>20%得0分）；公用经费控制率3分、“三公经费”控制率3分（≤100%得满分，每超1个百分点扣0.5分，按参考样表“6分、每超1个百分点扣1分”等比例折算）；政府采购执行率2分（低于100%时每满5个百分点扣0.5分）。
- 预算管理25分（管理制度健全性6、资金使用合规性7、预决算信息公开性6、基础信息完善性6）与资产管理18分（管理制度健全性6、资产管理安全性6、固定资产利用率6），均为人工评分。
- 产出13分（实际完成率4、完成及时率3、质量达标率3、重点工作办结率3）与效果10分（经济效益2、社会效益3、生态效益1、社会公众或服务对象满意度4），均为人工评分。
- “三公经费”变动率的口径默认为决算数（本年决算与上年决算比较，与基础数据表“上年决算”一栏一致）；可在该指标的“三公经费变动率的口径”中改为“预算数”。
- 重点支出安排率在财政部框架中属“投入·预算配置”，而湖南表中投入13分仅含上述两项，故默认体系未列入；其计算公式已提供，可在新版本中使用。
- 不设总分上限规则（如需按预算执行率限制总分，可在“总分上限规则”中设置）。"""


@dataclass
class Node:
    name: str
    weight: str
    children: list = field(default_factory=list)
    computation: str = ""
    computation_params: dict = field(default_factory=dict)
    rule_shape: str = ""
    rule_params: dict = field(default_factory=dict)
    explanation: str = ""


def manual(name, weight, explanation) -> Node:
    return Node(name, weight, computation="manual", rule_shape="manual", explanation=explanation)


def over_threshold(name, weight, computation, threshold, per_point, explanation, **params) -> Node:
    return Node(
        name,
        weight,
        computation=computation,
        computation_params=params,
        rule_shape="threshold",
        rule_params={"threshold": threshold, "direction": "above", "deduct_per_point": per_point},
        explanation=explanation,
    )


def band(low=None, high=None, score="0", *, low_open=False, high_open=False) -> dict:
    result = {"score": score}
    if low is not None:
        result.update({"from": low, "from_inclusive": not low_open})
    if high is not None:
        result.update({"to": high, "to_inclusive": not high_open})
    return result


TREE = [
    Node(
        "投入",
        "13",
        [
            Node(
                "预算配置",
                "13",
                [
                    over_threshold(
                        "在职人员控制率",
                        "5",
                        "staff_control_rate",
                        "100",
                        "0.5",
                        "在职人员控制率 = 在职人员数 ÷ 编制数 × 100%，反映部门对人员成本的控制程度。",
                    ),
                    over_threshold(
                        "“三公经费”变动率",
                        "8",
                        "three_public_change_rate",
                        "0",
                        "0.8",
                        "“三公经费”变动率 =（本年度“三公经费”总额 － 上年度“三公经费”总额）÷ 上年度“三公经费”总额 × 100%，"
                        "反映部门对控制重点行政成本的努力程度。",
                        basis="actual",
                    ),
                ],
            )
        ],
    ),
    Node(
        "过程",
        "64",
        [
            Node(
                "预算执行",
                "21",
                [
                    Node(
                        "预算完成率",
                        "5",
                        computation="budget_completion_rate",
                        rule_shape="steps",
                        rule_params={"target": "100", "direction": "below", "step": "5", "deduct_per_step": "2"},
                        explanation="预算完成率 = 预算完成数 ÷ 预算数 × 100%，预算完成数指部门本年度实际完成的预算数（决算），预算数指调整后的预算数。",
                    ),
                    Node(
                        "预算调整率",
                        "3",
                        computation="budget_adjustment_rate",
                        rule_shape="bands",
                        rule_params={
                            "bands": [
                                band("0", "0", "3"),
                                band("0", "5", "2", low_open=True),
                                band("5", "10", "1", low_open=True),
                                band("10", None, "0", low_open=True),
                            ]
                        },
                        explanation="预算调整率 = 预算调整数 ÷ 预算数 × 100%，预算调整数指调整预算与年初预算之差（取绝对值）。",
                    ),
                    manual(
                        "支付进度率",
                        "2",
                        "支付进度率 = 实际支付进度 ÷ 既定支付进度 × 100%，反映部门预算资金支付的及时程度（系统暂无支付进度数据，人工评分）。",
                    ),
                    Node(
                        "结转结余率",
                        "3",
                        computation="carryover_rate",
                        rule_shape="bands",
                        rule_params={
                            "bands": [
                                band(None, "5", "3"),
                                band("5", "10", "2", low_open=True),
                                band("10", "20", "1", low_open=True),
                                band("20", None, "0", low_open=True),
                            ]
                        },
                        explanation="结转结余率 = 结转结余总额 ÷ 支出预算数 × 100%，反映部门对本年度结转结余资金的实际控制程度。",
                    ),
                    over_threshold(
                        "公用经费控制率",
                        "3",
                        "public_funds_control_rate",
                        "100",
                        "0.5",
                        "公用经费控制率 = 实际支出公用经费总额 ÷ 预算安排公用经费总额 × 100%。",
                    ),
                    over_threshold(
                        "“三公经费”控制率",
                        "3",
                        "three_public_control_rate",
                        "100",
                        "0.5",
                        "“三公经费”控制率 = “三公经费”实际支出数 ÷ “三公经费”预算安排数 × 100%。",
                    ),
                    Node(
                        "政府采购执行率",
                        "2",
                        computation="procurement_execution_rate",
                        rule_shape="steps",
                        rule_params={"target": "100", "direction": "below", "step": "5", "deduct_per_step": "0.5"},
                        explanation="政府采购执行率 = 实际政府采购金额 ÷ 政府采购预算数 × 100%。",
                    ),
                ],
            ),
            Node(
                "预算管理",
                "25",
                [
                    manual(
                        "管理制度健全性",
                        "6",
                        "①已制定或具有相应的预算资金管理办法，内部财务管理制度、会计核算制度等管理制度；②相关管理制度合法、合规、完整；③相关管理制度得到有效执行。",
                    ),
                    manual(
                        "资金使用合规性",
                        "7",
                        "①符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；②资金的拨付有完整的审批程序和手续；③项目的重大开支经过评估论证；④符合部门预算批复的用途；⑤不存在截留、挤占、挪用、虚列支出等情况。",
                    ),
                    manual(
                        "预决算信息公开性",
                        "6",
                        "①按规定内容公开预决算信息；②按规定时限公开预决算信息；③基础数据信息和会计信息资料真实、完整、准确。",
                    ),
                    manual(
                        "基础信息完善性",
                        "6",
                        "①基础数据信息和会计信息资料真实；②基础数据信息和会计信息资料完整；③基础数据信息和会计信息资料准确。",
                    ),
                ],
            ),
            Node(
                "资产管理",
                "18",
                [
                    manual(
                        "管理制度健全性",
                        "6",
                        "①已制定或具有资产管理制度；②相关资产管理制度合法、合规、完整；③相关资产管理制度得到有效执行。",
                    ),
                    manual(
                        "资产管理安全性",
                        "6",
                        "①资产保存完整；②资产配置合理；③资产处置规范；④资产账务管理合规，账实相符；⑤资产有偿使用及处置收入及时足额上缴。",
                    ),
                    manual(
                        "固定资产利用率",
                        "6",
                        "固定资产利用率 = 实际在用固定资产总额 ÷ 所有固定资产总额 × 100%（系统暂无固定资产数据，人工评分）。",
                    ),
                ],
            ),
        ],
    ),
    Node(
        "产出",
        "13",
        [
            Node(
                "职责履行",
                "13",
                [
                    manual("实际完成率", "4", "实际完成率 = 实际完成工作数 ÷ 计划工作数 × 100%。"),
                    manual("完成及时率", "3", "完成及时率 = 及时完成实际工作数 ÷ 计划工作数 × 100%。"),
                    manual("质量达标率", "3", "质量达标率 = 质量达标实际工作数 ÷ 计划工作数 × 100%。"),
                    manual("重点工作办结率", "3", "重点工作办结率 = 重点工作实际完成数 ÷ 交办或下达数 × 100%。"),
                ],
            )
        ],
    ),
    Node(
        "效果",
        "10",
        [
            Node(
                "履职效益",
                "10",
                [
                    manual("经济效益", "2", "部门履行职责对经济发展所带来的直接或间接影响。"),
                    manual("社会效益", "3", "部门履行职责对社会发展所带来的直接或间接影响。"),
                    manual("生态效益", "1", "部门履行职责对生态环境所带来的直接或间接影响。"),
                    manual(
                        "社会公众或服务对象满意度",
                        "4",
                        "社会公众或部门（单位）的服务对象对部门履职效果的满意程度（问卷调查等）。",
                    ),
                ],
            )
        ],
    ),
]


def load_default_framework(framework_model, indicator_model):
    """Create the default framework if it does not exist; an existing one is left as it is.

    Takes the model classes so the data migration can pass its historical models.
    """
    existing = framework_model.objects.filter(region__isnull=True, from_year=FROM_YEAR).first()
    if existing is not None:
        return existing
    framework = framework_model.objects.create(name=NAME, from_year=FROM_YEAR, description=DESCRIPTION, total_caps=[])

    def create(nodes, parent):
        for order, node in enumerate(nodes, start=1):
            indicator = indicator_model.objects.create(
                framework=framework,
                parent=parent,
                order=order,
                name=node.name,
                weight=node.weight,
                explanation=node.explanation,
                computation=node.computation,
                computation_params=node.computation_params,
                rule_shape=node.rule_shape,
                rule_params=node.rule_params,
            )
            create(node.children, indicator)

    create(TREE, None)
    return framework
