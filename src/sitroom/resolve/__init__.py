"""resolve: event frames -> Mentions with actors, place, date and numbers.

`actors.py` (names and generic words in context), `places.py` and
`toponym_context.py` (toponyms and their readings), `dates.py` (dates and
ranges against the publication date), `numbers.py` (counts and fatalities),
`event_location.py` (which of a sentence's places is where its event happened),
`tolls.py` (tolls told apart from their event, day totals, background);
`mentions.py` joins them and asks extract's rule coder for the sub-event type.
"""
