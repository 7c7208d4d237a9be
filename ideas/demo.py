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
# What an idea on each target proposes, for its summary: ideas on one target say the same
# (they are the demo's duplicates), ideas on others share no more than a frame. (Summaries
# used to name the benchmarked practice in full, which outweighed the target: ideas on fire
# water and on investment advice citing one subsidy practice came out as duplicates.)
TARGET_DETAILS: dict[str, str] = {
    # 기업유치지원실
    "기업유치 상담 이력": "기업유치 상담 이력을 담당자 수첩이 아닌 공용 시스템에 남겨 후임자가 바로 이어받게 합니다.",
    "투자기업 사후관리": "투자기업 사후관리 일정을 협약 이행 단계마다 자동으로 알려 보조금 환수와 분쟁을 줄입니다.",
    "산업단지 입주 상담": "산업단지 입주 상담 때 빈 부지와 분양가, 인허가 기간을 한 장의 안내서로 바로 보여 줍니다.",
    "해외 투자 설명회": "해외 투자 설명회 참가 기업을 미리 업종별로 나눠 현지 바이어와 일대일 상담을 잡아 줍니다.",
    "기업 애로 해소 창구": "기업 애로 해소 창구에 접수된 건마다 처리 부서와 기한을 정하고 결과를 기업에 문자로 알립니다.",
    "지방투자촉진 보조금 안내": "지방투자촉진 보조금 지원 요건과 신청 서류를 기업 규모별 체크리스트로 만들어 안내합니다.",
    "청년 창업기업 투자 연계": "청년 창업기업과 지역 벤처캐피털을 분기마다 연결하는 투자 상담회를 정례화합니다.",
    "기업 인허가 안내": "공장 설립에 필요한 기업 인허가 절차와 처리 기간을 단계별 지도로 만들어 미리 안내합니다.",
    # 기획조정실
    "도정 성과 관리": "도정 성과 지표를 분기마다 자동 집계해 실·국별 달성률을 한 화면에서 비교합니다.",
    "예산 편성 도민 참여": "예산 편성 전에 도민 제안 사업을 온라인 투표로 골라 다음 해 예산안에 반영합니다.",
    "규제 혁신 과제 발굴": "현장 기업과 소상공인 인터뷰로 불편한 자치법규를 찾아 규제 혁신 과제로 정리합니다.",
    "공공데이터 활용": "도가 가진 공공데이터를 내려받기 쉬운 형식으로 개방하고 활용 사례 공모전을 엽니다.",
    "도정 정책 홍보": "도정 정책을 짧은 영상과 카드뉴스로 만들어 연령대별 매체에 맞춰 홍보합니다.",
    "행정심판 안내": "행정심판 청구 방법과 기한을 사례별로 쉽게 풀어 청구인이 혼자서도 준비하게 합니다.",
    "지방세 납부 안내": "지방세 고지서를 모바일 전자고지로 보내고 납부 기한 사흘 전에 다시 알립니다.",
    "간부회의 운영": "간부회의 보고를 서면으로 미리 공유하고 회의는 토론할 안건만 다뤄 시간을 절반으로 줄입니다.",
    # 도민안전실
    "재난 안전 알림": "재난 안전 알림을 읍·면 단위로 나눠 보내고 외국인에게는 모국어로 번역해 보냅니다.",
    "폭염 취약계층 보호": "폭염 특보 때 무더위 쉼터를 늘리고 야외 노동자 같은 취약계층 보호 수칙을 현장에서 점검합니다.",
    "하천 범람 감시": "하천 수위 센서와 CCTV를 연결해 범람 위험이 보이면 주민에게 대피 문자를 바로 보냅니다.",
    "어린이 통학로 안전": "어린이 통학로에 보행로를 따로 내고 등하교 시간에는 차량 통행을 막습니다.",
    "지진 대피 훈련": "학교와 아파트 단지가 함께하는 지진 대피 훈련을 해마다 실제 상황처럼 엽니다.",
    "산불 감시": "산불 감시 카메라와 드론 순찰 영상을 한 화면에서 보고 연기가 보이면 바로 출동합니다.",
    "비상 급수 체계": "단수 사고 때 병물과 급수차를 배분할 순서를 미리 정한 비상 급수 체계를 만듭니다.",
    "안전 취약시설 점검": "노후 교량과 옹벽 같은 안전 취약시설을 민간 전문가와 함께 해마다 두 번 점검합니다.",
    # 미래산업국
    "탄소소재 기업 지원": "탄소소재 기업에 시제품 제작 장비와 인증 비용을 함께 지원해 양산까지 돕습니다.",
    "이차전지 소재 기업 육성": "이차전지 소재 기업의 인력 채용과 공정 개선 비용을 묶어 지원합니다.",
    "수소 충전 인프라": "수소 충전소를 버스 차고지와 물류 거점에 먼저 세워 이용률을 높입니다.",
    "미래차 부품 전환": "엔진 부품을 만들던 중소기업이 미래차 부품으로 전환하도록 설비와 컨설팅을 지원합니다.",
    "재생에너지 단지": "재생에너지 단지 주변 주민이 발전 수익을 나눠 받는 주민 참여형 사업으로 추진합니다.",
    "드론 실증": "드론 실증 구역을 지정해 기업이 택배와 방제 비행을 허가 부담 없이 시험하게 합니다.",
    "AI 제조 혁신": "중소 제조 공장에 AI 불량 검사 장비를 시범 도입해 불량률 변화를 측정합니다.",
    "연구장비 공동 활용": "대학과 연구소의 연구장비 목록을 공개해 중소기업이 예약하고 공동 활용하게 합니다.",
    # 민생경제국
    "소상공인 경영 상담": "소상공인 경영 상담을 세무사와 마케팅 전문가가 가게로 찾아가 하는 방식으로 바꿉니다.",
    "전통시장 배송": "전통시장 장보기를 온라인으로 주문받아 당일 집까지 배송합니다.",
    "사회적기업 판로 지원": "사회적기업 제품을 공공기관 구매 목록에 올리고 온라인 기획전을 열어 판로를 지원합니다.",
    "청년 일자리 매칭": "청년 구직자와 지역 중소기업을 직무 체험 뒤 채용으로 연결하는 일자리 매칭을 운영합니다.",
    "지역화폐 가맹점 관리": "지역화폐 가맹점의 부정 결제를 거래 데이터로 찾아내 가맹점 관리를 강화합니다.",
    "착한가격업소 지원": "착한가격업소에 공공요금과 위생용품을 지원하고 지도 앱에 표시해 손님을 늘립니다.",
    "폐업 소상공인 재기": "폐업한 소상공인에게 철거비와 재취업 교육을 함께 지원해 재기를 돕습니다.",
    "협동조합 창업": "협동조합 창업 준비 모임에 설립 절차 교육과 초기 운영비를 지원합니다.",
    # 문화체육관광국
    "체류형 관광 프로그램": "한 달 살기 같은 체류형 관광 프로그램으로 관광객이 머무는 기간을 늘립니다.",
    "야간 관광 콘텐츠": "한옥마을과 다리 조명을 잇는 야간 관광 코스를 만들어 밤에도 머물게 합니다.",
    "생활체육 시설 예약": "흩어진 생활체육 시설 예약을 한 누리집에서 받고 빈 시간을 바로 보여 줍니다.",
    "지역 축제 운영": "지역 축제마다 방문객 수와 지출을 같은 기준으로 조사해 다음 해 예산에 반영합니다.",
    "무형문화재 전승": "무형문화재 보유자의 기능을 영상으로 기록하고 전수 교육생을 공개 모집합니다.",
    "전통문화 관광 상품": "한지와 전통주 같은 전통문화 체험을 숙박과 묶은 관광 상품으로 만듭니다.",
    "예술인 창작 공간": "비어 있는 공공 건물을 예술인 창작 공간으로 고쳐 싼 임대료로 빌려줍니다.",
    "도립미술관 교육 프로그램": "도립미술관 교육 프로그램을 학교 교과와 연계해 학생 단체 관람을 늘립니다.",
    # 건설교통국
    "시내버스 노선 개편": "교통카드 자료로 승객이 적은 시내버스 노선을 찾아 노선을 새로 짭니다.",
    "수요응답형 교통": "버스가 드문 농촌 마을에 전화로 부르는 수요응답형 교통을 운행합니다.",
    "도로 파손 신고": "도로 파손 신고를 사진 한 장으로 받고 보수 결과를 신고자에게 알립니다.",
    "교통약자 이동 지원": "휠체어 이용자를 위한 교통약자 이동 지원 차량을 시·군 경계 없이 예약하게 합니다.",
    "공공 건축 설계 공모": "공공 건축 설계 공모 심사를 공개로 하고 심사평을 누리집에 올립니다.",
    "빈집 정비": "방치된 빈집을 철거하거나 고쳐 마을 주차장과 쉼터로 바꿉니다.",
    "공영주차장 공유": "공공기관 주차장을 밤과 주말에 주민에게 개방하는 공영주차장 공유를 시작합니다.",
    "건설 현장 안전 점검": "건설 현장 안전 점검 결과를 점검표 앱으로 기록해 같은 지적이 반복되는 현장을 찾습니다.",
    # 농생명축산식품국
    "농촌 일손 중개": "농번기 농가와 도시 구직자를 연결하는 농촌 일손 중개 센터를 시·군마다 둡니다.",
    "스마트팜 청년 창업": "스마트팜 청년 창업자에게 임대형 온실과 재배 기술 교육을 함께 제공합니다.",
    "로컬푸드 직매장": "로컬푸드 직매장에 농가별 출하 정보를 공개해 소비자가 생산자를 확인하게 합니다.",
    "농산물 수출 물류": "농산물 수출 물류를 공동 선별장과 냉장 컨테이너로 묶어 운송비를 낮춥니다.",
    "친환경 급식 식재료": "학교 급식에 들어가는 친환경 식재료를 지역 농가와 계약 재배로 공급합니다.",
    "귀농·귀촌 정착": "귀농·귀촌 가구에 빈 농가 주택과 멘토 농가를 연결해 정착을 돕습니다.",
    "축산 악취 관리": "축산 농가 주변에 악취 센서를 달아 기준을 넘으면 바로 저감 조치를 하게 합니다.",
    "농기계 임대": "농기계 임대를 온라인으로 예약받고 무거운 장비는 농가까지 배달합니다.",
    # 복지여성보건국
    "복지 사각지대 발굴": "단전·단수와 체납 정보를 모아 위기 가구를 찾아내는 복지 사각지대 발굴을 강화합니다.",
    "독거노인 안부 확인": "독거노인 가정에 움직임 감지 센서를 달아 안부를 확인하고 이상이 있으면 생활관리사가 방문합니다.",
    "아이돌봄 서비스": "맞벌이 가정이 급할 때 부를 수 있는 아이돌봄 서비스를 야간과 주말에도 운영합니다.",
    "장애인 이동 지원": "장애인 이동 지원 차량 예약 대기 시간을 줄이려고 배차를 실시간으로 조정합니다.",
    "공공 산후조리": "산후조리원이 없는 지역에 공공 산후조리원을 세우고 이용료를 낮춥니다.",
    "치매 조기 검진": "경로당으로 찾아가는 치매 조기 검진으로 초기 환자를 빨리 찾아 치료로 잇습니다.",
    "의료 취약지 원격 진료": "보건진료소와 도립의료원을 화상으로 연결해 의료 취약지 주민이 원격 진료를 받게 합니다.",
    "청년 마음 건강 상담": "우울과 불안을 겪는 청년이 익명으로 예약하는 마음 건강 상담을 운영합니다.",
    # 환경산림국
    "미세먼지 저감": "미세먼지 고농도 때 사업장 배출을 줄이도록 자율 협약을 맺고 이행을 점검합니다.",
    "1회용품 줄이기": "도청 행사와 회의에서 1회용품을 쓰지 않도록 다회용 컵과 그릇을 빌려줍니다.",
    "탄소중립 생활 실천": "도민이 대중교통과 다회용기 이용을 기록하면 포인트를 주는 탄소중립 실천 운동을 엽니다.",
    "자원 재활용": "아파트 단지에 투명 페트병 전용 수거함을 두고 자원 재활용 실적만큼 보상합니다.",
    "도시 숲 조성": "도심 자투리땅과 학교 담장에 나무를 심어 작은 도시 숲을 만듭니다.",
    "하천 수질 관리": "하천 수질 측정 지점을 늘리고 오염원이 의심되면 상류 사업장을 바로 조사합니다.",
    "기후위기 적응": "폭우와 가뭄 피해가 잦은 마을부터 기후위기 적응 대책을 세웁니다.",
    "폐자원 에너지화": "음식물 쓰레기와 가축 분뇨로 바이오가스를 만드는 폐자원 에너지화 시설을 짓습니다.",
    # 새만금해양수산국
    "새만금 투자 안내": "새만금 투자 안내 자료를 외국어로 만들고 부지와 인센티브를 한 번에 보여 줍니다.",
    "어촌 활력 사업": "쇠퇴한 어촌에 체험 시설과 공동 작업장을 지어 어촌 활력을 되살립니다.",
    "수산물 유통": "산지 수산물을 경매 없이 온라인으로 직거래해 어민 수익을 높입니다.",
    "해양 쓰레기 수거": "어선이 조업 중 건진 해양 쓰레기를 항구에서 사들여 수거량을 늘립니다.",
    "항만 물류": "항만 물류 정보를 화주와 운송사가 함께 보게 해 대기 시간을 줄입니다.",
    "어업인 안전": "소형 어선에 구명조끼와 위치 발신기를 보급해 어업인 안전사고를 줄입니다.",
    "해양 관광": "섬과 해안 길을 잇는 해양 관광 코스를 만들고 배편 시간표를 한곳에 모읍니다.",
    "귀어 지원": "귀어를 준비하는 도시민에게 어선 임대와 어업 기술 교육을 함께 지원합니다.",
    # 자치행정국
    "업무보고 공유": "실·국의 업무보고 자료를 공유 게시판에 올려 다른 부서도 바로 찾아보게 합니다.",
    "전자 결재": "전자 결재를 휴대폰에서도 하게 해 출장 중 결재가 밀리지 않게 합니다.",
    "복합 민원 처리": "여러 부서가 얽힌 복합 민원을 전담 공무원 한 명이 처음부터 끝까지 맡습니다.",
    "신규 공무원 학습동아리": "신규 공무원 학습동아리에 선배 공무원을 붙이고 활동비를 지원합니다.",
    "시·군 협력 회의": "시·군 협력 회의를 화상으로 바꾸고 안건과 결과를 공유 문서로 남깁니다.",
    "청사 에너지 관리": "청사 조명과 냉난방을 사람이 있는 구역만 켜지게 바꿔 청사 에너지 사용량을 줄입니다.",
    "도정 소식 전달": "도정 소식을 마을 방송과 문자로 함께 보내 인터넷을 쓰지 않는 어르신에게도 닿게 합니다.",
    "인수인계": "인사 이동 때 인수인계서를 표준 양식으로 쓰고 진행 중인 업무 목록을 시스템에 남깁니다.",
    # 대외협력국
    "외국인 주민 정착": "외국인 주민에게 생활 정보와 통역을 한 창구에서 제공해 정착을 돕습니다.",
    "해외 자매도시 교류": "해외 자매도시와 청소년 교류와 특산물 교역을 함께 추진합니다.",
    "국가 예산 확보": "국가 예산 확보 대상 사업을 연초에 정하고 부처 협의 일정을 실·국이 함께 관리합니다.",
    "재외 도민 네트워크": "해외에 사는 도 출신 인사를 재외 도민 네트워크로 묶어 수출과 투자 정보를 나눕니다.",
    "국제 행사 유치": "국제 행사 유치 전략을 정하고 숙박과 교통 수용 능력을 미리 점검합니다.",
    "외국인 유학생 지역 정착": "졸업한 외국인 유학생이 지역 기업에 취업해 머물도록 인턴십을 연결합니다.",
    "대외 협력 사업 관리": "대외 협력 사업의 협약과 예산, 성과를 한 대장에서 관리합니다.",
    "외국인 계절근로자 지원": "외국인 계절근로자에게 숙소 점검과 모국어 상담을 지원해 이탈을 줄입니다.",
    # 동물보호방역국
    "반려동물 등록": "반려동물 등록을 동물병원에 가지 않고 휴대폰으로 신청하게 합니다.",
    "유기동물 입양": "보호소의 유기동물 사진과 건강 상태를 누리집에 올려 입양을 늘립니다.",
    "가축 전염병 방역": "가축 전염병이 발생하면 농장 출입 차량의 이동 경로를 바로 추적해 방역합니다.",
    "축산물 안전 점검": "도축장과 가공장의 축산물 안전 점검 결과를 공개하고 위반 업소를 다시 점검합니다.",
    "동물 복지 농장": "동물 복지 농장 인증을 받으려는 농가에 축사 개조 비용을 지원합니다.",
    "길고양이 중성화": "길고양이 중성화 수술을 지역 동물병원과 함께 하고 개체 수 변화를 조사합니다.",
    "방역 소독 차량 관리": "방역 소독 차량에 위치 기록 장치를 달아 소독한 농장과 시간을 남깁니다.",
    "가축 백신 접종": "가축 백신 접종 일정을 농가에 미리 알리고 접종 기록을 전산으로 관리합니다.",
    # 소방본부
    "119 신고 접수": "119 신고 접수 때 영상 통화로 현장을 보고 응급처치를 안내합니다.",
    "화재 안전 점검": "전통시장과 고시원의 화재 안전 점검을 야간에도 해 소화기와 비상구를 확인합니다.",
    "구급 출동": "구급 출동 때 가까운 응급실의 병상 정보를 구급차에서 바로 확인합니다.",
    "소방 용수 관리": "소화전과 비상 소화 장치 위치를 지도에 올려 소방 용수 관리를 전산화합니다.",
    "다중이용시설 안전 교육": "영화관과 대형 마트 직원에게 다중이용시설 대피 유도 교육을 합니다.",
    "소방 헬기 운영": "소방 헬기를 산악 구조와 응급 환자 이송에 함께 쓰도록 운영 기준을 고칩니다.",
    "주택용 소방시설 보급": "주택용 소화기와 화재 감지기를 홀로 사는 어르신 가구에 먼저 보급합니다.",
    "의용소방대 운영": "의용소방대원에게 정기 훈련과 활동 수당을 주고 마을 화재 예방 순찰을 맡깁니다.",
    # 인재개발원
    "공무원 교육 과정": "공무원 교육 과정을 현업 문제 해결형 과제로 바꾸고 수료 뒤 적용 결과를 확인합니다.",
    "신규 공무원 멘토링": "신규 공무원 한 명마다 선배 멘토를 정해 첫 여섯 달 동안 업무를 함께 익힙니다.",
    "온라인 학습": "온라인 학습 강좌를 휴대폰으로 듣게 하고 짧은 영상 위주로 새로 만듭니다.",
    "교육 만족도 관리": "교육이 끝나면 교육 만족도를 바로 조사해 낮은 강좌는 다음 기수에서 고칩니다.",
    "직무 역량 진단": "직급별 직무 역량 진단 결과로 부족한 역량에 맞는 교육을 추천합니다.",
    "외부 강사 관리": "외부 강사의 강의 평가와 섭외 이력을 한 명부에서 관리합니다.",
    "교육생 지역상권 이용": "합숙 교육생에게 지역 식당 이용권을 줘 교육생 지역상권 이용을 늘립니다.",
    "교육 시설 대관": "비어 있는 강의실과 체육관 같은 교육 시설을 도민에게 대관하고 예약을 온라인으로 받습니다.",
    # 수산기술연구소
    "스마트 양식": "양식장 수온과 산소 농도를 센서로 재고 이상이 있으면 어가에 알립니다.",
    "흰다리새우 양식 기술 보급": "흰다리새우 양식 기술을 시범 어가에 보급하고 생산량을 비교합니다.",
    "수산 종자 방류": "수산 종자 방류 해역을 조사 결과로 정하고 방류 뒤 생존율을 추적합니다.",
    "내수면 어업 지원": "저수지와 강에서 일하는 내수면 어업인에게 어구와 유통을 지원합니다.",
    "양식 어가 질병 진단": "양식 어가에 찾아가 물고기 질병을 진단하고 처방을 바로 알려 줍니다.",
    "해양 생태 조사": "연안 해양 생태 조사 결과를 해마다 공개해 어장 관리에 씁니다.",
    "수산 신품종 개발": "수온 변화에 강한 수산 신품종을 개발해 양식 어가에 시험 보급합니다.",
    "어업인 기술 교육": "어업인 기술 교육을 어한기에 항구 가까운 곳에서 엽니다.",
    # 농업기술원
    "농업 기술 상담": "농업 기술 상담을 화상으로도 받아 작물 사진을 보며 바로 처방합니다.",
    "신품종 보급": "지역에서 개발한 벼와 과수 신품종을 시범 농가에 먼저 보급합니다.",
    "병해충 예찰": "과수원에 병해충 예찰 트랩을 설치하고 발생 정보를 농가에 문자로 알립니다.",
    "농식품 가공 창업": "농가가 공동 가공 시설을 빌려 잼과 즙을 만드는 농식품 가공 창업을 돕습니다.",
    "스마트 농업 교육": "스마트 농업 장비를 직접 다뤄 보는 실습 위주의 교육을 농업인에게 엽니다.",
    "토양 검정": "토양 검정 결과에 맞춰 비료 처방서를 농가에 보내 비료 사용량을 줄입니다.",
    "청년 농업인 육성": "청년 농업인에게 농지 임대와 경영 컨설팅을 묶어 지원합니다.",
    "농업 기상 정보": "작물별 서리와 폭염 경보를 농업 기상 정보로 농가에 문자로 보냅니다.",
    # 보건환경연구원
    "감염병 검사": "감염병 검사 시료를 보건소에서 바로 받아 결과를 하루 안에 알립니다.",
    "식품 안전 검사": "학교 급식과 배달 음식의 식품 안전 검사를 늘리고 부적합 결과를 공개합니다.",
    "대기질 측정 정보": "대기질 측정 정보를 동네 단위로 공개해 주민이 실시간으로 확인하게 합니다.",
    "수질 검사": "지하수와 마을 상수도 수질 검사를 정기적으로 하고 결과를 주민에게 알립니다.",
    "먹는 물 검사 결과 공개": "먹는 물 검사 결과를 수도꼭지 단위로 누리집에 공개합니다.",
    "잔류농약 검사": "출하 전 농산물 잔류농약 검사를 무료로 해 주고 부적합 농가를 다시 교육합니다.",
    "실험실 안전 관리": "실험실 화학물질 보관과 폐액 처리를 점검표로 관리합니다.",
    "검사 접수": "의뢰인이 검사 접수를 온라인으로 하고 시료만 택배로 보내게 합니다.",
}
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
    detail = TARGET_DETAILS.get(target) or f"{_eul(target)} 바꿉니다."
    summary = (
        pinned.summary
        if pinned and pinned.summary
        else rng.choice(
            [
                f"{institution} 사례를 참고해 {detail}",
                f"{_eul(target)} {institution} 방식으로 개선해 도민이 체감하는 도정 혁신 과제로 추진합니다.",
                detail,
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
