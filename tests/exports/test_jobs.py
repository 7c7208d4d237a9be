"""Export jobs: small workbooks at once, large ones by the Celery task with progress on the
page; a re-click never starts a second; files only until they expire; the task is
idempotent; the "export finished" moment fires once."""

import datetime as dt
import io
import os

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from rest_framework.test import APIClient

from core.models import HistoryEntry
from exports import services, tasks
from exports.models import ExportJob
from exports.services import ExportAction
from exports.workbooks import Progress
from notifications.models import Notification

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def large(settings):
    """Every workbook counts as large: it goes to the Celery task."""
    settings.EXPORTS_INLINE_MAX_ROWS = 0


def open_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def actions(job):
    return list(HistoryEntry.objects.for_object(job).values_list("action", flat=True))


def test_a_small_workbook_is_built_at_once_and_downloaded_directly(client, world, planner):
    client.force_login(planner)
    response = client.post(reverse("exports:job_list"), {"season": world.season.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exports:download", args=[job.pk])
    download = client.get(response.url)
    assert download.status_code == 200
    assert download["Content-Type"] == XLSX
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    workbook = open_xlsx(download)
    assert workbook.sheetnames[:2] == ["요약", "아이디어"]
    assert job.rows_written == job.rows_total == len(world.ideas) * 3 + 3 + 2
    assert job.expires_at - job.finished_at == dt.timedelta(hours=24)
    assert actions(job) == [ExportAction.REQUESTED, ExportAction.FINISHED]


def test_a_large_workbook_is_queued_and_its_page_polls_until_it_is_ready(
    client, world, planner, large, django_capture_on_commit_callbacks
):
    client.force_login(planner)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("exports:job_list"), {"season": world.season.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    assert job.status == ExportJob.Status.QUEUED
    assert len(callbacks) == 1  # the task, enqueued once the job is committed

    page = client.get(job.get_absolute_url()).content.decode()
    status_url = reverse("exports:job_status", args=[job.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert "차례를 기다리고 있습니다" in page
    assert reverse("exports:download", args=[job.pk]) not in page
    # The download link does not hand out a file that is not there yet.
    assert client.get(reverse("exports:download", args=[job.pk])).url == job.get_absolute_url()

    callbacks[0]()  # the worker (Celery runs eagerly in tests)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    status = client.get(status_url).content.decode()
    assert "hx-trigger" not in status  # polling stops
    assert reverse("exports:download", args=[job.pk]) in status
    assert open_xlsx(client.get(reverse("exports:download", args=[job.pk])))["아이디어"]


def test_clicking_again_while_a_workbook_is_made_does_not_start_a_second(
    client, world, planner, large, django_capture_on_commit_callbacks
):
    client.force_login(planner)
    url = reverse("exports:job_list")
    with django_capture_on_commit_callbacks() as callbacks:
        first = client.post(url, {"season": world.season.pk})
        second = client.post(url, {"season": world.season.pk})
        api = APIClient()
        api.force_authenticate(planner)
        third = api.post(reverse("exportjob-list"), {"season": world.season.pk}, format="json")
    job = ExportJob.objects.get()
    assert first.url == second.url == job.get_absolute_url()
    assert third.status_code == 202
    assert third.json()["id"] == job.pk
    assert len(callbacks) == 1
    # Another scope is another job.
    with django_capture_on_commit_callbacks():
        client.post(url, {"season": world.season.pk, "bureau": world.own.pk})
    assert ExportJob.objects.count() == 2


def test_the_database_holds_one_running_job_per_person_and_scope(world, planner, director):
    ExportJob.objects.create(requested_by=planner, season=world.season)
    ExportJob.objects.create(requested_by=planner, season=world.season, bureau=world.own)
    ExportJob.objects.create(requested_by=director, season=world.season, bureau=world.own)
    for bureau in (None, world.own):
        with pytest.raises(IntegrityError), transaction.atomic():
            ExportJob.objects.create(
                requested_by=planner,
                season=world.season,
                bureau=bureau,
                status=ExportJob.Status.RUNNING,
            )
    # Once done, the same scope may be asked for again.
    ExportJob.objects.filter(bureau=None).update(status=ExportJob.Status.FAILED)
    ExportJob.objects.create(requested_by=planner, season=world.season)


def test_a_job_that_stopped_reporting_is_failed_and_a_new_one_starts(world, planner, large):
    stale = ExportJob.objects.create(
        requested_by=planner, season=world.season, status=ExportJob.Status.RUNNING
    )
    ExportJob.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - services.STALE_AFTER - dt.timedelta(seconds=1)
    )
    job = services.export_request(season=world.season, by=planner)
    stale.refresh_from_db()
    assert job.pk != stale.pk
    assert stale.status == ExportJob.Status.FAILED
    assert "다시 요청" in stale.error


def test_the_api_queues_a_large_workbook_and_serves_it_when_ready(
    world, planner, large, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.force_authenticate(planner)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("exportjob-list"), {"season": world.season.pk}, format="json"
        )
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["download_url"], body["progress"]) == ("queued", None, 0)
    assert response["Location"] == reverse("exportjob-detail", args=[body["id"]])
    download = reverse("exportjob-download", args=[body["id"]])
    early = client.get(download)
    assert early.status_code == 409
    assert "만드는 중" in early.json()["detail"]

    callbacks[0]()
    body = client.get(reverse("exportjob-detail", args=[body["id"]])).json()
    assert (body["status"], body["progress"], body["download_url"]) == ("done", 100, download)
    assert body["filename"].endswith(".xlsx")
    assert body["size"] > 0
    assert open_xlsx(client.get(download)).sheetnames[0] == "요약"


def test_a_workbook_gone_from_the_disk_is_a_404_on_the_page_and_in_the_api(client, world, planner):
    client.force_login(planner)
    client.post(reverse("exports:job_list"), {"season": world.season.pk})
    job = ExportJob.objects.get()
    api = APIClient()
    api.force_authenticate(planner)
    response = api.get(reverse("exportjob-download", args=[job.pk]))
    # The API hands the file out as the page does: an attachment, never cached.
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert open_xlsx(response).sheetnames[0] == "요약"
    # Not response.close(): outside the client it sends request_finished, which closes
    # the test's database connection (as the other downloads here, left to the collector).

    os.remove(job.file.path)
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    gone = api.get(reverse("exportjob-download", args=[job.pk]))
    assert gone.status_code == 404
    assert gone["Content-Type"] == "application/json"


def test_the_build_task_is_idempotent(world, planner, large, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_request(season=world.season, by=planner)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    name = job.file.name
    tasks.build_export.delay(job.pk)  # a redelivery, or a second enqueue
    tasks.build_export(job.pk)
    job.refresh_from_db()
    assert job.file.name == name
    assert actions(job).count(ExportAction.FINISHED) == 1


def test_the_finished_moment_fires_once_after_the_commit(
    world, planner, large, monkeypatch, django_capture_on_commit_callbacks
):
    finished = []
    monkeypatch.setattr(services, "export_finished", finished.append)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_request(season=world.season, by=planner)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.build_export(job.pk)  # a repeat
    assert [j.pk for j in finished] == [job.pk]
    assert finished[0].status == ExportJob.Status.DONE


def test_progress_is_reported_while_the_rows_are_written(world, planner, large, monkeypatch):
    seen = []
    real_build = services.build_workbook

    def build(**kwargs):
        kwargs["progress"](5)  # as Progress does every 2,000 rows
        job = ExportJob.objects.get()
        seen.append((job.status, job.rows_written, job.progress))
        return real_build(**kwargs)

    monkeypatch.setattr(services, "build_workbook", build)
    job = services.export_request(season=world.season, by=planner)
    services.export_build(job_id=job.pk)
    total = len(world.ideas) * 3 + 3 + 2
    assert seen == [(ExportJob.Status.RUNNING, 5, 5 * 100 // total)]


def test_progress_reports_every_so_many_rows():
    calls = []
    progress = Progress(calls.append, every=3)
    for _ in range(10):
        progress.tick()
    assert calls == [3, 6, 9]
    assert progress.rows == 10


def test_a_failed_build_says_so_and_can_be_asked_for_again(
    client, world, planner, large, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "build_workbook", broken)
    job = services.export_request(season=world.season, by=planner)
    services.export_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "엑셀 파일을 만들지 못했습니다. 잠시 뒤 다시 요청하세요."
    assert not job.file
    client.force_login(planner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.error in page
    assert "다시 요청하기" in page
    assert services.export_request(season=world.season, by=planner).pk != job.pk


def test_a_job_is_built_only_if_its_requester_may_still_export(world, director, large):
    job = services.export_request(season=world.season, bureau=world.own, by=director)
    director.position = ""  # moved to a post without a bureau to direct
    director.save(update_fields=["position"])
    services.export_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert not job.file


def test_an_expired_workbook_is_refused_and_its_file_deleted(client, world, planner):
    job = services.export_request(season=world.season, by=planner)
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(planner)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    api = APIClient()
    api.force_authenticate(planner)
    assert api.get(reverse("exportjob-download", args=[job.pk])).status_code == 410

    assert tasks.delete_expired_exports.delay().get() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED
    assert not job.file
    assert not os.path.exists(path)
    assert "기한이 지나" in client.get(job.get_absolute_url()).content.decode()
    assert actions(job)[-1] == ExportAction.EXPIRED
    assert services.exports_delete_expired() == 0


def test_workbooks_still_in_time_are_kept(world, planner):
    job = services.export_request(season=world.season, by=planner)
    assert services.exports_delete_expired() == 0
    assert services.exports_delete_expired(at=job.expires_at + dt.timedelta(seconds=1)) == 1


def test_the_hourly_clean_up_is_scheduled_in_the_database(db):
    task = PeriodicTask.objects.get(task="exports.tasks.delete_expired_exports")
    assert (task.interval.every, task.interval.period) == (1, "hours")
    assert task.enabled


def test_the_export_page_lists_my_recent_workbooks(
    client, world, planner, django_assert_max_num_queries
):
    for bureau in (None, world.own, world.other):
        services.export_request(season=world.season, bureau=bureau, by=planner)
    client.force_login(planner)
    # session, user, the user's roles; the seasons (form), the bureaus (form); the jobs
    # with their season and bureau (one query, however many jobs); the unread notices of
    # the header's inbox badge.
    with django_assert_max_num_queries(8):
        html = client.get(reverse("exports:job_list")).content.decode()
    assert html.count(reverse("exports:download", args=[ExportJob.objects.first().pk])) == 1
    assert html.count("내려받기</a>") + html.count("내려받기<span") >= 3


def test_the_requester_of_a_large_workbook_is_told_when_it_is_ready(
    client, world, planner, large, django_capture_on_commit_callbacks
):
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:job_list"), {"season": world.season.pk})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE
    notice = Notification.objects.get(recipient=planner, kind=Notification.Kind.EXPORT_READY)
    assert notice.url == job.get_absolute_url()
    assert job.scope_label in notice.title


def test_a_small_workbook_downloaded_at_once_tells_nobody(client, world, planner):
    client.force_login(planner)
    client.post(reverse("exports:job_list"), {"season": world.season.pk})
    assert not Notification.objects.filter(kind=Notification.Kind.EXPORT_READY).exists()
