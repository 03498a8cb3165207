"""S3-compatible object storage (django-storages), for sites on several machines: public photos
in one bucket, and receipts in a private bucket that is never public."""


def s3_storages(environ):
    """The STORAGES entries that the DJANGO_S3_* variables in `environ` ask for (none unset)."""
    options = {
        "endpoint_url": environ.get("DJANGO_S3_ENDPOINT_URL"),  # e.g. a non-AWS provider
        "region_name": environ.get("DJANGO_S3_REGION"),
        "access_key": environ.get("DJANGO_S3_ACCESS_KEY_ID"),
        "secret_key": environ.get("DJANGO_S3_SECRET_ACCESS_KEY"),
    }
    storages = {}
    if bucket := environ.get("DJANGO_S3_MEDIA_BUCKET"):
        storages["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **options,
                "bucket_name": bucket,
                "querystring_auth": False,
                "file_overwrite": False,
                "custom_domain": environ.get("DJANGO_S3_MEDIA_DOMAIN"),
            },
        }
    if bucket := environ.get("DJANGO_S3_PRIVATE_BUCKET"):
        storages["private"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **options,
                "bucket_name": bucket,
                "default_acl": "private",
                "querystring_auth": True,  # never a public URL; views stream the file anyway
                "file_overwrite": False,
            },
        }
    return storages
