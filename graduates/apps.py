from django.apps import AppConfig


class GraduatesConfig(AppConfig):
    name = "graduates"
    verbose_name = "Diplômé·es et promotions"

    def ready(self) -> None:
        from backend.core import events
        from graduates.services import attach_graduate_on_invitation

        events.subscribe("invitation.accepted", attach_graduate_on_invitation)

        from graduates import privacy

        # The apps above this one (placements, matching) register their share of a graduate's data.
        privacy.autodiscover()
