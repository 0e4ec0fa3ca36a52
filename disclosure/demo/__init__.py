"""The demo corpus: a fictional city's reports, generated with known truth and known problems.

    city.py       the city (汐州市, a made-up prefecture-level city) and its ~300 agencies
    numbers.py    plausible statistics by kind and level, continuous from year to year
    narrative.py  the six sections' text, varied, with the year's numbers
    problems.py   problems injected at known rates (one per rule of the catalog) and the manifest
    formats.py    which format each report is published in, and rendering it
    corpus.py     putting it together: docs/, agencies.csv, truth.json (`disclosure demo`)
"""
