"""The labelled set (originals.tsv, queries.tsv) as a regression floor for the ranking.

The figures are those benchmarks/similar_ideas_quality.py prints today; the issue's targets
are higher for paraphrases and hard negatives (see that script and the report).
"""

from similarity import quality


def test_the_labelled_set_keeps_its_figures_with_the_encoder():
    f = quality.evaluate()
    assert f["reworded"] == [20, 20, 20]
    assert f["paraphrase"][0] >= 15
    assert f["hard_negative_first"][0] <= 9
    assert f["unrelated_shown"][0] <= 3


def test_the_labelled_set_keeps_its_figures_with_words_alone():
    f = quality.evaluate(with_vectors=False)
    assert f["reworded"] == [20, 20, 20]
    assert f["paraphrase"][0] >= 10
    assert f["unrelated_shown"][0] <= 3
