"""The open-data page and its exports, streamed so that their size does not matter."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .exports import data_inclusion, hsds, spreadsheet
from .exports.streaming import csv_rows, json_array


def _download(chunks, content_type, filename):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(records, filename):
    return _download(json_array(records), "application/json; charset=utf-8", filename)


def _csv(header, rows, filename):
    return _download(csv_rows(header, rows), "text/csv; charset=utf-8", filename)


@require_GET
def index(request):
    return render(request, "opendata/index.html")


@require_GET
def di_structures_json(request):
    return _json(data_inclusion.structures(), "structures.json")


@require_GET
def di_services_json(request):
    return _json(data_inclusion.services(), "services.json")


@require_GET
def di_structures_csv(request):
    fields = data_inclusion.STRUCTURE_FIELDS
    rows = (data_inclusion.csv_row(record, fields) for record in data_inclusion.structures())
    return _csv(fields, rows, "structures.csv")


@require_GET
def di_services_csv(request):
    fields = data_inclusion.SERVICE_FIELDS
    rows = (data_inclusion.csv_row(record, fields) for record in data_inclusion.services())
    return _csv(fields, rows, "services.csv")


@require_GET
def hsds_organizations(request):
    return _json(hsds.organizations(), "organizations.json")


@require_GET
def hsds_organization(request, slug):
    association = hsds.published_association(slug)
    if association is None:
        raise Http404
    return JsonResponse(
        hsds.organization_document(association), json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def services_spreadsheet(request):
    chunks = csv_rows(spreadsheet.COLUMNS, spreadsheet.rows(), delimiter=";", bom=True)
    return _download(chunks, "text/csv; charset=utf-8", "services-aide-alimentaire-roubaix.csv")
