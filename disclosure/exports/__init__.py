"""Exports for meetings: charts as PNG/SVG/CSV, tables as CSV/XLSX, a PPTX deck.

    exports.chart.Chart                 a chart: its plotly figure, its data, how to redraw it natively
    exports.images.png(fig) / svg(fig)  static images through kaleido and the system Chromium
    exports.tables.csv(df) / xlsx(df)   a table as a file a spreadsheet opens
    exports.deck.build_deck(...)        the 会议材料 deck (python-pptx)

The dashboard and the command line both use these, so a chart looks the same on screen,
in a file and on a slide.
"""
