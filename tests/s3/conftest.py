"""A real S3-compatible store (SeaweedFS, started once per test run) and, per test, the
site's storages pointed at it as S3_ENDPOINT_URL would: public images in a bucket anyone
may read, resumes in one only the app may. Each test stores under its own key prefix."""

import uuid
from dataclasses import dataclass

import boto3
import pytest
from botocore.config import Config
from django.core.files.storage import storages

from profiles.models import Profile
from stack import seaweedfs

PUBLIC_BUCKET = "marketplace-public"
PRIVATE_BUCKET = "marketplace-private"


@dataclass(frozen=True)
class Store:
    endpoint_url: str
    client: object  # boto3's S3 client, signed in as the app

    def keys(self, bucket: str, prefix: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture(scope="session")
def s3_store(tmp_path_factory):
    ports = seaweedfs.free_ports()
    process = seaweedfs.start(
        tmp_path_factory.mktemp("seaweedfs"),
        ports,
        public_buckets=[PUBLIC_BUCKET],
        buckets=[PUBLIC_BUCKET, PRIVATE_BUCKET],
    )
    try:
        endpoint = seaweedfs.endpoint_url(ports)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=seaweedfs.ACCESS_KEY,
            aws_secret_access_key=seaweedfs.SECRET_KEY,
            region_name=seaweedfs.REGION,
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )
        yield Store(endpoint, client)
    finally:
        seaweedfs.stop(process)


@pytest.fixture
def s3_storages(s3_store, settings, monkeypatch):
    """STORAGES as marketplace/settings.py makes them with S3_ENDPOINT_URL set; the prefix
    this test's files are stored under."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    common = {
        "endpoint_url": s3_store.endpoint_url,
        "access_key": seaweedfs.ACCESS_KEY,
        "secret_key": seaweedfs.SECRET_KEY,
        "region_name": "us-east-1",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
        "location": prefix,
    }
    host = s3_store.endpoint_url.removeprefix("http://")
    settings.S3_ENDPOINT_URL = s3_store.endpoint_url
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": PUBLIC_BUCKET,
                "querystring_auth": False,
                "custom_domain": f"{host}/{PUBLIC_BUCKET}",
                "url_protocol": "http:",
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": PRIVATE_BUCKET},
        },
    }
    # The resume field called its storage callable once, when the models loaded.
    monkeypatch.setattr(Profile._meta.get_field("resume"), "storage", storages["private"])
    return prefix
