from django.contrib import admin

from .models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee", "name", "department", "postal_codes"]
    list_filter = ["region"]
    search_fields = ["insee", "name", "postal_codes"]
