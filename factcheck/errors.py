"""The base of every domain error: services raise these, the API maps them to HTTP."""


class DomainError(Exception):
    """An error in what was asked, explained for the person who asked.

    `code` is a stable machine-readable name; `details` says which input was
    wrong. The API shows both in its one error shape (a 400 unless mapped).
    """

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.details = details or {}
