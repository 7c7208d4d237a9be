"""Demo seasons and ideas, as the articles tell them (seeds 000 and 001).

- 도정혁신 벤치마킹 시즌1 (S1, 2022, closed): 268 submitted ideas, 15 of them adopted
  (``S1_ADOPTED_TITLES``: the review step marks them once review decisions exist).
- 도정혁신 벤치마킹 시즌2 (S2, open now, so the demo team leader can still submit): 325
  ideas in every state, teams exempt, pending exemptions and teams still missing.
- 일은 빼고(−) 혁신은 곱빼기(×) 업무혁신 프로젝트 (W1, briefing): 291 tasks, one
  representative task per division picked in most divisions.

Titles come from the articles (기업유치 관리시스템 구축, 전시실 운영 개선 …) and from
templates per bureau theme; some season-1 ideas come back in season 2 with other spacing
and wording (기업유치 관리시스템 구축 → 기업 유치 관리 시스템 도입), so duplicate
detection has something to show.

Scale: ``--scale N`` gives 884 × N ideas while the organisation grows by ⌈√N⌉ copies of
the bureaus (departments.demo.bureau_copies): the benchmarks' 200,000 ideas are N = 227,
in ~4,000 teams. Everything is drawn from ``random.Random(f"ideas:{seed}")`` over the org
in briefing order, so the same seed (and organisation) gives the same titles and
reference numbers; only season 2's and W1's dates follow today.

The rows are what the services would have written (reference numbers as
``idea_submit`` makes them, unit names snapshotted, history actions of ``IdeaAction``),
but written in batches (``core.db.insert_objects``: COPY on PostgreSQL, ``bulk_create``
elsewhere): the services check each step against the present moment and write row by
row, while the demo needs 2022's submissions and 200,000 rows in minutes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.db import insert_objects, insert_plain, search_indexes_built_after
from core.models import HistoryEntry
from core.text import undoubled
from departments.models import Position, Team, User
from ideas.models import Exemption, Idea, Season
from ideas.services import IdeaAction

SEASON_CODES = ["S1", "S2", "W1"]
BATCH = 2_000  # ideas built and written at a time (memory stays flat at any scale)
HISTORY_FIELDS = ["content_type_id", "object_id", "action", "actor_id", "at", "reason", "data"]
LOCAL = ZoneInfo(settings.TIME_ZONE)
B = Idea.SourceType
P = Idea.Path
A = Idea.Action

# Where teams learned what they propose: (institution, type, place visited, practice seen).
INSTITUTIONS: list[tuple[str, str, str, str]] = [
    ("경상남도", B.LOCAL_GOVERNMENT, "창원", "복지·일자리·보건 혜택을 한자리에서 주는 원스톱 통합 복지전달체계"),
    ("경상남도", B.LOCAL_GOVERNMENT, "창원", "업무보고와 회의자료를 모두 게시판에 올리는 게시판 행정"),
    ("서울특별시", B.LOCAL_GOVERNMENT, "서울", "120다산콜재단의 민원 상담 데이터 분석"),
    ("서울특별시", B.LOCAL_GOVERNMENT, "서울", "정책 제안부터 예산까지 시민이 참여하는 민주주의 서울"),
    ("경기도", B.LOCAL_GOVERNMENT, "수원", "공공배달앱과 지역화폐를 묶은 소상공인 지원"),
    ("부산광역시", B.LOCAL_GOVERNMENT, "부산", "스마트시티 국가시범도시의 데이터 허브"),
    ("대전광역시", B.LOCAL_GOVERNMENT, "대전", "수요응답형 버스와 교통약자 이동 지원"),
    ("제주특별자치도", B.LOCAL_GOVERNMENT, "제주", "외국인 관광객 맞춤 안내와 무장애 관광지"),
    ("강원특별자치도", B.LOCAL_GOVERNMENT, "춘천", "산불 감시 드론과 마을 단위 대피 체계"),
    ("충청남도", B.LOCAL_GOVERNMENT, "홍성", "농촌 일손 중개 플랫폼"),
    ("하남시", B.LOCAL_GOVERNMENT, "하남", "전 직원 우수정책 벤치마킹과 연말 성과보고서 공유"),
    ("수원시", B.LOCAL_GOVERNMENT, "수원", "찾아가는 복지 상담과 마을 복지 지도"),
    ("행정안전부", B.CENTRAL_MINISTRY, "세종", "정부혁신 우수사례 확산과 적극행정 면책"),
    ("산업통상자원부", B.CENTRAL_MINISTRY, "세종", "지방투자촉진보조금 운영과 투자기업 사후관리"),
    ("중소벤처기업부", B.CENTRAL_MINISTRY, "대전", "규제자유특구 실증과 기업 애로 전담 창구"),
    ("국민권익위원회", B.CENTRAL_MINISTRY, "세종", "국민신문고 민원 빅데이터 분석"),
    ("한국지역정보개발원", B.PUBLIC_AGENCY, "서울", "지자체 공통 정보시스템 공동 구축"),
    ("한국산업단지공단", B.PUBLIC_AGENCY, "대구", "산업단지 입주기업 통근버스 공동 운영"),
    ("한국관광공사", B.PUBLIC_AGENCY, "원주", "체류형 관광 상품과 지역 관광 데이터랩"),
    ("삼성전자", B.PRIVATE_COMPANY, "수원", "현장 개선 제안 제도와 사내 아이디어 플랫폼"),
    ("효성첨단소재", B.PRIVATE_COMPANY, "전주", "탄소섬유 협력사 기술 지원"),
    ("네이버", B.PRIVATE_COMPANY, "성남", "챗봇 상담과 데이터 기반 서비스 개선"),
    ("LG에너지솔루션", B.PRIVATE_COMPANY, "청주", "협력사 인력 양성 협약"),
    ("싱가포르 주택개발청", B.OVERSEAS, "싱가포르", "주민 의견을 설계 단계부터 반영하는 공공주택 계획"),
    ("싱가포르 경제개발청", B.OVERSEAS, "싱가포르", "투자기업마다 전담 매니저를 두는 원스톱 유치"),
    ("일본 가나자와시", B.OVERSEAS, "가나자와", "전통 공방과 시장을 잇는 체류형 관광"),
    ("덴마크 코펜하겐시", B.OVERSEAS, "코펜하겐", "탄소중립 도시 계획과 자전거 중심 교통"),
]  # fmt: skip
# Where each bureau most often goes to learn (the rest of the time, anywhere above).
PREFERRED: dict[str, list[str]] = {
    "기업유치지원실": ["싱가포르 경제개발청", "산업통상자원부", "한국산업단지공단", "경기도", "중소벤처기업부"],
    "기획조정실": ["서울특별시", "행정안전부", "국민권익위원회", "한국지역정보개발원", "하남시", "삼성전자"],
    "도민안전실": ["강원특별자치도", "행정안전부", "부산광역시"],
    "미래산업국": ["효성첨단소재", "LG에너지솔루션", "중소벤처기업부", "삼성전자"],
    "민생경제국": ["경기도", "서울특별시", "중소벤처기업부"],
    "문화체육관광국": ["한국관광공사", "일본 가나자와시", "제주특별자치도"],
    "건설교통국": ["대전광역시", "덴마크 코펜하겐시", "싱가포르 주택개발청", "부산광역시"],
    "농생명축산식품국": ["충청남도", "경상남도"],
    "복지여성보건국": ["경상남도", "수원시", "서울특별시"],
    "환경산림국": ["덴마크 코펜하겐시", "서울특별시"],
    "새만금해양수산국": ["싱가포르 경제개발청", "부산광역시", "한국관광공사"],
    "자치행정국": ["경상남도", "하남시", "행정안전부", "삼성전자"],
    "대외협력국": ["싱가포르 경제개발청", "행정안전부", "서울특별시"],
    "인재개발원": ["하남시", "삼성전자", "행정안전부"],
    "농업기술원": ["충청남도", "경상남도"],
}  # fmt: skip
CITIES = ["전주시", "군산시", "익산시", "정읍시", "남원시", "김제시", "완주군", "진안군", "무주군", "장수군", "임실군", "순창군", "고창군", "부안군"]  # fmt: skip

# What each bureau's benchmarking ideas are about (a title is "{방식} {대상} {행위}").
THEMES: dict[str, list[str]] = {
    "기업유치지원실": ["기업유치 상담 이력", "투자기업 사후관리", "산업단지 입주 상담", "해외 투자 설명회", "기업 애로 해소 창구", "지방투자촉진 보조금 안내", "청년 창업기업 투자 연계", "기업 인허가 안내"],
    "기획조정실": ["도정 성과 관리", "예산 편성 도민 참여", "규제 혁신 과제 발굴", "공공데이터 활용", "도정 정책 홍보", "행정심판 안내", "지방세 납부 안내", "간부회의 운영"],
    "도민안전실": ["재난 안전 알림", "폭염 취약계층 보호", "하천 범람 감시", "어린이 통학로 안전", "지진 대피 훈련", "산불 감시", "비상 급수 체계", "안전 취약시설 점검"],
    "미래산업국": ["탄소소재 기업 지원", "이차전지 소재 기업 육성", "수소 충전 인프라", "미래차 부품 전환", "재생에너지 단지", "드론 실증", "AI 제조 혁신", "연구장비 공동 활용"],
    "민생경제국": ["소상공인 경영 상담", "전통시장 배송", "사회적기업 판로 지원", "청년 일자리 매칭", "지역화폐 가맹점 관리", "착한가격업소 지원", "폐업 소상공인 재기", "협동조합 창업"],
    "문화체육관광국": ["체류형 관광 프로그램", "야간 관광 콘텐츠", "생활체육 시설 예약", "지역 축제 운영", "무형문화재 전승", "전통문화 관광 상품", "예술인 창작 공간", "도립미술관 교육 프로그램"],
    "건설교통국": ["시내버스 노선 개편", "수요응답형 교통", "도로 파손 신고", "교통약자 이동 지원", "공공 건축 설계 공모", "빈집 정비", "공영주차장 공유", "건설 현장 안전 점검"],
    "농생명축산식품국": ["농촌 일손 중개", "스마트팜 청년 창업", "로컬푸드 직매장", "농산물 수출 물류", "친환경 급식 식재료", "귀농·귀촌 정착", "축산 악취 관리", "농기계 임대"],
    "복지여성보건국": ["복지 사각지대 발굴", "독거노인 안부 확인", "아이돌봄 서비스", "장애인 이동 지원", "공공 산후조리", "치매 조기 검진", "의료 취약지 원격 진료", "청년 마음 건강 상담"],
    "환경산림국": ["미세먼지 저감", "1회용품 줄이기", "탄소중립 생활 실천", "자원 재활용", "도시 숲 조성", "하천 수질 관리", "기후위기 적응", "폐자원 에너지화"],
    "새만금해양수산국": ["새만금 투자 안내", "어촌 활력 사업", "수산물 유통", "해양 쓰레기 수거", "항만 물류", "어업인 안전", "해양 관광", "귀어 지원"],
    "자치행정국": ["업무보고 공유", "전자 결재", "복합 민원 처리", "신규 공무원 학습동아리", "시·군 협력 회의", "청사 에너지 관리", "도정 소식 전달", "인수인계"],
    "대외협력국": ["외국인 주민 정착", "해외 자매도시 교류", "국가 예산 확보", "재외 도민 네트워크", "국제 행사 유치", "외국인 유학생 지역 정착", "대외 협력 사업 관리", "외국인 계절근로자 지원"],
    "동물보호방역국": ["반려동물 등록", "유기동물 입양", "가축 전염병 방역", "축산물 안전 점검", "동물 복지 농장", "길고양이 중성화", "방역 소독 차량 관리", "가축 백신 접종"],
    "소방본부": ["119 신고 접수", "화재 안전 점검", "구급 출동", "소방 용수 관리", "다중이용시설 안전 교육", "소방 헬기 운영", "주택용 소방시설 보급", "의용소방대 운영"],
    "인재개발원": ["공무원 교육 과정", "신규 공무원 멘토링", "온라인 학습", "교육 만족도 관리", "직무 역량 진단", "외부 강사 관리", "교육생 지역상권 이용", "교육 시설 대관"],
    "수산기술연구소": ["스마트 양식", "흰다리새우 양식 기술 보급", "수산 종자 방류", "내수면 어업 지원", "양식 어가 질병 진단", "해양 생태 조사", "수산 신품종 개발", "어업인 기술 교육"],
    "농업기술원": ["농업 기술 상담", "신품종 보급", "병해충 예찰", "농식품 가공 창업", "스마트 농업 교육", "토양 검정", "청년 농업인 육성", "농업 기상 정보"],
    "보건환경연구원": ["감염병 검사", "식품 안전 검사", "대기질 측정 정보", "수질 검사", "먹는 물 검사 결과 공개", "잔류농약 검사", "실험실 안전 관리", "검사 접수"],
}  # fmt: skip
WAYS = ["스마트", "찾아가는", "원스톱", "데이터 기반", "AI 활용", "도민 참여형", "모바일", "맞춤형", "통합", "비대면", "현장 중심", "민관 협력"]  # fmt: skip
DEEDS = ["도입", "구축", "운영", "확대", "개선", "시범사업", "고도화", "매뉴얼 제작", "플랫폼 구축", "체계 마련"]  # fmt: skip

# Routine, low-value work a team proposes to abolish, shrink or improve (seed 001, 004).
ROUTINES = [
    "주간 업무추진 실적 서면 보고", "월간 실적 취합 보고", "관행적 홍보 리플릿 제작",
    "형식적 위원회 대면 개최", "종이 문서 출력·보관", "중복 통계 자료 작성", "시·군 자료 취합 요청",
    "행사 의전 준비", "수기 대장 관리", "민원 처리 결과 이중 입력", "연간 계획서 책자 인쇄",
    "정기 회의 자료 책자 제작", "출장 결과 보고서 작성", "유사 교육 중복 참석", "형식적 현장 점검",
    "실적 위주 보도자료 작성", "연말 사업 결과 보고회", "관행적 기념품 구매", "엑셀 현황표 수작업 갱신",
    "팩스 공문 접수", "공람 문서 종이 회람", "나열식 간부회의 보고자료", "관례적 업무협약 체결 행사",
    "사업 설명회 중복 개최", "보조금 정산 서류 중복 제출", "각종 실태조사 중복 실시",
    "평가 대비 증빙 자료철 작성", "부서 간 협조 공문 반복 발송", "결재 전 이중 검토",
    "민원 회신 문서 수작업 발송",
]  # fmt: skip
ROUTINES_OF: dict[str, list[str]] = {
    "문화체육관광국": ["도청 전시실 대관 수기 접수", "소규모 축제 평가 용역", "관광 안내 책자 대량 인쇄"],
    "건설교통국": ["소규모 사업 기술심의", "도로 점용 허가 대장 수기 관리", "교통량 조사 수작업 집계"],
    "자치행정국": ["표창 추천 이중 결재", "징계 비위 사실 반복 조회", "청사 출입 대장 수기 작성"],
    "기획조정실": ["월별 도정 주요업무 책자 제작", "규제 개선 실적 중복 보고"],
    "기업유치지원실": ["투자협약 체결식 의전 준비", "기업 방문 결과 중복 보고", "유치 실적 수기 집계"],
}  # fmt: skip
ACTION_WORDS = {
    A.ABOLISH: ["폐지"],
    A.REDUCE: ["축소", "주기 축소", "간소화"],
    A.IMPROVE: ["개선", "절차 개선", "전자화"],
}


@dataclass(frozen=True)
class Pinned:
    """An idea the articles name, placed in its bureau (and division/team when known)."""

    title: str
    bureau: str
    division: str | None = None
    team: str | None = None
    summary: str = ""
    path: str = ""
    action: str = ""


# Season 1's 15 adopted ideas (seed 000: "최종 15개를 도정에 접목"). HOOK for the review
# issue: reviews' demo step marks exactly these S1 ideas adopted once decision models exist.
S1_ADOPTED = [
    Pinned("도지사와 함께 가는 정책소풍", "기획조정실", "정책기획관", summary="도지사와 도민이 현장을 함께 걸으며 정책을 듣고 바로 답하는 소통 프로그램입니다.", path=P.BUDGET),
    Pinned("지역특화형 비자 시범사업", "대외협력국", "국제협력과", summary="인구감소지역에 정착하는 외국인에게 지역특화형 비자를 주는 법무부 시범사업에 참여합니다.", path=P.ORDINANCE),
    Pinned("1기업 1공무원 전담제 도입", "기업유치지원실", "기업유치과", team="1기업1공무원팀", path=P.IMMEDIATE),
    Pinned("찾아가는 현장 규제 상담창구 운영", "기획조정실", "법무행정과", path=P.IMMEDIATE),
    Pinned("업무보고 게시판 행정 전환", "자치행정국", "총무과", path=P.IMMEDIATE),
    Pinned("회계 의뢰 절차 일원화", "자치행정국", "회계과", path=P.IMMEDIATE),
    Pinned("복지·일자리·보건 원스톱 통합 상담창구", "복지여성보건국", "사회복지과", path=P.BUDGET),
    Pinned("찾아가는 사전 컨설팅 감사 도입", "자치행정국", "자치행정과", path=P.ORDINANCE),
    Pinned("스마트양식 실증단지 기업 연계", "수산기술연구소", "양식연구과", path=P.BUDGET),
    Pinned("전북형 농촌 일손 중개 플랫폼", "농생명축산식품국", "농촌활력과", path=P.BUDGET),
    Pinned("새만금 투자유치 원스톱 안내센터", "새만금해양수산국", "새만금개발과", path=P.BUDGET),
    Pinned("도민 안전 알림 문자 다국어 서비스", "도민안전실", "안전정책과", path=P.IMMEDIATE),
    Pinned("지역상권 이용의 날 운영", "인재개발원", "교육기획과", path=P.IMMEDIATE),
    Pinned("이차전지 기업 인력 양성 협약", "미래산업국", "이차전지산업과", path=P.BUDGET),
    Pinned("관광지 무장애 여행 코스 개발", "문화체육관광국", "관광산업과", path=P.BUDGET),
]  # fmt: skip
S1_ADOPTED_TITLES = [p.title for p in S1_ADOPTED]

# (season 1 original, season 2 re-proposal): the same idea, spaced and worded differently.
NEAR_DUPLICATES = [
    (Pinned("기업유치 관리시스템 구축", "기업유치지원실", "기업유치과", team="기업유치기획팀", summary="유치 상담부터 투자협약, 사후관리까지 기업 정보를 한곳에서 관리합니다.", path=P.BUDGET),
     None),  # season 2's is the demo team leader's draft, below
    (Pinned("스마트 민원 안내 챗봇 도입", "기획조정실", "정보화정책과", path=P.BUDGET),
     Pinned("스마트민원 안내챗봇 구축", "기획조정실", "정보화정책과", path=P.BUDGET)),
    (Pinned("찾아가는 복지 상담소 운영", "복지여성보건국", "사회복지과", path=P.BUDGET),
     Pinned("찾아가는 복지상담소 운영 확대", "복지여성보건국", "노인복지과", path=P.BUDGET)),
    (Pinned("탄소소재 기업 원스톱 지원창구", "미래산업국", "탄소융복합산업과", path=P.IMMEDIATE),
     Pinned("탄소 소재 기업 원스톱 지원 창구 설치", "기업유치지원실", "투자금융과", team="탄소특화단지팀", path=P.IMMEDIATE)),
    (Pinned("골목 상권 활성화 사업", "민생경제국", "소상공인지원과", path=P.BUDGET),
     Pinned("골목상권 활성화 지원사업", "기업유치지원실", "일자리경제정책관", team="골목상권팀", summary="빈 점포가 늘어난 골목상권에 청년 창업과 공동 마케팅을 묶어 지원합니다.", path=P.BUDGET)),
    (Pinned("공공데이터 개방 포털 구축", "기획조정실", "정보화정책과", path=P.BUDGET),
     Pinned("공공 데이터 개방포털 고도화", "기획조정실", "정책기획관", path=P.BUDGET)),
    (Pinned("전통시장 온라인 장보기 지원", "민생경제국", "민생경제과", path=P.BUDGET),
     Pinned("전통 시장 온라인장보기 지원사업", "민생경제국", "소상공인지원과", path=P.BUDGET)),
    (Pinned("산업단지 입주기업 통근버스 공동 운영", "기업유치지원실", "산업입지과", path=P.BUDGET),
     Pinned("산업 단지 입주 기업 통근 버스 공동운영", "기업유치지원실", "산업입지과", path=P.BUDGET)),
]  # fmt: skip
# The one pair the planning office has already linked as a duplicate (the rest are to find).
LINKED_DUPLICATE = "탄소 소재 기업 원스톱 지원 창구 설치"

# The demo team leader's team in season 2: one submitted idea and one draft.
LEADER_SUBMITTED = Pinned(
    "1기업 1공무원 매뉴얼 제작",
    "기업유치지원실",
    summary="기업마다 전담 공무원이 처음 만나는 날부터 투자 완료까지 할 일을 한 권의 매뉴얼로 정리합니다.",
    path=P.IMMEDIATE,
)
LEADER_DRAFT = Pinned(
    "기업 유치 관리 시스템 도입",
    "기업유치지원실",
    summary="흩어진 기업 상담 기록과 투자협약 이행 현황을 하나의 시스템으로 모아 관리합니다.",
    path=P.BUDGET,
)

# Work-reduction tasks from the briefings of seed 001 (and seed 004's procedures).
W1_PINNED = [
    Pinned("전북자치도청 전시실 운영 개선", "문화체육관광국", "예술진흥과", summary="대관 신청을 온라인으로 받고, 관행적 기획 전시는 줄여 전시실을 도민 작가에게 엽니다.", action=A.IMPROVE, path=P.IMMEDIATE),
    Pinned("전주권 광역도시계획 수립 개선", "건설교통국", "도시정책과", summary="시·군마다 따로 하던 기초 조사를 한 번에 묶어 계획 수립 기간과 용역비를 줄입니다.", action=A.IMPROVE, path=P.IMMEDIATE),
    Pinned("지방건설 기술심의 대상 사업 축소", "건설교통국", "건설정책과", summary="소규모·단순 공사는 기술심의 대상에서 빼 심의 대기 기간을 줄입니다.", action=A.REDUCE, path=P.ORDINANCE),
    Pinned("공사·용역 회계 의뢰 절차 축소(2회→1회)", "자치행정국", "회계과", action=A.REDUCE, path=P.IMMEDIATE),
    Pinned("표창 추천 결재 단계 축소", "자치행정국", "인사과", action=A.REDUCE, path=P.IMMEDIATE),
    Pinned("메신저 쪽지 보고 폐지, 게시판 공유로 전환", "자치행정국", "총무과", action=A.ABOLISH, path=P.IMMEDIATE),
    Pinned("나열식 간부회의 보고자료 폐지", "기획조정실", "정책기획관", action=A.ABOLISH, path=P.IMMEDIATE),
]  # fmt: skip
# The division whose representative task the demo director (기업유치지원실) still has to pick.
W1_UNPICKED_DIVISION = ("기업유치지원실", "기업유치과")

SEND_BACK_REASONS = [
    "벤치마킹 기관에서 배운 점을 우리 도 현황과 비교해 구체적으로 보완해 주세요.",
    "소요 예산 산출 근거(단가, 수량)를 적어 주세요.",
    "시즌1에 비슷한 아이디어가 있습니다. 차별점을 적어 다시 제출해 주세요.",
    "추진 방식이 조례 개정으로 되어 있는데, 개정할 조항을 적어 주세요.",
]
WITHDRAW_REASONS = [
    "팀 내부 검토 결과 내년 본예산 사업과 겹쳐 철회합니다.",
    "같은 실의 다른 팀 제안과 합치기로 해 철회합니다.",
]
EXEMPTION_TEXTS = {
    Exemption.Reason.STATUTORY_DUTIES: [
        "법정 계획(중기 지방재정계획) 수립 기간과 겹쳐 제출이 어렵습니다.",
        "국정감사·도의회 행정사무감사 자료 준비 기간입니다.",
        "법정 위원회 운영과 인허가 처리 기한이 몰려 있습니다.",
    ],
    Exemption.Reason.NEW_UNIT: [
        "하반기 조직개편으로 신설된 팀으로 업무를 파악하는 중입니다.",
        "이번 달 새로 만들어진 팀이라 팀원 배치가 끝나지 않았습니다.",
    ],
    Exemption.Reason.OTHER: ["팀장이 6개월 장기 교육에 파견되어 공석입니다."],
}


@dataclass
class SeasonLine:
    code: str
    name: str
    status: str
    counts: Counter = field(default_factory=Counter)


@dataclass
class DemoReport:
    seasons: list[SeasonLine] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for s in self.seasons:
            parts = ", ".join(f"{label} {n}" for label, n in s.counts.items() if n)
            out.append(f"{s.code} {s.name} ({s.status}): {parts}")
        return out


def is_loaded() -> bool:
    return Season.objects.filter(code__in=SEASON_CODES).exists()


# Korean --------------------------------------------------------------------------------


def _has_final(word: str) -> bool:
    """Whether the word ends in a consonant (받침), which picks the particle: 을/를, 은/는."""
    last = word.rstrip(")")[-1:]
    code = ord(last) - 0xAC00 if last else -1
    if 0 <= code < 11172:
        return code % 28 != 0
    return last in "013678"  # 영 일 삼 육 칠 팔


def _eul(word: str) -> str:
    return word + ("을" if _has_final(word) else "를")


def _eun(word: str) -> str:
    return word + ("은" if _has_final(word) else "는")


# The organisation ----------------------------------------------------------------------


@dataclass
class _Org:
    teams: list[Team]  # active teams in briefing order, with division and bureau
    leader_of: dict[int, int]  # team id → team leader's user id
    members_of: dict[int, list[int]]  # team id → team members' user ids
    director_of: dict[int, int]  # bureau id → director's user id
    accounts: dict[str, User]

    def template(self, team: Team) -> str:
        """The bureau's name without the copy prefix (제2기업유치지원실 → 기업유치지원실)."""
        return re.sub(r"^제\d+", "", team.division.bureau.name)

    def first_copy(self, team: Team) -> bool:
        return not re.match(r"^제\d+", team.division.bureau.name)

    def directors_bureau(self) -> list[Team]:
        """The teams of the demo director's bureau (기업유치지원실, the first copy's)."""
        director = self.accounts.get("director")
        return [t for t in self.teams if director and t.division.bureau_id == director.bureau_id]

    def find(self, pinned: Pinned, rng: random.Random, exclude: set[int] = frozenset()) -> Team:
        """A team of the first copy where a pinned idea belongs."""
        fits = [
            t
            for t in self.teams
            if self.first_copy(t)
            and t.division.bureau.name == pinned.bureau
            and (pinned.division is None or t.division.name == pinned.division)
            and (pinned.team is None or t.name == pinned.team)
            and t.pk not in exclude
        ]
        if not fits:  # a reorganised org chart: fall back to any team of the bureau, or any
            fits = [t for t in self.teams if t.division.bureau.name == pinned.bureau] or self.teams
        return rng.choice(fits)


