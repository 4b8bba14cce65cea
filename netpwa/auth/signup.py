"""Registration confirmed by email, used when SMTP_URL is set, so that /register answers the
same whether or not an address has an account (no enumeration): the mail says what happened.

The link signs the email, the name and the new password's hash (never the password) for an
hour; following it creates the account, unless the address was taken meanwhile.
"""

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

MAX_AGE_SECONDS = 3600
_SALT = "netpwa.register"


def make_token(email: str, display_name: str, password_hash: str, secret_key: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(
        {"email": email, "name": display_name, "hash": password_hash})


def read_token(token: str, secret_key: str, max_age: int = MAX_AGE_SECONDS) -> dict | None:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not all(
            isinstance(data.get(key), str) for key in ("email", "name", "hash")):
        return None
    return data
