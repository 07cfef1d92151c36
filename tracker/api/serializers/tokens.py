"""The exchange of a username and password for an API token."""

from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer


class TokenSerializer(AuthTokenSerializer):
    username = serializers.CharField(write_only=True, help_text="Your username.")
    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="Your password.",
    )
    token = serializers.CharField(
        read_only=True,
        help_text="Send it with every write as `Authorization: Token <token>`. It is shown "
        "only this once: the server keeps no copy of it.",
    )
    expires = serializers.DateTimeField(
        read_only=True,
        help_text="When the token stops working (API_TOKEN_TTL_DAYS after it was issued). "
        "It stops sooner if your password, staff status or groups change.",
    )
