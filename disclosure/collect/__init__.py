"""Collecting reports from agencies' sites: `disclosure collect SOURCES.csv --out DIR`.

    sources.py   the SOURCES.csv a supervisor keeps (agency, url), read with its bad rows named
    fetch.py     polite HTTP (httpx + tenacity): robots.txt, a per-host delay and concurrency
                 limit, timeouts, retries with backoff on 5xx and timeouts, conditional requests
    pages.py     what a fetched page is: a list of reports (entries, pagination), a report
                 page (its attachments, its date), or neither
    crawl.py     the run: walks each source, saves each document under DIR with a sidecar
                 (source URL, page date, fetch time), ingests what is new, records the state
    state.py     the collection's state in the database, through the write path (its ops)
"""
