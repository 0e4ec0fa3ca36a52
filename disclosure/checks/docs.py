"""docs/rules.md, written from the catalog (`disclosure rules --markdown > docs/rules.md`)."""
from __future__ import annotations

from ..metrics import METRICS
from .catalog import FAMILIES, SEVERITY_LABELS, catalog

HEADER = """# 检查规则

本文件由 `disclosure rules --markdown > docs/rules.md` 从规则目录（`disclosure/checks/`）生成，请勿手改；
测试会核对它与目录一致。

每条规则有固定的代码（发现、审核和仪表盘都以它为键）、级别（错误 / 警告 / 提示）、一行提示语和说明。
`disclosure check` 重新检查库中全部报告；`disclosure review 编号 --confirm|--dismiss --note 说明` 记录审核结论，
重新入库、重新检查后结论仍在。
"""


def catalog_markdown() -> str:
    out = [HEADER]
    out.append("| 代码 | 级别 | 规则 |\n|---|---|---|")
    for r in catalog():
        out.append(f"| [`{r.code}`](#{_anchor(r.code)}) | {SEVERITY_LABELS[r.severity]} | {r.title} |")
    family = None
    for r in catalog():
        if r.family != family:
            family = r.family
            out.append(f"\n## {FAMILIES[family]}")
        out.append(f"\n### {r.code}\n\n**{r.title}** · {SEVERITY_LABELS[r.severity]}\n")
        out.append(f"提示语模板：{r.message}\n")
        out.append(f"{r.doc}\n")
        out.append(f"例：{r.example}")
    out.append("\n## 主要指标\n\n同比（YOY.SHIFT）和同类比较（PEER.*）所用的指标，定义在 `disclosure/metrics.py`，"
               "仪表盘也读同一份定义。单元格留空或缺行时指标不计算。\n")
    out.append("| 指标 | 单位 | 单元格 | 同比、同类比较 |\n|---|---|---|---|")
    for m in METRICS:
        cells = " + ".join(f"`{c}`" for c in m.cells) + (" ÷ " + " + ".join(f"`{c}`" for c in m.denominator) if m.denominator else "")
        compared = "是" if m.headline else "否"
        out.append(f"| {m.label} | {m.unit} | {cells} | {compared} |")
    return "\n".join(out) + "\n"


def _anchor(code: str) -> str:
    return code.lower().replace(".", "")
