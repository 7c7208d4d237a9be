"""Korean particles chosen by the final consonant of the word before them, not written
"은(는)": in messages from services, success messages and templates."""

import pytest
from django.template import Context, Template

from core.errors import BusinessRuleError
from core.text import particle, with_particles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("시즌2은(는) 지금 접수 기간이 아닙니다.", "시즌2는 지금 접수 기간이 아닙니다."),
        ("업무혁신 프로젝트은(는)", "업무혁신 프로젝트는"),
        ("도정혁신 벤치마킹 시즌1은(는)", "도정혁신 벤치마킹 시즌1은"),
        ("S2-0013을(를) 팀에 보완 요청했습니다.", "S2-0013을 팀에 보완 요청했습니다."),
        ("S2-0012을(를)", "S2-0012를"),
        ("‘서식 간소화’을(를) 만들었습니다.", "‘서식 간소화’를 만들었습니다."),
        ("기업유치과은(는) 이미 추천되었습니다.", "기업유치과는 이미 추천되었습니다."),
        ("환경산림국은(는)", "환경산림국은"),
        ("2025-10-09 (목요일)은(는) 한글날(이)라", "2025-10-09 (목요일)은 한글날이라"),
        ("2025-10-06 (월요일)은(는) 주말(이)라", "2025-10-06 (월요일)은 주말이라"),
        ("토요일은(는) 휴무(이)라", "토요일은 휴무라"),
        (
            "‘복지국 보고회’(2025-09-22 (월) 10:00–12:00)이(가) 있습니다.",
            "‘복지국 보고회’(2025-09-22 (월) 10:00–12:00)가 있습니다.",
        ),
        ("팀장과(와) 팀원", "팀장과 팀원"),
        ("서울(으)로, 교실(으)로, 서식(으)로", "서울로, 교실로, 서식으로"),
        ("Excel은(는)", "Excel은"),
        ("no pair here", "no pair here"),
    ],
)
def test_the_particle_follows_the_last_sound_of_the_word(text, expected):
    assert with_particles(text) == expected


def test_a_word_it_cannot_read_keeps_both_forms():
    assert with_particles("★은(는)") == "★은(는)"


def test_a_refused_rule_says_it_with_the_right_particle():
    error = BusinessRuleError("시즌2은(는) 지금 접수 기간이 아닙니다.", field="x")
    assert error.message == "시즌2는 지금 접수 기간이 아닙니다."
    assert error.errors == {"x": ["시즌2는 지금 접수 기간이 아닙니다."]}


def test_templates_choose_the_particle_of_a_name():
    template = Template(
        '{% load korean %}{{ a|particle:"은/는" }} {{ b|particle:"을(를)" }} {{ t|with_particles }}'
    )
    html = template.render(Context({"a": "시즌1", "b": "과제", "t": "보고회은(는)"}))
    assert html == "시즌1은 과제를 보고회는"
    assert particle("보고회", "이/가") == "보고회가"