def _load_org() -> _Org:
    teams = list(
        Team.objects.filter(is_active=True)
        .select_related("division__bureau")
        .order_by(
            "division__bureau__display_order",
            "division__bureau__name",
            "division__display_order",
            "division__name",
            "display_order",
            "name",
        )
    )
    leader_of: dict[int, int] = {}
    members_of: dict[int, list[int]] = defaultdict(list)
    director_of: dict[int, int] = {}
    people = (
        User.objects.filter(is_active=True)
        .exclude(position="")
        .order_by("employee_number", "pk")
        .values_list("pk", "position", "team_id", "bureau_id")
    )
    for pk, position, team_id, bureau_id in people:
        if position == Position.TEAM_LEADER:
            leader_of.setdefault(team_id, pk)
        elif position == Position.TEAM_MEMBER:
            members_of[team_id].append(pk)
        elif position == Position.BUREAU_DIRECTOR:
            director_of.setdefault(bureau_id, pk)
    teams = [t for t in teams if t.pk in leader_of]  # a team without a leader cannot submit
    accounts = {
        u.username: u
        for u in User.objects.filter(username__in=["leader", "member", "director", "planner"])
    }
    return _Org(teams, leader_of, members_of, director_of, accounts)


# Times ---------------------------------------------------------------------------------


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL)


