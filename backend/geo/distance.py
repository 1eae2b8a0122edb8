"""Great-circle distances, in Python and as ORM expressions that run on PostgreSQL and SQLite."""

import math

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle: an index-friendly prefilter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(0.01, math.cos(math.radians(lat)))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def distance_km_expression(lat: float, lon: float, lat_field: str, lon_field: str):
    """ORM expression: haversine distance in km from (lat, lon) to the row's coordinates."""
    lat0 = Value(math.radians(lat), output_field=FloatField())
    cos_lat0 = Value(math.cos(math.radians(lat)), output_field=FloatField())
    lon0 = Value(math.radians(lon), output_field=FloatField())
    rlat = Radians(F(lat_field))
    rlon = Radians(F(lon_field))
    a = Power(Sin((rlat - lat0) / 2), 2) + cos_lat0 * Cos(rlat) * Power(Sin((rlon - lon0) / 2), 2)
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(
        Least(Value(1.0, output_field=FloatField()), Sqrt(a))
    )
