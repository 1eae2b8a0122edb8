import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.core.models import TimeStampedModel
from backend.core.tokens import token_digest


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; the role decides what they see."""

    class Role(models.TextChoices):
        EMPLOYER = "employer", _("Employeur")
        GRADUATE = "graduate", _("Diplômé·e")
        OFFICER = "officer", _("Chargé·e d'insertion")
        # Confirms skills and follows the cohorts it teaches, without their entry characteristics.
        TRAINER = "trainer", _("Formateur·rice")
        ADMIN = "admin", _("Administrateur")

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["employer", "graduate", "officer", "trainer", "admin"]),
                name="user_role_valid",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_employer(self) -> bool:
        return self.role == self.Role.EMPLOYER

    @property
    def is_graduate(self) -> bool:
        return self.role == self.Role.GRADUATE

    @property
    def is_trainer(self) -> bool:
        """A trainer is not an officer: it sees only its cohorts, and none of their entry characteristics."""
        return self.role == self.Role.TRAINER

    @property
    def is_officer(self) -> bool:
        """Placement officers and administrators share the school's view."""
        return self.role in (self.Role.OFFICER, self.Role.ADMIN)


class Invitation(TimeStampedModel):
    """An e-mailed link to create an account with a given role.

    Only the SHA-256 of the token is stored: a database leak gives no usable link. ``data`` carries
    what the inviting app needs on acceptance (for instance the employer contact to attach).
    """

    class Kind(models.TextChoices):
        EMPLOYER_CONTACT = "employer_contact", _("Contact employeur")
        GRADUATE = "graduate", _("Diplômé·e")
        OFFICER = "officer", _("Chargé·e d'insertion")

    email = models.EmailField(_("adresse e-mail"))
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    data = models.JSONField(default=dict, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, token_digest(token)

    @staticmethod
    def hash(token: str) -> str:
        return token_digest(token)

    @property
    def role(self) -> str:
        return {
            self.Kind.EMPLOYER_CONTACT: User.Role.EMPLOYER,
            self.Kind.GRADUATE: User.Role.GRADUATE,
            self.Kind.OFFICER: User.Role.OFFICER,
        }[self.Kind(self.kind)]

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class ApiToken(models.Model):
    """A key for scripts calling the API ("Authorization: Token <key>").

    Only the SHA-256 of the key is stored, with a short prefix to recognise it on the account page: a
    database leak gives no usable key. Every key expires (``API_TOKEN_TTL_DAYS``); ``last_used_at`` is
    recorded at most every few minutes.
    """

    PREFIX = "tpl_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("début du jeton"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash(key: str) -> str:
        return token_digest(key)

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())


class SubmissionKey(TimeStampedModel):
    """A form's one-time token, claimed by the request that creates the object: a double click or a
    retried POST finds the claim and is sent to the object the first request made (idempotency)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    object_id = models.BigIntegerField(null=True, blank=True)
    # API creations (Idempotency-Key): what the first request asked and answered, replayed to repeats.
    request_hash = models.CharField(max_length=64, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("envoi de formulaire")
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="submission_key_once")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}…"