def _office_time(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A moment on a weekday between 09:00 and 18:30 in [start, end), if there is one."""
    for _ in range(20):
        moment = start + (end - start) * rng.random()
        local = moment.astimezone(LOCAL)
        if local.weekday() < 5 and 9 <= local.hour < 18:
            return moment
    return start + (end - start) * rng.random()


@contextmanager
def _timestamps_as_given(*fields) -> Iterator[None]:
    """Let bulk_create write the given created/updated times instead of now.

    auto_now(_add) fields overwrite any value on insert; the demo's history is in the
    past. Restored on exit; load_demo runs in one thread, so nothing else sees the change.
    """
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f, *_ in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _fields(model, *names):
    return [model._meta.get_field(name) for name in names]


# Content -------------------------------------------------------------------------------


def _budget(rng: random.Random) -> int:
    """A KRW estimate in round millions, from a manual's print run to a system build."""
    return rng.choice([5, 10, 20, 30, 50, 80, 100, 150, 200, 300, 500, 800, 1200, 3000]) * 1_000_000


def _benchmarking_content(
    rng: random.Random, org_theme: str, pinned: Pinned | None, visited_between
) -> dict:
    preferred = PREFERRED.get(org_theme, [])
    fitting = [i for i in INSTITUTIONS if i[0] in preferred]
    institution, source_type, place, practice = rng.choice(
        fitting if fitting and rng.random() < 0.75 else INSTITUTIONS
    )
    target = rng.choice(THEMES.get(org_theme) or THEMES["기획조정실"])
    if pinned:
        title = pinned.title
        target = re.sub(
            r"\s*(도입|구축|운영|확대|제작|설치|고도화|지원사업|사업|개발|전환)$", "", title
        )
        path = pinned.path or P.IMMEDIATE
    else:
        way, deed = rng.choice(WAYS), rng.choice(DEEDS)
        title = undoubled(f"{way} {target} {deed}")  # "축제 운영" + "운영": once
        path = rng.choices([P.IMMEDIATE, P.BUDGET, P.ORDINANCE], [45, 35, 20])[0]
    city = rng.choice(CITIES)
    summary = (
        pinned.summary
        if pinned and pinned.summary
        else rng.choice(
            [
                f"{institution}의 {practice} 사례를 참고해 {_eul(target)} 바꿉니다.",
                f"{_eul(target)} {institution} 방식으로 개선해 도민이 체감하는 도정 혁신 과제로 추진합니다.",
                f"{institution}에서 본 {_eul(practice)} 우리 도의 {target}에 맞게 들여옵니다.",
            ]
        )
    )
    problem = rng.choice(
        [
            f"{target} 관련 정보가 부서와 시·군에 흩어져 있어 같은 자료를 여러 번 요청하고 있습니다.",
            f"{target} 업무가 담당자 경험에 의존해 처리 기간이 들쭉날쭉하고, 인사이동 때마다 노하우가 끊깁니다.",
            f"도민과 기업이 {_eul(target)} 잘 몰라 이용률이 낮습니다(최근 3년 평균 {rng.randint(8, 35)}%).",
            f"{target} 처리가 종이 서류와 방문 접수 위주라 평균 {rng.randint(5, 30)}일이 걸립니다.",
            f"다른 시·도는 {_eul(target)} 이미 개선했지만 우리 도는 아직 기존 방식 그대로입니다.",
        ]
    )
    proposal = rng.choice(
        [
            f"{institution}의 방식처럼 {target} 전담 창구를 만들고, 1단계로 {city}에서 시범 운영한 뒤 도 전역으로 넓힙니다.",
            f"관련 부서와 시·군이 함께하는 TF를 꾸려 {target} 절차를 하나로 정리하고 온라인으로 접수합니다.",
            f"상반기에 {target} 매뉴얼을 만들고 하반기에 14개 시·군에 확산합니다.",
            f"{target} 데이터를 한곳에 모아 담당자가 바뀌어도 이력이 이어지게 하고, 분기마다 실·국장이 점검합니다.",
        ]
    )
    effect = rng.choice(
        [
            f"처리 기간 {rng.randint(20, 60)}% 단축, 연간 반복 문의 {rng.randint(3, 40) * 100}건 감소",
            f"도민 만족도 {rng.randint(5, 20)}점 향상과 현장 중심의 도정 혁신",
            f"{target} 관련 반복 업무 연간 {rng.randint(3, 30) * 100}시간 절감",
            f"연간 {rng.randint(2, 30) * 100}명의 도민이 새로 혜택을 받습니다.",
        ]
    )
    lessons = rng.choice(
        [
            f"{_eun(institution)} {_eul(practice)} 직접 운영하며 담당 인력과 예산을 최소화했습니다.",
            f"{practice}의 성공 요인은 처음부터 이용자 의견을 듣고 작게 시작한 데 있었습니다.",
            f"{institution} 담당자 인터뷰로 시행착오와 초기 예산 규모를 확인했습니다.",
        ]
    )
    start, end = visited_between
    return {
        "title": title,
        "summary": summary,
        "problem": problem,
        "proposal": proposal,
        "expected_effect": effect,
        "source_type": source_type,
        "source_institution": institution,
        "source_location": place,
        "visited_on": start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0))),
        "lessons_learned": lessons,
        "implementation_path": path,
        "budget_estimate_krw": _budget(rng) if path == P.BUDGET else None,
    }


