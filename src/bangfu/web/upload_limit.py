"""The size limit of web uploads (上传大小上限): ``BANGFU_UPLOAD_MAX_MB``, checked while the request streams in.

``UploadLimitHandler`` is the first of ``FILE_UPLOAD_HANDLERS``: it counts the bytes of every file of a
request as they arrive and, past the limit, stops the upload (``StopUpload``). Django then reads and discards
the rest of the request (nothing is kept, neither in memory nor on disk) and the view finds
``request.upload_too_large`` and answers with a message — never a 500. Below the limit the chunks go on to
Django's own handlers: up to ``FILE_UPLOAD_MAX_MEMORY_SIZE`` in memory, larger files in a temporary file.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

MB = 1 << 20


def upload_limit_bytes() -> int:
    return int(getattr(settings, "BANGFU_UPLOAD_MAX_MB", 100)) * MB


class UploadLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = upload_limit_bytes()
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.upload_too_large = self.limit // MB
            raise StopUpload(connection_reset=False)  # Django drains the request, then the view answers
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers make the file
