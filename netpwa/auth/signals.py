"""What auth tells other packages, which it may not import (docs/ARCHITECTURE.md, Layering).

`create_app` connects the receivers: e.g. `cards` starts a new user's card in the same
transaction as the account.
"""

from blinker import Namespace

_signals = Namespace()

# Sent with user=<User> once a new account is flushed (it has an id) and before it is committed.
registered = _signals.signal("user-registered")