def _task_content(rng: random.Random, org_theme: str, pinned: Pinned | None) -> dict:
    if pinned:
        title, action = pinned.title, pinned.action
        routine = re.sub(r"\s*(개선|축소|폐지).*$", "", title)
        path = pinned.path or P.IMMEDIATE
    else:
        routine = rng.choice(ROUTINES + ROUTINES_OF.get(org_theme, []) * 3)
        action = rng.choices([A.ABOLISH, A.REDUCE, A.IMPROVE], [25, 35, 40])[0]
        title = f"{routine} {rng.choice(ACTION_WORDS[action])}"
        path = {
            A.ABOLISH: rng.choices([P.IMMEDIATE, P.ORDINANCE], [85, 15])[0],
            A.REDUCE: rng.choices([P.IMMEDIATE, P.ORDINANCE], [70, 30])[0],
            A.IMPROVE: rng.choices([P.IMMEDIATE, P.BUDGET], [70, 30])[0],
        }[action]
    low, high = {A.ABOLISH: (10, 90), A.REDUCE: (4, 50), A.IMPROVE: (2, 40)}[action]
    hours = rng.randint(low, high) * 10
    verb = {A.ABOLISH: "폐지", A.REDUCE: "축소", A.IMPROVE: "개선"}[action]
    summary = (
        pinned.summary
        if pinned and pinned.summary
        else f"관행적으로 해 온 {_eul(routine)} {verb}해 연간 {hours}시간을 혁신 시책에 돌립니다."
    )
    problem = rng.choice(
        [
            f"{routine}에 팀원 {rng.randint(2, 6)}명이 매달 {rng.randint(1, 5)}일가량을 쓰지만, 결과를 활용하는 곳이 거의 없습니다.",
            f"{_eun(routine)} 10년 넘게 관행대로 이어져 왔고, 같은 내용을 다른 시스템에도 다시 입력합니다.",
            f"{routine} 때문에 본연의 업무가 밀리고 야근이 잦습니다(월 평균 {rng.randint(8, 30)}시간).",
        ]
    )
    proposal = {
        A.ABOLISH: f"{_eul(routine)} 즉시 폐지하고, 꼭 필요한 항목은 기존 시스템의 통계로 대신합니다.",
        A.REDUCE: f"{_eul(routine)} 월 1회에서 분기 1회로 줄이고 서식을 1쪽으로 간소화합니다.",
        A.IMPROVE: f"{_eul(routine)} 전자 결재와 게시판 공유로 바꿔 결재 단계를 두 번에서 한 번으로 줄입니다.",
    }[action]
    return {
        "title": title,
        "summary": summary,
        "problem": problem,
        "proposal": proposal,
        "expected_effect": f"연간 {hours}시간 절감, 본연의 업무와 새로운 혁신 시책에 집중",
        "implementation_path": path,
        "budget_estimate_krw": _budget(rng) if path == P.BUDGET else None,
        "action": action,
        "hours_saved_per_year": hours,
    }


