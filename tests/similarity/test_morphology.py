"""Content morphemes as a person reads them."""

from similarity import morphology


def test_verb_and_adjective_stems_are_read_in_their_dictionary_form():
    made, reduced = morphology.dictionary_forms(
        ["매뉴얼을 만들어 배포합니다", "서류를 줄이고 절차를 쉽게"]
    )
    assert made["만들"] == "만들다"
    assert (reduced["줄이"], reduced["쉽"]) == ("줄이다", "쉽다")
    assert morphology.shown(["매뉴얼", "만들"], made) == ["매뉴얼", "만들다"]


def test_a_noun_stays_as_it_is_even_where_another_text_uses_it_as_a_stem():
    car, full = morphology.dictionary_forms(["전기 차 부품 전환", "주차장이 가득 차 있습니다"])
    assert morphology.shown(["차", "부품"], car) == ["차", "부품"]
    assert full.get("차") == "차다"
