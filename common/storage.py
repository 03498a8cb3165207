"""Storage for files that must never be public (bursary receipts).

They live outside MEDIA_ROOT, under PRIVATE_MEDIA_ROOT, which no URL serves: views hand them out
one by one after checking who is asking.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateStorage(FileSystemStorage):
    # Read the setting each time (not once at import), so that it follows the settings in force.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    """A private S3 bucket when DJANGO_S3_PRIVATE_BUCKET is set, otherwise PRIVATE_MEDIA_ROOT."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return PrivateStorage()