# Plans: which team writes which idea in which state ------------------------------------


@dataclass
class _Slot:
    team: Team
    status: str = Idea.Status.SUBMITTED
    pinned: Pinned | None = None
    representative: bool = False
    duplicate_of: str | None = None  # the season-1 title this one is linked to


@dataclass
class _ExemptionPlan:
    team: Team
    status: str
    reason: str


def _fill(rng: random.Random, slots: list[_Slot], teams: list[Team], total: int) -> None:
    """Add slots until ``total``: each team not yet holding one first, then at random."""
    holding = {s.team.pk for s in slots}
    uncovered = [t for t in teams if t.pk not in holding]
    rng.shuffle(uncovered)
    for team in uncovered[: max(total - len(slots), 0)]:
        slots.append(_Slot(team))
    while len(slots) < total:
        slots.append(_Slot(rng.choice(teams)))


def _set_statuses(rng: random.Random, slots: list[_Slot], shares: dict[str, int]) -> None:
    free = [s for s in slots if s.pinned is None]
    chosen = rng.sample(free, sum(shares.values()))
    start = 0
    for status, n in shares.items():
        for slot in chosen[start : start + n]:
            slot.status = status
        start += n


def _plan_s1(rng, org: _Org, total: int) -> list[_Slot]:
    pinned = S1_ADOPTED + [original for original, _ in NEAR_DUPLICATES]
    slots = [_Slot(org.find(p, rng), pinned=p) for p in pinned]
    # Season 1 was the first: about one team in eight did not take part.
    taking_part = [t for t in org.teams if rng.random() < 0.88]
    _fill(rng, slots, taking_part, total)
    return slots


