"""The ``reports`` storage in an S3-compatible object store (``REPORTS_STORAGE=s3``, django-storages),
against moto's S3 server started here on 127.0.0.1: a report is approved, its PDF and .docx land in
the bucket and download from it byte for byte."""

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.workflow import evaluation_submit
from reports.models import ApprovedSnapshot
from reports.review import report_approve

pytestmark = pytest.mark.django_db

BUCKET = "jxpj-reports-test"
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **KEYS},
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("moto server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """The settings ``REPORTS_STORAGE=s3`` and the AWS_* variables produce (config.settings.reports_storage)."""
    from config.settings import reports_storage

    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **_client_keys())
    client.create_bucket(Bucket=BUCKET)
    environment = {
        "REPORTS_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        **KEYS,
    }
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        settings.STORAGES = {**settings.STORAGES, "reports": reports_storage()}
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return client


def _client_keys():
    return {"aws_access_key_id": KEYS["AWS_ACCESS_KEY_ID"], "aws_secret_access_key": KEYS["AWS_SECRET_ACCESS_KEY"]}


def test_an_approved_report_is_archived_in_the_object_store_and_downloads_from_it(
    client, clean_evaluation, s3_storage, django_capture_on_commit_callbacks
):
    from django.core.files.storage import storages

    assert type(storages["reports"]).__name__ == "S3Storage"
    users = get_user_model().objects
    with django_capture_on_commit_callbacks(execute=True):
        submitted = evaluation_submit(evaluation=clean_evaluation, user=users.get(username="filler2"))
    keys = {item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert any(key.startswith(f"submitted/2018/{submitted.pk}/") for key in keys)  # stored on submission

    approved = report_approve(evaluation=submitted, user=users.get(username="reviewer"))
    snapshot = ApprovedSnapshot.objects.get(evaluation=approved)
    pdf = s3_storage.get_object(Bucket=BUCKET, Key=snapshot.pdf_name)["Body"].read()
    docx = s3_storage.get_object(Bucket=BUCKET, Key=snapshot.docx_name)["Body"].read()
    assert hashlib.sha256(pdf).hexdigest() == snapshot.pdf_sha256 and pdf.startswith(b"%PDF")
    assert hashlib.sha256(docx).hexdigest() == snapshot.docx_sha256 and docx.startswith(b"PK")

    client.force_login(users.get(username="filler2"))
    response = client.get(reverse("reports:pdf", args=[approved.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    response = client.get(reverse("reports:docx", args=[approved.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == docx
