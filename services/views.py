from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def service_list(request):
    # Listings arrive with the services issue; until then the page says so honestly.
    return render(request, "services/service_list.html", {"query": request.GET.get("q", "")})
