"""Scoring agencies' annual reports against a rule pack (评分): `disclosure score`.

    packs.py    rule packs (YAML or CSV, data/packs/): items, their points, what deducts
                them (rule codes, severity, a threshold on the finding's evidence), caps,
                what an item needs to be assessed at all, and a mode (从严 / 从宽)
    engine.py   a pack over the stored reports and findings: per agency and year, each
                item's deductions with their findings and cells, 无法判断 where a rule could
                not assess, the total, the rank, the 整改 state
    sheet.py    the ranked score sheet as a table and as XLSX (one sheet per year)
"""