def _plan_s2(rng, org: _Org, total: int) -> tuple[list[_Slot], list[_ExemptionPlan]]:
    leader = org.accounts.get("leader")
    leader_team = leader.team_id if leader else None
    exemptions, missing = _s2_exemptions(rng, org, leader_team)
    blocked = {e.team.pk for e in exemptions} | {t.pk for t in missing}
    slots: list[_Slot] = []
    if leader_team:
        team = next(t for t in org.teams if t.pk == leader_team)
        slots.append(_Slot(team, pinned=LEADER_SUBMITTED))
        slots.append(_Slot(team, Idea.Status.DRAFT, pinned=LEADER_DRAFT))
        blocked.add(leader_team)
    for original, again in NEAR_DUPLICATES:
        if again:
            linked = original.title if again.title == LINKED_DUPLICATE else None
            slots.append(_Slot(org.find(again, rng, blocked), pinned=again, duplicate_of=linked))
    _fill(rng, slots, [t for t in org.teams if t.pk not in blocked], total)
    _set_statuses(
        rng,
        slots,
        {
            Idea.Status.DRAFT: round(total * 0.07),
            Idea.Status.RETURNED: round(total * 0.03),
            Idea.Status.WITHDRAWN: max(2, round(total * 0.007)),
        },
    )
    return slots, exemptions


