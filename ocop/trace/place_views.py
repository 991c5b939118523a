"""The post of a scan's coarse place from the scan page (``ocop.trace.place``)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ocop.trace.place import PlaceError, coarse_position, place_token_scan_id, scan_place_record


# CSRF protects what a signed-in browser may be tricked into doing with its cookies. The scan page has no
# session and this view reads no cookie: what proves the post comes from the page of this scan is the
# token in it, the scan's id signed with the site's key ten minutes at most before (``place_token``).
@csrf_exempt
@require_POST
def scan_place(request: HttpRequest, scan_id: int) -> HttpResponse:
    if place_token_scan_id(request.POST.get("token", "")) != scan_id:
        return HttpResponse(status=400)
    try:
        latitude, longitude = coarse_position(
            request.POST.get("latitude", ""), request.POST.get("longitude", "")
        )
    except PlaceError:
        return HttpResponse(status=400)
    if scan_place_record(scan_id=scan_id, latitude=latitude, longitude=longitude) is None:
        return HttpResponse(status=404)
    return HttpResponse(status=204)
