from csp.decorators import csp_exempt
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from backend.core import metrics as core_metrics
from backend.core import ui as core_ui
from backend.core import views as core_views

api_v1 = [
    path("", include("backend.accounts.api_urls")),
    path("", include("backend.geo.api_urls")),
    path("", include("backend.taxonomy.api_urls")),
    path("", include("employers.api_urls")),
    path("", include("graduates.api_urls")),
    path("", include("placements.api_urls")),
    path("", include("matching.api_urls")),
    path("", include("territory.api_urls")),
    path("", include("admissions.api_urls")),
    path("", include("internships.api_urls")),
    path("", include("agenda.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibilite/", core_ui.accessibility, name="accessibility"),
    path("styleguide/", core_ui.styleguide, name="styleguide"),
    path("metrics", core_metrics.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("comptes/", include("backend.accounts.urls")),
    path("geo/", include("backend.geo.urls")),
    path("referentiels/", include("backend.taxonomy.urls")),
    path("", include("employers.urls")),
    path("diplomes/", include("graduates.urls")),
    path("analyse/", include("matching.urls")),
    path("candidatures/", include("placements.urls")),
    path("agenda/", include("agenda.urls")),
    path("stages/", include("internships.urls")),
    path("", include("admissions.urls")),
    path("", include("territory.urls")),
    path("api/v1/", include(api_v1)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/", csp_exempt()(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"
    ),
    path(
        "api/v1/redoc/", csp_exempt()(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"
    ),
]

handler400 = "backend.core.views.bad_request"
handler403 = "backend.core.views.permission_denied"
handler404 = "backend.core.views.page_not_found"
handler500 = "backend.core.views.server_error"

# No public /media/ route, not even in the demo: uploaded files are CVs (personal data), served only by
# views that check who asks (graduates.views: cv_download, officer_graduate_cv).
