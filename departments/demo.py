"""Demo organisation: 19 bureaus modeled on Jeonbuk, a few thousand staff, demo accounts.

The organisation is written as the HR office's sheet would be and fed to the importer,
so the demo exercises the one code path that real data takes. Everything is drawn from
``random.Random(seed)``: the same seed gives the same people.

Scale: ``--scale N`` builds ⌈√N⌉ copies of the 19 bureaus (``bureau_copies``), while the
ideas demo (ideas.demo) grows ∝ N. The benchmarks need 200,000 ideas (N = 227): a
copy per unit of scale would be 600,000 staff and minutes of import, ⌈√227⌉ = 16 copies
are 46,000 staff in ~20 s, and ideas per team grow only ∝ √N. Scale 1 and 2 give 1 and
2 copies, as before.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from departments.importer import orgchart_import
from departments.models import Bureau, Role, Team, User
from departments.services import role_groups_ensure

DEMO_PASSWORD = "demo1234"  # noqa: S105  (published demo accounts, local data only)
EMAIL_DOMAIN = "jeonbuk-demo.example"

# Briefing order (display_order) follows this list: 기업유치지원실 opened season 2 (seed 000).
# Division names are real where the articles give them (투자금융과, 일자리경제정책관,
# 법무행정과, 인재개발원, 수산기술연구소), plausible elsewhere.
BUREAUS: list[tuple[str, list[str]]] = [
    ("기업유치지원실", ["기업유치과", "투자금융과", "일자리경제정책관", "산업입지과"]),
    ("기획조정실", ["정책기획관", "예산과", "법무행정과", "정보화정책과", "세정과"]),
    ("도민안전실", ["안전정책과", "사회재난과", "자연재난과", "비상대책과"]),
    ("미래산업국", ["미래산업과", "탄소융복합산업과", "이차전지산업과", "에너지산업과"]),
    ("민생경제국", ["민생경제과", "소상공인지원과", "일자리정책과", "사회적경제과"]),
    ("문화체육관광국", ["문화정책과", "관광산업과", "체육정책과", "예술진흥과", "문화유산과"]),
    ("건설교통국", ["건설정책과", "도로과", "교통정책과", "도시정책과", "하천과"]),
    (
        "농생명축산식품국",
        ["농업정책과", "농식품산업과", "축산정책과", "친환경농업과", "스마트농업과", "농촌활력과"],
    ),
    ("복지여성보건국", ["사회복지과", "여성가족과", "노인복지과", "장애인복지과", "보건의료과"]),
    ("환경산림국", ["환경정책과", "기후대응과", "자원순환과", "산림정책과", "공원녹지과"]),
    ("새만금해양수산국", ["새만금개발과", "해양항만과", "수산정책과"]),
    ("자치행정국", ["총무과", "자치행정과", "인사과", "회계과", "공보과"]),
    ("대외협력국", ["대외협력과", "국제협력과", "전략사업과"]),
    ("동물보호방역국", ["동물보호과", "동물방역과", "축산물안전과"]),
    ("소방본부", ["소방행정과", "대응예방과", "소방안전과"]),
    ("인재개발원", ["교육기획과", "인재양성과", "교육운영과"]),
    ("수산기술연구소", ["해양자원과", "양식연구과", "내수면연구과"]),
    ("농업기술원", ["기술보급과", "작물연구과", "원예연구과", "농식품개발과"]),
    ("보건환경연구원", ["감염병연구과", "식품의약품과", "대기환경과", "수질환경과"]),
]
# Teams named where the articles or the demo accounts need them; the rest are derived.
TEAMS: dict[tuple[str, str], list[str]] = {
    # 기업유치지원실: exactly 20 teams, as at the first season-2 briefing.
    ("기업유치지원실", "기업유치과"): [
        "기업유치기획팀",
        "국내기업유치팀",
        "해외투자유치팀",
        "1기업1공무원팀",
        "기업애로해소팀",
    ],
    ("기업유치지원실", "투자금융과"): [
        "투자금융기획팀",
        "지방투자촉진팀",
        "탄소특화단지팀",
        "금융지원팀",
        "벤처투자팀",
    ],
    ("기업유치지원실", "일자리경제정책관"): [
        "일자리정책팀",
        "상생일자리팀",
        "고용지원팀",
        "청년일자리팀",
        "골목상권팀",
    ],
    ("기업유치지원실", "산업입지과"): [
        "산업입지팀",
        "산업단지팀",
        "입지지원팀",
        "투자환경팀",
        "기업도시팀",
    ],
    ("기획조정실", "정책기획관"): ["정책기획팀", "도정혁신팀", "성과평가팀", "비서팀"],
    ("기획조정실", "법무행정과"): ["법무팀", "규제개혁팀", "행정심판팀"],
}
_TEAM_SUFFIXES = ["기획", "지원", "관리", "운영", "사업", "진흥", "조정", "협력", "육성"]

# Surnames with their approximate share of the population (통계청 2015), in per mille.
_SURNAMES = {
    "김": 215, "이": 147, "박": 84, "최": 47, "정": 44, "강": 24, "조": 21, "윤": 21,
    "장": 20, "임": 17, "한": 15, "오": 15, "서": 15, "신": 14, "권": 14, "황": 14,
    "안": 13, "송": 13, "전": 13, "홍": 11, "유": 11, "고": 9, "문": 9, "양": 9,
    "손": 9, "배": 8, "백": 8, "허": 6, "노": 5, "남": 5, "심": 5, "하": 5, "곽": 4,
    "성": 4, "차": 4, "주": 4, "우": 4, "구": 4, "민": 3, "나": 3, "진": 3, "류": 3,
}  # fmt: skip
# Given names common among people born 1965–2000, the ages of serving staff.
_GIVEN_NAMES_TEXT = """
영수 영호 영철 영희 정희 정숙 미경 미영 미숙 은주 은정 은영 은희 성호 성민 성진 성훈
지현 지영 지은 지훈 지원 지혜 현정 현주 현우 현석 상훈 상철 상민 민수 민호 민정 민지
재훈 재현 재영 수진 수정 수연 수민 동현 동훈 동욱 혜진 혜정 혜영 준호 준영 준혁 경민
경희 경수 선영 선희 승현 승민 승호 진호 진영 진우 윤정 윤희 종민 종현 정훈 정호 정민
태호 태현 용준 용호 석진 병철 병수 기현 기훈 대호 대현 세영 세진 소영 소연 아름 다은
유진 유리 하나 보람 슬기 주희 주연 가영 나영 희정 희진 명숙 명호 광수 광호 철민 철수
한결 서연 서영 예진 예슬 인영 인호 규리 규현 도현 도윤 시우 하늘 은비 한나 가은 연주
"""
_GIVEN_NAMES = _GIVEN_NAMES_TEXT.split()
_HIRE_YEARS = list(range(1990, 2024))

DEMO_USERNAMES = ["leader", "member", "divhead", "director", "reviewer", "planner", "admin"]


@dataclass
class DemoReport:
    bureaus: int = 0
    teams: int = 0
    people: int = 0
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (username, description)

    def lines(self) -> list[str]:
        head = [
            f"조직: 실·국 {self.bureaus}개, 팀 {self.teams}개, 직원 {self.people}명",
            f"데모 계정 (비밀번호 모두 {DEMO_PASSWORD}):",
        ]
        return head + [f"  {username:<9} {description}" for username, description in self.accounts]


def _director_title(bureau: str) -> str:
    if bureau.endswith("실"):
        return "실장"
    if bureau.endswith("본부"):
        return "본부장"
    if bureau.endswith("연구소"):
        return "소장"
    if bureau.endswith(("원", "연구원")):
        return "원장"
    return "국장"


def _team_names(rng: random.Random, bureau: str, division: str) -> list[str]:
    if (bureau, division) in TEAMS:
        return TEAMS[(bureau, division)]
    stem = division.removesuffix("과").removesuffix("관")
    return [f"{stem}{suffix}팀" for suffix in rng.sample(_TEAM_SUFFIXES, rng.randint(2, 5))]


class _People:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serials: dict[int, int] = {}
        self.surnames = list(_SURNAMES)
        self.weights = list(_SURNAMES.values())

    def row(self, bureau: str, division: str, team: str, position: str) -> dict[str, str]:
        rng = self.rng
        year = rng.choice(_HIRE_YEARS)
        self.serials[year] = self.serials.get(year, 0) + 1
        number = f"{year}{self.serials[year]:04d}"
        name = rng.choices(self.surnames, self.weights)[0] + rng.choice(_GIVEN_NAMES)
        return {
            "bureau": bureau,
            "division": division,
            "team": team,
            "employee_number": number,
            "name": name,
            "email": f"jb{number}@{EMAIL_DOMAIN}",
            "position": position,
        }


def bureau_copies(scale: int) -> int:
    """How many copies of the 19 bureaus a scale gets: ⌈√scale⌉ (see the module docstring)."""
    return math.isqrt(scale - 1) + 1


def generate_sheet(*, scale: int = 1, seed: int = 2023) -> tuple[list[dict], dict[str, str]]:
    """The HR sheet of the demo organisation, and the employee numbers of the demo accounts.

    ``scale`` N repeats the 19 bureaus ⌈√N⌉ times (the copies named 제2…, 제3…)."""
    rng = random.Random(f"departments:{seed}")  # noqa: S311  (demo data, not secrets)
    people = _People(rng)
    rows: list[dict] = []
    accounts: dict[str, str] = {}
    for copy in range(1, bureau_copies(scale) + 1):
        for template_name, divisions in BUREAUS:
            bureau = template_name if copy == 1 else f"제{copy}{template_name}"
            director = people.row(bureau, "", "", _director_title(bureau))
            rows.append(director)
            for division in divisions:
                head = people.row(bureau, division, "", "과장")
                rows.append(head)
                for team in _team_names(rng, template_name, division):
                    leader = people.row(bureau, division, team, "팀장")
                    members = [
                        people.row(bureau, division, team, "팀원")
                        for _ in range(rng.randint(6, 12))
                    ]
                    rows += [leader, *members]
                    if copy == 1 and team == "기업유치기획팀":
                        accounts["leader"] = leader["employee_number"]
                        accounts["member"] = members[0]["employee_number"]
                        accounts["divhead"] = head["employee_number"]
                    elif copy == 1 and team == "도정혁신팀":
                        accounts["reviewer"] = members[0]["employee_number"]
                    elif copy == 1 and team == "정책기획팀":
                        accounts["planner"] = members[0]["employee_number"]
            if copy == 1 and template_name == "기업유치지원실":
                accounts["director"] = director["employee_number"]
    return rows, accounts


def is_loaded() -> bool:
    return Bureau.objects.exists() or User.objects.filter(username__in=DEMO_USERNAMES).exists()


@transaction.atomic
def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    """Load the demo organisation into an empty database (the caller checks is_loaded)."""
    role_groups_ensure()
    rows, numbers = generate_sheet(scale=scale, seed=seed)
    result = orgchart_import(rows=rows, by=None)
    if not result.ok:  # a bug in the generator, not a user error
        raise RuntimeError("demo sheet rejected: " + "; ".join(map(str, result.errors[:5])))

    # One hash for the published demo password: PBKDF2 takes a good part of a second.
    password = make_password(DEMO_PASSWORD)
    groups = {g.name: g for g in Group.objects.all()}
    report = DemoReport(
        bureaus=Bureau.objects.count(),
        teams=Team.objects.count(),
        people=len(rows),
    )
    described = {
        "leader": "팀장, 기업유치지원실 기업유치과 기업유치기획팀",
        "member": "팀원, 같은 팀",
        "divhead": "과장, 기업유치지원실 기업유치과",
        "director": "실장, 기업유치지원실",
        "reviewer": "심사위원(도지사실), 기획조정실 정책기획관 도정혁신팀",
        "planner": "기획조정실 담당자, 기획조정실 정책기획관 정책기획팀 (관리 화면)",
    }
    role_of = {"reviewer": Role.REVIEWER, "planner": Role.PLANNING_OFFICE}
    for username, description in described.items():
        person = User.objects.get(employee_number=numbers[username])
        person.username = username
        person.password = password
        # The planning office keeps seasons and codes in the admin as well as on the pages.
        person.is_staff = username == "planner"
        person.save(update_fields=["username", "password", "is_staff"])
        if username in role_of:
            person.groups.add(groups[role_of[username].value])
        report.accounts.append((username, f"{person.full_name} — {description}"))

    admin = User.objects.create(
        username="admin",
        full_name="시스템 관리자",
        email=f"admin@{EMAIL_DOMAIN}",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
    admin.groups.add(groups[Role.SYSTEM_ADMIN.value])
    report.accounts.append(("admin", "시스템 관리자 (superuser, 관리 화면)"))
    return report
