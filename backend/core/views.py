from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render


def home(request):
    user = request.user
    if user.is_authenticated:
        if user.is_employer:
            return redirect("employers:dashboard")
        if user.is_officer:
            return redirect("employers:officer_dashboard")
        if user.is_graduate:
            return redirect("graduates:profile")
    return render(request, "home.html")


def healthz(request):
    """Liveness and database reachability, for the load balancer and docker compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
