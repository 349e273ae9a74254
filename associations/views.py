from django.shortcuts import get_object_or_404, render

from .models import Association


def home(request):
    return render(request, "associations/home.html")


def association_detail(request, slug):
    association = get_object_or_404(Association.objects.published(), slug=slug)
    return render(request, "associations/association_detail.html", {"association": association})
