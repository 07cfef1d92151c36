"""API tokens: a key shown once, kept only as a digest, living API_TOKEN_TTL_DAYS.

A client exchanges a username and password for a token at
`/api/v1/auth/token/` and sends it as `Authorization: Token <key>`. The key
is random (256 bits) and leaves the server only in that answer: the database
keeps its SHA-256 digest, so neither a copy of the database nor the admin
shows a usable key.

A token works until it expires and only while its user stays as they were
when it was issued: active, with the same password, staff and superuser
status and groups. The token keeps a digest of those (`user_state`) and each
request compares it with the user as they are now, so a change made anywhere
(the admin, `changepassword`, a script, an `update()` of many users at once)
revokes the user's tokens. A refused token is deleted. Staff revoke a token
by deleting it in the admin.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from rest_framework import authentication, exceptions

# Live tokens kept per user: asking for another deletes the oldest beyond these.
MAX_TOKENS_PER_USER = 10


def key_digest(key):
    """What the database keeps of a key. A key is random, so a plain hash suffices."""
    return hashlib.sha256(key.encode()).hexdigest()


def user_state(user):
    """A digest of what a token depends on: any change to these revokes the user's tokens."""
    groups = ",".join(str(pk) for pk in sorted(user.groups.values_list("pk", flat=True)))
    state = [user.password, user.is_active, user.is_staff, user.is_superuser, groups]
    return hashlib.sha256("|".join(map(str, state)).encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, user):
        """A new token for `user` (an authenticated user): the token, and its key to show once."""
        key = secrets.token_urlsafe(32)
        now = timezone.now()
        with transaction.atomic():
            token = self.create(
                user=user,
                digest=key_digest(key),
                user_state=user_state(user),
                created=now,
                expires=now + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS),
            )
            mine = self.filter(user=user)
            mine.filter(expires__lte=now).delete()
            oldest = mine.order_by("-created", "-pk").values_list("pk", flat=True)
            mine.filter(pk__in=list(oldest[MAX_TOKENS_PER_USER:])).delete()
        return token, key

    def for_admin(self):
        return self.select_related("user")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    user_state = models.CharField(max_length=64, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    expires = models.DateTimeField(editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires__gt=F("created")),
                name="api_token_expires_after_creation",
                violation_error_message="A token must expire after it is created.",
            )
        ]

    def __str__(self):
        return f"API token of {self.user} issued {self.created:%Y-%m-%d %H:%M} UTC"

    @property
    def is_expired(self):
        return self.expires <= timezone.now()


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, for a live token whose user has not changed since."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=key_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.is_expired:
            token.delete()
            raise exceptions.AuthenticationFailed(
                "This token has expired: ask /api/v1/auth/token/ for a new one."
            )
        if not token.user.is_active or token.user_state != user_state(token.user):
            token.delete()
            raise exceptions.AuthenticationFailed(
                "This token was revoked because its user's password, status or groups "
                "changed: ask /api/v1/auth/token/ for a new one."
            )
        return token.user, token
