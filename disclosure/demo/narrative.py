"""The narrative of a generated report: the six statutory sections in varied wording,
with the year's real numbers in the text.

Wording is picked by a *style* generator and the report's own numbers by another, so a
report that copies last year's text (XY.COPY) is made by reusing last year's style with
this year's numbers, as an agency does when it edits last year's file. Every number the
text states about table 三 or 四 matches the table unless a problem says otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import template as T
from .city import Agency

# The sentence that tells a reader these reports are made up (shown with the report's text).
DEMO_NOTE = "（说明：本报告为 disclosure 演示用模拟数据，机关名称与全部数字均为虚构。）"

_CIRCULAR = {T.TEMPLATE_2021: "国办公开办函〔2021〕30号", T.TEMPLATE_2019: "国办公开办函〔2019〕60号"}

PREAMBLES = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{circular}）要求编制。本报告所列数据的统计期限自{y}年1月1日起至"
    "{y}年12月31日止。",
    "依据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，{agency}编制本年度报告。报告统计期限为{y}年1月1日至"
    "{y}年12月31日。如对本报告有疑问，请与{agency}办公室联系。",
    "根据《中华人民共和国政府信息公开条例》和{circular}要求，现公布{agency}{y}年度政府信息公开工作年度报告。"
    "本报告中所列数据的统计期限为{y}年1月1日至{y}年12月31日。",
)

OPENERS = (
    "{y}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，"
    "认真执行《中华人民共和国政府信息公开条例》，扎实推进政府信息公开各项工作。",
    "{y}年，在{gov}的正确领导下，{agency}紧紧围绕中心工作，以公开促落实、以公开促规范、以公开促服务，不断提升政务公开质量和实效。",
    "{y}年以来，{agency}认真落实上级关于政务公开工作的部署要求，健全工作机制，丰富公开载体，回应社会关切，"
    "政府信息公开工作取得新进展。",
    "{y}年度，{agency}把政务公开作为建设法治政府、服务型政府的重要抓手，持续深化决策、执行、管理、服务、结果公开，"
    "依法保障人民群众的知情权、参与权、表达权和监督权。",
    "{y}年，{agency}以人民为中心，聚焦群众关切，统筹推进主动公开、依申请公开和政务公开平台建设，"
    "全年政府信息公开工作平稳有序开展。",
)

ACTIVE_PARAS = (
    "（一）主动公开。全年通过门户网站主动公开政府信息{items}条，其中政策文件{policies}件，发布政策解读{interp}篇，"
    "通过政务新媒体发布信息{media}条。",
    "（一）主动公开情况。本年度共主动公开各类政府信息{items}条，制作图文、视频等多种形式的政策解读{interp}篇，"
    "“{short}发布”微信公众号推送信息{media}条。",
    "（一）主动公开方面。围绕重点领域信息公开，全年累计公开信息{items}条，其中规范性文件和政策文件{policies}件，"
    "配套解读材料{interp}份。",
)

REQUEST_PARAS = (
    "（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{co}件；办结{total}件，结转下年度继续办理{cf}件，"
    "所有申请均在法定期限内予以答复。",
    "（二）依申请公开情况。{y}年，本机关新收到政府信息公开申请{new}件，另有上年结转申请{co}件。"
    "截至年底已办结{total}件，{cf}件结转至下一年度办理。",
    "（二）依申请公开方面。本年度共受理政府信息公开申请{new}件（不含上年结转的{co}件），已按时办结{total}件，"
    "结转下年度{cf}件，未出现逾期答复情形。",
)
NO_REQUEST_PARAS = (
    "（二）依申请公开。本年度未收到政府信息公开申请，无上年结转申请。",
    "（二）依申请公开情况。{y}年，本机关未收到政府信息公开申请。",
)

MANAGEMENT_PARAS = (
    "（三）政府信息管理。严格落实公开前审查制度，全年审查拟公开信息{reviewed}条，动态调整主动公开基本目录，"
    "对{cleaned}件历史文件开展清理。",
    "（三）政府信息管理情况。健全信息发布协调机制，规范公文公开属性源头认定，全年组织保密审查{reviewed}次，"
    "及时更新政府信息公开指南。",
    "（三）信息管理方面。完善政府信息发布、审核、保密审查流程，开展规范性文件集中清理，清理文件{cleaned}件。",
)

PLATFORM_PARAS = (
    "（四）平台建设。优化门户网站信息公开专栏，网站全年访问量{visits}万人次，政务新媒体关注人数较上年增长{growth}%。",
    "（四）政府信息公开平台建设情况。持续加强政府网站和政务新媒体建设，全年办理网民留言{messages}件，按期办结率100%。",
    "（四）平台建设方面。推进政务公开专区标准化建设，设置查阅点{points}个，为群众提供现场查阅和咨询服务。",
)

SUPERVISION_PARAS = (
    "（五）监督保障。将政务公开纳入年度考核，组织业务培训{trainings}次，参训{trainees}人次，未发生因公开不当引发的责任追究情形。",
    "（五）监督保障情况。明确分管领导和专职人员，开展政务公开自查{checks}次，及时整改发现的问题。",
    "（五）监督保障方面。健全政务公开工作考核、社会评议和责任追究制度，全年组织专题培训{trainings}次。",
)

ACTIVE_SECTION = (
    "本年度制发规范性文件{issued}件，废止{repealed}件，现行有效{in_force}件。主动公开具体情况如下表。",
    "本机关主动公开政府信息情况统计如下。",
    "按照《条例》第二十条要求，主动公开相关信息，具体数据见下表。",
)
ACTIVE_SECTION_2019 = (
    "本年度新制作规范性文件{made}件，新公开{published}件。主动公开具体情况如下表。",
    "本机关主动公开政府信息情况统计如下。",
)

REQUEST_SECTION = (
    "本年度共收到政府信息公开申请{new}件，上年结转{co}件，具体办理情况如下表。",
    "收到和处理政府信息公开申请情况如下。",
    "本机关依法依规办理政府信息公开申请，具体情况统计如下。",
)

REVIEW_SECTION = (
    "本年度，本机关因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{litigation}件。",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况如下表。",
    "{y}年共发生政府信息公开行政复议{review}件、行政诉讼{litigation}件，具体情况如下。",
)
REVIEW_NONE = (
    "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
    "{y}年，本机关未发生政府信息公开行政复议和行政诉讼案件。",
)

# sentences that follow a sub-item's lead, one or two drawn per report in any order: what
# makes one year's text differ from the last's as much as real ones do
ACTIVE_DETAILS = (
    "围绕优化营商环境，集中公开涉企政策{policies}项，编制惠企政策清单并动态更新。",
    "重点做好财政预决算、“三公”经费等信息公开，按时公开部门预算和决算。",
    "及时发布重大建设项目批准和实施信息，公开项目审批、招标投标等环节信息。",
    "在门户网站设置规范性文件专栏，集中公开现行有效的规范性文件。",
    "围绕群众关切，公开就业创业、社会救助、教育医疗等民生领域信息。",
    "推进行政执法公示，及时公开执法主体、执法依据、执法程序和执法结果。",
    "公开权责清单和公共服务事项清单，方便群众查询办事。",
    "组织开展政府开放日活动{trainings}场，邀请群众代表走进机关、了解工作。",
)
REQUEST_DETAILS = (
    "进一步规范依申请公开受理、登记、办理、答复流程，统一答复文书格式。",
    "对疑难复杂申请，组织法律顾问会商研究，确保答复合法规范。",
    "加强与申请人的沟通，主动了解申请人的实际需求，提高答复的针对性。",
    "建立依申请公开工作台账，实行一案一档管理。",
    "推动依申请公开向主动公开转化，对多次被申请的信息及时主动公开。",
    "全年未发生因答复超期被行政复议机关纠错的情形。",
)
MANAGEMENT_DETAILS = (
    "落实政府信息公开属性源头认定机制，公文拟稿时即明确公开属性。",
    "对涉及个人隐私和商业秘密的信息进行严格审查，防止泄密和侵权。",
    "及时更新政府信息公开指南和主动公开基本目录。",
    "建立信息发布三级审核制度，明确审核责任人。",
    "对已公开信息开展定期检查，及时撤除过期和错误信息。",
    "规范政策文件的制发、登记和归档，确保文件底数清楚。",
)
PLATFORM_DETAILS = (
    "完善政府网站智能搜索和无障碍浏览功能，提升用户体验。",
    "整合政务新媒体账号，实行统一管理、统一发布。",
    "在政务服务大厅设置政府信息公开查阅点，配备专人提供服务。",
    "开展网站内容保障和安全检查，全年未发生安全事故。",
    "开设政策解读、热点回应等专栏，集中展示解读材料。",
    "推进政务公开专区与政务服务大厅融合建设。",
)
SUPERVISION_DETAILS = (
    "将政务公开工作纳入年度绩效考核，考核结果作为评先评优的重要依据。",
    "聘请社会监督员，定期征求对政务公开工作的意见建议。",
    "主动接受人大、政协和社会各界监督，及时回应意见建议。",
    "开展政务公开专项督查，对发现的问题建立清单、限期整改。",
    "全年未收到有关政府信息公开的投诉举报。",
    "组织学习新修订的《中华人民共和国政府信息公开条例》，提高依法公开意识。",
)

PROBLEMS = (
    "主动公开的深度和广度有待拓展，部分栏目更新不够及时",
    "政策解读形式较为单一，图解、视频等解读产品数量偏少",
    "依申请公开答复的规范性有待进一步提高",
    "基层政务公开标准化规范化建设推进不平衡",
    "政务新媒体互动回应能力仍需加强",
    "工作人员业务能力与新形势新要求相比还有差距",
    "信息发布审核机制还不够健全，个别信息存在发布不规范的情况",
    "重点领域信息公开的精准性和实用性不强",
    "公开内容与群众需求的契合度有待提升",
    "历史文件清理和公开属性复核工作进度偏慢",
    "政策解读与政策文件同步发布的要求落实不到位",
    "依申请公开办理中与申请人沟通不够充分",
    "部分重点领域信息公开标准目录编制不够细化",
    "政务公开专区建设和服务功能有待完善",
)
MEASURES = (
    "加强对栏目内容的日常巡查，建立信息更新提醒机制",
    "丰富政策解读形式，增加图文、音视频等解读方式",
    "完善依申请公开办理流程，严格落实答复文书法制审核",
    "推动政务公开向基层延伸，加强对乡镇（街道）的业务指导",
    "加强政务新媒体管理，及时回应群众关切",
    "定期组织业务培训，提升工作人员专业能力",
    "严格执行信息发布“三审三校”制度",
    "聚焦群众关心关注的重点领域，提高公开信息的针对性",
    "开展公开需求调查，按需调整公开内容",
    "加快推进历史文件清理，动态调整公开属性",
    "严格落实政策文件与解读材料同步起草、同步审批、同步发布",
    "加强与申请人的沟通协调，提高答复质量",
    "细化重点领域公开标准目录，逐项明确公开内容和时限",
    "完善政务公开专区功能，提升现场服务水平",
)
PROBLEM_OPENERS = (
    "{y}年，本机关政府信息公开工作虽然取得了一定成效，但仍存在一些不足：",
    "对照上级要求和群众期盼，工作中还存在以下问题：",
    "本年度政府信息公开工作仍存在一些问题和不足，主要表现在：",
    "回顾一年来的工作，主要存在以下问题：",
)
MEASURE_OPENERS = (
    "针对上述问题，下一步将重点做好以下工作：",
    "改进措施：",
    "{next}年，本机关将着力从以下方面加以改进：",
    "下一步，我们将采取以下措施：",
)

ORDINALS = ("一是", "二是", "三是", "四是")

FEE_STATEMENTS = (
    "本年度未收取政府信息公开信息处理费。",
    "依据《政府信息公开信息处理费管理办法》，本机关本年度未发出收费通知，未收取信息处理费。",
    "本机关{y}年度没有收取信息处理费。",
)
FEE_CONFLICT = "本年度未发出收费通知，未收取任何信息处理费。"
OTHER_STATEMENTS = (
    "本年度办理人大代表建议{motions}件、政协提案{proposals}件，均已按时办结并公开办理结果。",
    "本年度无其他需要报告的事项。",
    "本机关按照要求落实政务公开工作要点，年度任务全部完成。",
    "全年办理人大代表建议和政协委员提案{motions}件，办复率100%。",
)

EMPTY_PROBLEMS = ("无。", "本年度无。", "暂无。")


@dataclass(frozen=True)
class Wording:
    """What the text states, when it differs from the truth (an injected problem)."""

    text_year: int | None = None  # the year the text speaks of (TXT.YEAR: last year's)
    stated_new: int | None = None  # applications the text says were received (TXT.REQUESTS)
    copied_problems: str | None = None  # last year's section 五, copied with its years moved on (XY.COPY)
    problems_empty: bool = False  # NARR.PROBLEMS_EMPTY
    fee_conflict: bool = False  # NARR.FEE_CONFLICT
    drop_section: str | None = None  # STRUCT.SECTIONS: the section left out


def _pick(g: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(g.integers(len(options)))]


def _fmt(text: str, **kw) -> str:
    return text.format(**kw)


def agenda(g: np.random.Generator, year: int) -> list[int]:
    """The problems a report names: the agency's own order of concerns (drawn once from
    `g`, seeded per agency), a new stretch of it each year, as agencies move on."""
    order = g.permutation(len(PROBLEMS))
    start = (year * 4) % len(PROBLEMS)
    k = 2 + year % 3
    return [int(order[(start + i) % len(PROBLEMS)]) for i in range(k)]


def sections(agency: Agency, year: int, template: str, active: dict, requests: dict, review: dict,
             style: np.random.Generator, facts: np.random.Generator, wording: Wording = Wording(),
             picks: list[int] | None = None) -> list[dict]:
    """[{heading, text}] for the report: a preamble, then the six statutory sections."""
    y = wording.text_year or year
    gov = agency.parent if not agency.is_government else agency.name
    short = agency.name[:2] if agency.level == "city" else (agency.county or agency.name[:2])
    req_tot = {k: (requests.get(k) or {}).get("total") or 0 for k in ("new_received", "carried_over", "total", "carried_forward")}
    new = wording.stated_new if wording.stated_new is not None else req_tot["new_received"]
    kw = dict(y=y, next=y + 1, agency=agency.name, gov=gov, short=short, circular=_CIRCULAR[template],
              new=new, co=req_tot["carried_over"], total=req_tot["total"], cf=req_tot["carried_forward"])
    # numbers the tables do not hold, drawn per report
    kw.update(items=int(facts.integers(80, 900) * (4 if agency.level == "city" else 1)),
              policies=int(facts.integers(3, 40)), interp=int(facts.integers(2, 30)),
              media=int(facts.integers(50, 1200)), reviewed=int(facts.integers(50, 600)),
              cleaned=int(facts.integers(3, 60)), visits=int(facts.integers(5, 300)),
              growth=int(facts.integers(3, 40)), messages=int(facts.integers(10, 500)),
              points=int(facts.integers(1, 12)), trainings=int(facts.integers(1, 8)),
              trainees=int(facts.integers(20, 400)), checks=int(facts.integers(1, 6)),
              motions=int(facts.integers(2, 40)), proposals=int(facts.integers(2, 40)))
    review_n = (review.get("review") or {}).get("total") or 0
    litigation_n = sum((review.get(b) or {}).get("total") or 0 for b in ("litigation_direct", "litigation_after_review"))
    kw.update(review=review_n, litigation=litigation_n)

    preamble = _fmt(_pick(style, PREAMBLES), **kw) + DEMO_NOTE
    def item(leads: tuple[str, ...], details: tuple[str, ...]) -> str:
        picked = style.permutation(len(details))[: int(style.integers(1, 3))]
        return _fmt(_pick(style, leads), **kw) + "".join(_fmt(details[k], **kw) for k in picked)

    requested = req_tot["new_received"] or req_tot["carried_over"] or wording.stated_new
    overview = [
        _fmt(_pick(style, OPENERS), **kw),
        item(ACTIVE_PARAS, ACTIVE_DETAILS),
        item(REQUEST_PARAS, REQUEST_DETAILS) if requested else _fmt(_pick(style, NO_REQUEST_PARAS), **kw),
        item(MANAGEMENT_PARAS, MANAGEMENT_DETAILS),
        item(PLATFORM_PARAS, PLATFORM_DETAILS),
        item(SUPERVISION_PARAS, SUPERVISION_DETAILS),
    ]

    if template == T.TEMPLATE_2021:
        norm = active.get("normative_documents") or {}
        active_text = _fmt(_pick(style, ACTIVE_SECTION), issued=norm.get("issued") or 0,
                           repealed=norm.get("repealed") or 0, in_force=norm.get("in_force") or 0)
    else:
        norm = active.get("normative_documents") or {}
        active_text = _fmt(_pick(style, ACTIVE_SECTION_2019), made=norm.get("made") or 0,
                           published=norm.get("published") or 0)
    request_text = _fmt(_pick(style, REQUEST_SECTION), **kw)
    review_text = _fmt(_pick(style, REVIEW_SECTION if review_n or litigation_n else REVIEW_NONE), **kw)

    if picks is None:
        picks = list(style.permutation(len(PROBLEMS))[: int(style.integers(2, 5))])
    problems = _fmt(_pick(style, PROBLEM_OPENERS), **kw) + "".join(
        f"{ORDINALS[i]}{PROBLEMS[k]}；" for i, k in enumerate(picks))
    problems = problems[:-1] + "。"
    measures = _fmt(_pick(style, MEASURE_OPENERS), **kw) + "".join(
        f"{ORDINALS[i]}{MEASURES[k]}；" for i, k in enumerate(picks))
    problems_text = problems + "\n" + measures[:-1] + "。"
    if wording.problems_empty:
        problems_text = _pick(facts, EMPTY_PROBLEMS)
    elif wording.copied_problems:
        problems_text = wording.copied_problems

    fee = FEE_CONFLICT if wording.fee_conflict else _fmt(_pick(style, FEE_STATEMENTS), **kw)
    other_text = fee + _fmt(_pick(style, OTHER_STATEMENTS), **kw)

    texts = {
        "overview": "\n".join(overview), "active": active_text, "requests": request_text,
        "review": review_text, "problems": problems_text, "other": other_text,
    }
    out = [{"heading": None, "text": preamble}]
    for s in T.SECTIONS:
        if s.key == wording.drop_section:
            continue
        heading = s.heading
        if s.variants and style.random() < 0.3:
            heading = f"{s.number}、{_pick(style, s.variants)}"
        out.append({"heading": heading, "text": texts[s.key]})
    return out
