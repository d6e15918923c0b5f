"""evaluate: sitroom measured against hand-coded data.

`classify.py` CASE 2021 task 2 snippets, `events.py` whole articles against
their gold events, `geo.py` toponym recognition and resolution. Each returns
a report the CLI prints; nothing here changes what the pipeline does.
"""
