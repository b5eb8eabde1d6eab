"""The numpy feature blocks weigh n-grams as scikit-learn's TfidfVectorizer does (the form the models were tuned
with), and name each column back as its n-gram for the evidence."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from xiaoneng.analysis.features import CHARS, CHARS_IN_WORDS, WORDS, CharBlock, WordBlock
from xiaoneng.analysis.lookup import KeyTable
from xiaoneng.analysis.text import segment


@pytest.fixture
def docs(messages):
    return [segment(text) for text, _ in messages]


def _same(block, matrix, vectorizer, reference):
    names = {n: i for i, n in enumerate(vectorizer.get_feature_names_out())}
    order = [names[block.name(j)] for j in range(block.size)]
    assert block.size == len(names)
    np.testing.assert_allclose(matrix.toarray(), reference[:, order].toarray(), atol=1e-6)


def test_word_ngrams_match_tfidfvectorizer(docs):
    block = WordBlock(WORDS, (1, 2))
    matrix = block.fit_transform(docs)
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=(1, 2),
                                 sublinear_tf=True)
    _same(block, matrix, vectorizer, vectorizer.fit_transform([d.joined() for d in docs]))
    unseen = [segment("电梯坏了没人修，公交太挤")]
    _same(block, block.transform(unseen), vectorizer, vectorizer.transform([d.joined() for d in unseen]))


def test_character_ngrams_inside_words_match_char_wb(docs):
    block = CharBlock(CHARS_IN_WORDS, (1, 3))
    matrix = block.fit_transform(docs)
    vectorizer = TfidfVectorizer(analyzer="char_wb", lowercase=False, ngram_range=(2, 3), sublinear_tf=True)
    reference = vectorizer.fit_transform([d.joined() for d in docs])
    # char_wb also counts the lone padding space and reads n-grams of two and three the same way.
    two_three = [j for j in range(block.size) if len(block.name(j)) >= 2]
    names = {n: i for i, n in enumerate(vectorizer.get_feature_names_out())}
    assert {block.name(j) for j in two_three} == set(names)
    assert all(block.name(j) != " " for j in range(block.size))


def test_a_characters_block_reads_the_text_as_written_with_min_df():
    texts = [segment(t, drop_stopwords=False) for t in ("不好！！", "很不好", "好评", "不错")]
    block = CharBlock(CHARS, (1, 2), min_df=2)
    matrix = block.fit_transform(texts)
    assert {block.name(j) for j in range(block.size)} == {"不", "好", "不好"}  # each in two texts or more
    assert np.allclose(np.sqrt(matrix.multiply(matrix).sum(axis=1)).ravel(), 1.0)


def test_the_key_table_finds_every_key_and_nothing_else():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 2**62, 5000))
    table = KeyTable(keys)
    queries = np.concatenate([keys[::-1], np.array([keys.max() + 1, 7])])
    found = table.find(queries)
    assert (found[:len(keys)] == np.arange(len(keys))[::-1]).all() and (found[len(keys):] == -1).all()
