"""``manage.py import_orgchart FILE.xlsx [--dry-run]``: the HR sheet from the command line.

Prints the counts, or every bad row; exits non-zero when the sheet was refused.
"""

from django.core.management.base import BaseCommand, CommandError

from departments.services import orgchart_import


class Command(BaseCommand):
    help = "인사 자료 엑셀(.xlsx)로 조직도와 직원을 맞춥니다. 오류가 하나라도 있으면 아무것도 저장하지 않습니다."

    def add_arguments(self, parser):
        parser.add_argument("file", help="인사 자료 파일 (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")

    def handle(self, *args, file, dry_run, **options):
        try:
            with open(file, "rb") as handle:
                result = orgchart_import(file=handle, by=None, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"파일을 열 수 없습니다: {exc}") from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.error_rows) or 1}개 행에 오류가 {len(result.errors)}건 있어 "
                "아무것도 저장하지 않았습니다."
            )
        prefix = "[검사만 함, 저장하지 않음] " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + result.summary()))
