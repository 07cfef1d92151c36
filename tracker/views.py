from django.shortcuts import render

from . import models


def home(request):
    context = {
        "meetings": models.Meeting.objects.for_list()[:10],
        "cities": models.City.objects.for_list(),
    }
    return render(request, "tracker/home.html", context)
