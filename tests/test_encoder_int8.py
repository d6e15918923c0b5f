"""The coder's int8 encoder reads sentences as the published fp32 model does (issue #20)."""
from __future__ import annotations

import copy

import numpy as np

from sitroom.extract.classifier import SETTINGS
from sitroom.extract.embed import encode, encoder_dir, load, quantise

SENTENCES = [
    "Militants ambushed a police patrol on the highway north of the city late on Sunday, killing four officers.",
    "Hundreds of farmers blocked the main road into the provincial capital to protest against new land taxes.",
    "The central bank held its key rate steady for a third month.",
    "Soldiers detained a local journalist at a checkpoint outside the refugee camp, his employer said.",
]


def test_the_int8_encoder_keeps_the_fp32_embeddings():
    """torch's plain dynamic quantisation gave MPNet 0.57 cosine (a few outlier channels set every activation's
    step); the coder's quantisation keeps those channels in fp32 and stays within 0.99 of the published model."""
    path = str(encoder_dir(SETTINGS["encoder"]))
    fp32 = load(path, False)
    reference = encode(fp32, SENTENCES)
    assert SETTINGS["int8"], "the coder reads with the int8 encoder"
    quantised = encode(load(path, True), SENTENCES)
    assert ((quantised * reference).sum(1) > 0.99).all()
    plain = quantise(copy.deepcopy(fp32), per_channel=False, full_range=False, outlier_factor=None)
    assert ((encode(plain, SENTENCES) * reference).sum(1) < 0.9).all()  # the check can tell a broken quantisation
