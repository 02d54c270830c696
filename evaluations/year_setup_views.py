"""The 年度准备 pages: for a region and year, what must exist before its departments fill in reports.

For the 审核人 of the region (the finance bureau) and for the 系统管理员 who fixes what is missing
(and a superuser): the region is looked up among the user's regions (``setup_regions``), so another
region gives 404; a 填报人 is refused by the ``YEAR_SETUP`` rule (403), and so are the 安全管理员 and
the 审计管理员. The checklist is ``year_setup.year_setup_checklist``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from departments.access import YEAR_SETUP, access, is_setup_administrator
from departments.models import FiscalYear, Region

from .analysis.selectors import analysis_regions
from .year_setup import year_setup_checklist, year_setup_checklists


def setup_regions(user):
    """Every region for whoever may change the reference data (系统管理员, superuser); else the
    reviewer's regions, as for the district analysis."""
    if is_setup_administrator(user):
        return Region.objects.order_by("name")
    return analysis_regions(user)


@access(YEAR_SETUP)
def year_setup_index(request):
    """Every region in the user's scope × every year: ready, or how many items are missing."""
    years = list(FiscalYear.objects.order_by("-year"))
    regions = list(setup_regions(request.user))
    setups = year_setup_checklists(regions=regions, years=years, today=timezone.localdate())
    rows = [{"region": region, "setups": [setups[region.pk, year.pk] for year in years]} for region in regions]
    return render(request, "evaluations/year_setup_index.html", {"rows": rows, "years": years})


@access(YEAR_SETUP)
def year_setup(request, region_id: int, year: int):
    region = get_object_or_404(setup_regions(request.user), pk=region_id)
    fiscal_year = FiscalYear.objects.filter(pk=year).first()
    if fiscal_year is None:
        raise Http404("没有这个年度")
    setup = year_setup_checklist(region=region, year=fiscal_year)
    years = list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))
    return render(request, "evaluations/year_setup.html", {"setup": setup, "years": years})
