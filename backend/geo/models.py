from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """A French commune (COG 2022) with the coordinates of its centre."""

    insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    department = models.CharField(_("département"), max_length=3, db_index=True)
    region = models.CharField(_("région"), max_length=3, db_index=True)
    postal_codes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), db_index=True)
    longitude = models.FloatField(_("longitude"), db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90), name="commune_lat_range"
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180), name="commune_lon_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department})"

    @property
    def main_postal_code(self) -> str:
        return self.postal_codes.split(" ")[0] if self.postal_codes else ""

    @property
    def label(self) -> str:
        code = self.main_postal_code or self.department
        return f"{self.name} ({code})"
