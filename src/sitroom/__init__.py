"""sitroom: conflict events from news, coded in the ACLED taxonomy, offline.

The stages, in the order data flows (each a package or module of its own):

    ingest -> nlp -> extract -> resolve -> merge -> store -> export / web
                                                             evaluate measures them

records.py holds the typed records that pass between them; taxonomy.py,
settings.py and knowledge/ (the data files) are the ground floor every stage
may read; gazetteer/ is the atlas resolve and store consult. pipeline.py
wires the stages, service.py joins the pipeline to the store, cli.py is the
thin shell on top.
"""
