"""``manage.py import_orgchart FILE.xlsx [--dry-run]``: the HR sheet from the command line.

Prints the counts, or every bad row; exits non-zero when the sheet was refused.
"""

from django.core.management.base import BaseCommand, CommandError

from departments.reorganisation import renames_from
from departments.services import orgchart_import


class Command(BaseCommand):
    help = "인사 자료 엑셀(.xlsx)로 조직도와 직원을 맞춥니다. 오류가 하나라도 있으면 아무것도 저장하지 않습니다."

    def add_arguments(self, parser):
        parser.add_argument("file", help="인사 자료 파일 (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")
        parser.add_argument(
            "--renames",
            choices=["accept", "reject"],
            help="부서 코드가 없는 파일에서 이름이 바뀐 것으로 보이는 조직 짝을 모두 "
            "같은 조직으로 이어 가거나(accept) 폐지·신설로 처리합니다(reject)",
        )

    def handle(self, *args, file, dry_run, renames=None, **options):
        result = self._import(file, dry_run=dry_run)
        if result.needs_confirmation:
            for pair in result.proposals:
                self.stdout.write(f"{pair.old_name} -> {pair.new_name} ({pair.reason})")
            if renames is None:
                raise CommandError(
                    "이름이 바뀐 것으로 보이는 조직이 있어 저장하지 않았습니다. "
                    "--renames=accept 또는 --renames=reject 로 다시 실행하세요."
                )
            accepted = renames_from(result.proposals) if renames == "accept" else {}
            result = self._import(file, dry_run=dry_run, renames=accepted)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.error_rows) or 1}개 행에 오류가 {len(result.errors)}건 있어 "
                "아무것도 저장하지 않았습니다."
            )
        prefix = "[검사만 함, 저장하지 않음] " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + result.summary()))

    def _import(self, file, **kwargs):
        try:
            with open(file, "rb") as handle:
                return orgchart_import(file=handle, by=None, **kwargs)
        except OSError as exc:
            raise CommandError(f"파일을 열 수 없습니다: {exc}") from exc
