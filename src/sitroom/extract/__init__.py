"""extract: a parsed article -> event frames, and the coder's decisions on them.

Before resolve: `frames.py` finds triggers and their roles in the dependency
parse (`verb_class.py` decides what a verb reports by what it governs), and
`modality.py` drops what did not happen (plans, denials, negations).
After resolve, on the Mentions it builds: `coding.py` gives a frame and its
actors an ACLED sub-event type by the codebook's rules, `classifier.py` (with
`embed.py`, the sentence encoder) reads whole sentences, and `combine.py`
weighs the rules' mentions by the classifier's verdicts.
"""
