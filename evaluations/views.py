from django.shortcuts import render

from departments.access import AUTHENTICATED, access, restrict

from .models import Evaluation


@access(AUTHENTICATED)
def home(request):
    """The reports the user may see, newest year first."""
    evaluations = restrict(Evaluation.objects.select_related("department"), request.user).order_by(
        "-fiscal_year", "department__code"
    )
    return render(request, "evaluations/home.html", {"evaluations": evaluations})