def _s2_exemptions(rng, org: _Org, leader_team) -> tuple[list[_ExemptionPlan], list]:
    """The season's exemption requests, and the teams that simply have not submitted yet."""
    first_bureau = org.directors_bureau()
    exemptions: list[_ExemptionPlan] = []
    # A pending request in the demo director's bureau, so the director has one to decide.
    asking = rng.choice([t for t in first_bureau if t.pk != leader_team] or org.teams)
    exemptions.append(_ExemptionPlan(asking, Exemption.Status.PENDING, Exemption.Reason.NEW_UNIT))
    spared = {leader_team, asking.pk}
    # The first briefing day is the demo director's office "with its 20 teams" (seed 000):
    # apart from the team asking for an exemption, every team of it has an idea to present.
    spared |= {t.pk for t in first_bureau}
    others = [t for t in org.teams if t.pk not in spared]
    n = len(org.teams)
    approving, waiting = max(6, n // 40), max(2, n // 80)
    picked = rng.sample(others, approving + waiting + max(6, n // 25))
    approved = picked[:approving]
    pending = picked[approving : approving + waiting]
    missing = picked[approving + waiting :]  # teams that simply have not submitted yet
    reasons = (
        [Exemption.Reason.STATUTORY_DUTIES] * 3
        + [Exemption.Reason.NEW_UNIT] * 2
        + [Exemption.Reason.OTHER]
    )
    exemptions += [
        _ExemptionPlan(t, Exemption.Status.APPROVED, rng.choice(reasons)) for t in approved
    ]
    exemptions += [
        _ExemptionPlan(t, Exemption.Status.PENDING, rng.choice(reasons)) for t in pending
    ]
    return exemptions, missing


def _plan_w1(rng, org: _Org, total: int) -> tuple[list[_Slot], list[_ExemptionPlan]]:
    directors_teams = {t.pk for t in org.directors_bureau()}
    others = [t for t in org.teams if t.pk not in directors_teams]
    n = len(org.teams)
    exempting = max(5, n // 30)
    picked = rng.sample(others, 2 * exempting)
    exempt = picked[:exempting]  # the other half simply did not submit
    reasons = [Exemption.Reason.STATUTORY_DUTIES] * 2 + [Exemption.Reason.NEW_UNIT]
    exemptions = [_ExemptionPlan(t, Exemption.Status.APPROVED, rng.choice(reasons)) for t in exempt]
    blocked = {t.pk for t in picked}
    slots = [_Slot(org.find(p, rng, blocked), pinned=p, representative=True) for p in W1_PINNED]
    _fill(rng, slots, [t for t in org.teams if t.pk not in blocked], total)

    _pick_representatives(rng, org, slots)
    return slots, exemptions


def _pick_representatives(rng, org: _Org, slots: list[_Slot]) -> None:
    """One representative per division, picked in nine divisions out of ten; never in the
    demo director's 기업유치과, which is theirs to pick."""
    by_division: dict[int, list[_Slot]] = defaultdict(list)
    for slot in slots:
        by_division[slot.team.division_id].append(slot)
    for division_slots in by_division.values():
        team = division_slots[0].team
        names = (team.division.bureau.name, team.division.name)
        unpicked = org.first_copy(team) and names == W1_UNPICKED_DIVISION
        if unpicked:
            for slot in division_slots:
                slot.representative = False
        elif not any(s.representative for s in division_slots) and rng.random() < 0.9:
            rng.choice(division_slots).representative = True


# Writing -------------------------------------------------------------------------------


class _Writer:
    """Turns plans into rows, a batch at a time, with their history."""

    def __init__(self, rng: random.Random, clock: random.Random, org: _Org, now: dt.datetime):
        # Times come from their own generator: season 2's window follows today, and
        # drawing its moments from ``rng`` would make every title after it depend on the day.
        self.rng, self.clock, self.org, self.now = rng, clock, org, now
        self.planner = org.accounts.get("planner")
        self.idea_type = ContentType.objects.get_for_model(Idea)
        self.exemption_type = ContentType.objects.get_for_model(Exemption)
        self.season_type = ContentType.objects.get_for_model(Season)
        self.originals: dict[str, tuple[int, str]] = {}  # season-1 title → (pk, number)

    def history(self, kind, pk, action, actor_id, at, reason="", data=None) -> tuple:
        """A history entry as a row of ``HISTORY_FIELDS`` (a million of them at --scale 227:
        plain rows, no model instances)."""
        return (kind.pk, pk, action, actor_id, at, reason, data or {})

    def season(self, **fields) -> Season:
        opens = fields["submission_opens_at"]
        season = Season(
            created_by=self.planner,
            created_at=opens - dt.timedelta(days=7),
            updated_at=min(self.now, fields["submission_closes_at"]),
            **fields,
        )
        season.save()
        insert_plain(
            HistoryEntry,
            HISTORY_FIELDS,
            [
                self.history(
                    self.season_type, season.pk, "created", season.created_by_id, season.created_at
                )
            ],
        )
        return season

    def ideas(self, season: Season, slots: list[_Slot], line: SeasonLine) -> None:
        rng = self.rng
        rng.shuffle(slots)  # the order of submission, hence of the reference numbers
        opens, closes = season.submission_opens_at, season.submission_closes_at
        last = min(closes, self.now - dt.timedelta(hours=1))
        numbered = [s for s in slots if s.status != Idea.Status.DRAFT]
        times = sorted(_office_time(self.clock, opens, last) for _ in numbered)
        submitted_at = dict(zip(map(id, numbered), times, strict=True))
        visited_between = (opens.date() - dt.timedelta(days=90), opens.date())
        sequence = 0
        benchmarking = season.kind == Season.Kind.BENCHMARKING
        labels = {status: str(status.label) for status in Idea.Status}  # translated once
        for start in range(0, len(slots), BATCH):
            batch, ideas = slots[start : start + BATCH], []
            for slot in batch:
                team = slot.team
                division, bureau = team.division, team.division.bureau
                theme = self.org.template(team)
                if benchmarking:
                    content = _benchmarking_content(rng, theme, slot.pinned, visited_between)
                else:
                    content = _task_content(rng, theme, slot.pinned)
                leader_id = self.org.leader_of[team.pk]
                members = self.org.members_of.get(team.pk, [])
                author = leader_id if benchmarking or not members else rng.choice(members)
                idea = Idea(
                    season=season,
                    team=team,
                    division=division,
                    bureau=bureau,
                    team_name=team.name,
                    division_name=division.name,
                    bureau_name=bureau.name,
                    status=slot.status,
                    created_by_id=author,
                    is_representative=slot.representative,
                    **content,
                )
                if slot.status == Idea.Status.DRAFT:
                    self.as_draft(idea, slot, opens)
                else:
                    sequence += 1
                    self.as_submitted(idea, slot, sequence, submitted_at[id(slot)], leader_id)
                ideas.append(idea)
                line.counts[labels[slot.status]] += 1
                line.counts["과 대표 과제"] += slot.representative
            insert_objects(ideas)
            self.after(season, batch, ideas, members_of=self.org.members_of)

    def as_draft(self, idea: Idea, slot: _Slot, opens: dt.datetime) -> None:
        """A draft's times and version; half of the drafts not pinned are half-written."""
        idea.created_at = _office_time(self.clock, opens, self.now - dt.timedelta(hours=2))
        idea.updated_at = _office_time(self.clock, idea.created_at, self.now)
        idea.version = self.rng.randint(1, 6)
        if slot.pinned is None and self.rng.random() < 0.5:
            idea.proposal = idea.expected_effect = idea.lessons_learned = ""

    def as_submitted(
        self, idea: Idea, slot: _Slot, sequence: int, submitted_at: dt.datetime, leader_id: int
    ) -> None:
        """A submitted idea's number (as idea_submit gives it), times and version."""
        season, opens = idea.season, idea.season.submission_opens_at
        idea.sequence = sequence
        idea.reference_number = f"{season.code}-{sequence:04d}"
        idea.submitted_at = submitted_at
        idea.submitted_by_id = leader_id
        idea.created_at = _office_time(
            self.clock, max(opens, submitted_at - dt.timedelta(days=14)), submitted_at
        )
        idea.updated_at = submitted_at
        idea.version = self.rng.randint(2, 6)
        if idea.visited_on and idea.visited_on > submitted_at.date():
            idea.visited_on = submitted_at.date() - dt.timedelta(days=3)
        if slot.duplicate_of in self.originals:
            idea.duplicate_of_id = self.originals[slot.duplicate_of][0]

    def after(self, season, batch, ideas, members_of) -> None:
        """History and co-authors of a written batch (the ideas now have their pks)."""
        entries, co_authors = [], []
        originals = [original for original, _ in NEAR_DUPLICATES]
        for slot, idea in zip(batch, ideas, strict=True):
            if season.code == "S1" and slot.pinned is not None and slot.pinned in originals:
                self.originals[idea.title] = (idea.pk, idea.reference_number)
            entries += self.idea_history(season, idea)
            if season.kind == Season.Kind.WORK_REDUCTION:
                co_authors += self.co_authors(idea, members_of)
        changed = [i for i in ideas if i.status in (Idea.Status.RETURNED, Idea.Status.WITHDRAWN)]
        if changed:
            Idea.objects.bulk_update(changed, ["updated_at"])
        insert_plain(HistoryEntry, HISTORY_FIELDS, entries)
        insert_objects(co_authors, batch_size=BATCH)

    def idea_history(self, season, idea) -> list[tuple]:
        """An idea's history: created, submitted, then what happened to it."""
        kind, planner = self.idea_type, self.planner.pk if self.planner else None
        entries = [
            self.history(kind, idea.pk, IdeaAction.CREATED, idea.created_by_id, idea.created_at)
        ]
        if idea.reference_number:
            entries.append(
                self.history(
                    kind,
                    idea.pk,
                    IdeaAction.SUBMITTED,
                    idea.submitted_by_id,
                    idea.submitted_at,
                    data={"reference_number": idea.reference_number},
                )
            )
        later = idea.submitted_at and _office_time(
            self.clock,
            idea.submitted_at,
            min(self.now, idea.submitted_at + dt.timedelta(days=5)),
        )
        entries += self.state_history(idea, planner, later)
        if idea.duplicate_of_id:
            original = next(n for pk, n in self.originals.values() if pk == idea.duplicate_of_id)
            entries.append(
                self.history(
                    kind,
                    idea.pk,
                    IdeaAction.LINKED_DUPLICATE,
                    planner,
                    later,
                    data={"original": original},
                )
            )
        if idea.is_representative:
            at = _office_time(self.clock, season.submission_closes_at, self.now)
            director = self.org.director_of.get(idea.bureau_id)
            entries.append(
                self.history(kind, idea.pk, IdeaAction.MARKED_REPRESENTATIVE, director, at)
            )
        return entries

    def state_history(self, idea, planner, later) -> list[tuple]:
        """Sent back or withdrawn: the entry, and the idea's time of change."""
        kind, rng = self.idea_type, self.rng
        if idea.status == Idea.Status.RETURNED:
            idea.updated_at = later
            reason = rng.choice(SEND_BACK_REASONS)
            return [self.history(kind, idea.pk, IdeaAction.SENT_BACK, planner, later, reason)]
        if idea.status == Idea.Status.WITHDRAWN:
            idea.updated_at = later
            reason = rng.choice(WITHDRAW_REASONS)
            return [
                self.history(
                    kind, idea.pk, IdeaAction.WITHDRAWN, idea.submitted_by_id, later, reason
                )
            ]
        return []

    def co_authors(self, idea, members_of) -> list:
        # Leader and members work "as one team" (seed 001): a few members co-author.
        rng, through = self.rng, Idea.co_authors.through
        team = [*members_of.get(idea.team_id, []), self.org.leader_of[idea.team_id]]
        return [
            through(idea_id=idea.pk, user_id=user_id)
            for user_id in rng.sample(team, min(len(team), rng.randint(1, 3)))
            if user_id != idea.created_by_id
        ]

    def exemptions(self, season: Season, plans: list[_ExemptionPlan], line: SeasonLine) -> None:
        rng, rows = self.rng, []
        opens = season.submission_opens_at
        for plan in plans:
            team = plan.team
            filed_at = _office_time(self.clock, opens, min(season.submission_closes_at, self.now))
            decided = plan.status != Exemption.Status.PENDING
            rows.append(
                Exemption(
                    season=season,
                    team=team,
                    team_name=team.name,
                    bureau=team.division.bureau,
                    reason=plan.reason,
                    reason_text=rng.choice(EXEMPTION_TEXTS[plan.reason]),
                    status=plan.status,
                    filed_by_id=self.org.leader_of[team.pk],
                    filed_at=filed_at,
                    decided_by_id=self.org.director_of.get(team.division.bureau_id)
                    if decided
                    else None,
                    decided_at=_office_time(self.clock, filed_at, self.now) if decided else None,
                    decision_note="사유를 확인해 승인합니다." if decided else "",
                )
            )
            line.counts[f"제출 예외 {Exemption.Status(plan.status).label}"] += 1
        insert_objects(rows)
        kind, entries = self.exemption_type, []
        for e in rows:
            entries.append(
                self.history(
                    kind, e.pk, IdeaAction.EXEMPTION_FILED, e.filed_by_id, e.filed_at, e.reason_text
                )
            )
            if e.decided_at:
                entries.append(
                    self.history(
                        kind,
                        e.pk,
                        IdeaAction.EXEMPTION_APPROVED,
                        e.decided_by_id,
                        e.decided_at,
                        e.decision_note,
                    )
                )
        insert_plain(HistoryEntry, HISTORY_FIELDS, entries)


def _missing(slots: list[_Slot], plans: list[_ExemptionPlan], org: _Org) -> int:
    """Teams with nothing submitted and no exemption (미제출)."""
    covered = {s.team.pk for s in slots if s.status == Idea.Status.SUBMITTED}
    covered |= {p.team.pk for p in plans}
    return sum(t.pk not in covered for t in org.teams)


@transaction.atomic
def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    """Load the three demo seasons into a database holding the demo organisation."""
    rng = random.Random(f"ideas:{seed}")  # noqa: S311  (demo data, not secrets)
    org = _load_org()
    if not org.teams:
        raise RuntimeError("ideas demo needs the organisation: load departments.demo first")
    now = timezone.now()
    today = timezone.localdate(now)
    clock = random.Random(f"ideas-times:{seed}")  # noqa: S311
    writer = _Writer(rng, clock, org, now)
    report = DemoReport()
    with (
        search_indexes_built_after(Idea._meta.db_table),
        _timestamps_as_given(
            *_fields(Season, "created_at", "updated_at"),
            *_fields(Idea, "created_at", "updated_at"),
            *_fields(Exemption, "filed_at"),
            *_fields(HistoryEntry, "at"),
        ),
    ):
        s1 = writer.season(
            name="도정혁신 벤치마킹 시즌1",
            code="S1",
            kind=Season.Kind.BENCHMARKING,
            status=Season.Status.CLOSED,
            description=(
                "민선 8기 첫 팀별 벤치마킹. 팀장이 타 시·도와 기관을 직접 방문해 보고 듣고 느낀 "
                "점을 전북 도정에 어떻게 반영할지 제안합니다. 평가를 거쳐 우수 아이디어를 도정에 "
                "접목합니다."
            ),
            submission_opens_at=_local(dt.date(2022, 8, 16), 9),
            submission_closes_at=_local(dt.date(2022, 9, 30), 18),
            min_ideas_per_team=1,
        )
        line = SeasonLine("S1", s1.name, s1.get_status_display())
        writer.ideas(s1, _plan_s1(rng, org, 268 * scale), line)
        report.seasons.append(line)

        s2 = writer.season(
            name="도정혁신 벤치마킹 시즌2",
            code="S2",
            kind=Season.Kind.BENCHMARKING,
            status=Season.Status.OPEN,
            description=(
                "시즌1보다 더 발전된 아이디어를 기대합니다. 팀별 1건 이상 제출하며, 법정 사무나 "
                "부서 신설 등으로 어려운 팀은 실·국장 승인을 받아 제출 예외를 신청할 수 있습니다. "
                "보고회는 기업유치지원실 20개 팀을 시작으로 19개 실·국이 순서대로 보고합니다. "
                "즉시 조치가 가능한 것은 바로 시행하고, 예산 반영과 조례 개정이 필요한 사항은 "
                "조속히 검토합니다."
            ),
            submission_opens_at=_local(today - dt.timedelta(days=12), 9),
            submission_closes_at=_local(today + dt.timedelta(days=9), 18),
            min_ideas_per_team=1,
            exemptions_allowed=True,
        )
        line = SeasonLine("S2", s2.name, s2.get_status_display())
        slots, exemptions = _plan_s2(rng, org, 325 * scale)
        writer.ideas(s2, slots, line)
        writer.exemptions(s2, exemptions, line)
        line.counts["미제출 팀"] = _missing(slots, exemptions, org)
        report.seasons.append(line)

        w1 = writer.season(
            name="일은 빼고(−) 혁신은 곱빼기(×) 업무혁신 프로젝트",
            code="W1",
            kind=Season.Kind.WORK_REDUCTION,
            status=Season.Status.BRIEFING,
            description=(
                "관행적이고 효과가 미미한 업무는 과감히 빼고(−), 그 힘을 혁신 시책에 곱빼기(×)로 "
                "모읍니다. 팀장과 팀원이 원팀으로 과제를 발굴하고, 보고회에서는 과별 대표 과제 "
                "1건만 보고합니다. 법정 사무 추진, 부서 신설 등은 실·국 판단으로 제출 예외."
            ),
            submission_opens_at=_local(today - dt.timedelta(days=50), 9),
            submission_closes_at=_local(today - dt.timedelta(days=20), 18),
            min_ideas_per_team=1,
            exemptions_allowed=True,
            representative_per_division=True,
        )
        line = SeasonLine("W1", w1.name, w1.get_status_display())
        slots, exemptions = _plan_w1(rng, org, 291 * scale)
        writer.ideas(w1, slots, line)
        writer.exemptions(w1, exemptions, line)
        report.seasons.append(line)
    return report
