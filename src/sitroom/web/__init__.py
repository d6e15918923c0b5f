"""web: the store in the browser (map, timeline, filters, evidence pages) and its JSON API, read-only."""
