"""Keep what Django's upload parser throws away: whether a file's name named a folder.

Django's ``MultiPartParser`` keeps only the last part of a file name (``../../x.pdf``
becomes ``x.pdf``), so a view never sees a name with path parts. Koers refuses such an
upload instead of storing it under a name the user did not choose: this middleware,
placed before the CSRF check (which parses the form first), gives the request a parser
that notes the refused names in ``request.upload_names_with_paths``.
"""

import html

from django.http.multipartparser import MultiPartParser


class NoteNamesParser(MultiPartParser):
    def __init__(self, *args, noted: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.noted = noted

    def sanitize_file_name(self, file_name):
        clean = super().sanitize_file_name(file_name)
        given = html.unescape(file_name)
        if clean is None or "/" in given or "\\" in given:
            self.noted.append(clean or "")
        return clean


class UploadNamesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.upload_names_with_paths = []
        if request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
            noted = request.upload_names_with_paths

            def parse_file_upload(meta, post_data):
                parser = NoteNamesParser(
                    meta, post_data, request.upload_handlers, request.encoding, noted=noted
                )
                return parser.parse()

            request.parse_file_upload = parse_file_upload
        return self.get_response(request)
