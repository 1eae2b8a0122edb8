from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = "Employeurs et offres"

    def ready(self) -> None:
        from backend.core import events
        from employers.services.employers import attach_contact_on_invitation

        events.subscribe("invitation.accepted", attach_contact_on_invitation)
