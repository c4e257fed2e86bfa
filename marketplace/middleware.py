from marketplace.views import DATABASE_OUTAGE_ERRORS, database_unavailable


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when the database cannot be reached, never a traceback.

    This catches what views raise (also with DEBUG on); anything raised outside a view
    reaches handler500, which makes the same decision.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_OUTAGE_ERRORS):
            return database_unavailable(request)
        return None
