"""The password hasher of the test runs (Django's documented way to speed up tests: a fast hasher).

Argon2 as configured costs about 0.2 s and 100 MB of memory a hash, and the tests create and sign in thousands
of accounts. This is PBKDF2-SHA256 with one iteration: its hashes carry the standard ``pbkdf2_sha256`` name and
their iteration count, so a server started as users run it (``bangfu serve`` in a subprocess, with the production
hashers) verifies them and upgrades them to Argon2 at sign-in, as it would an old hash.
``tests/web/test_accounts.py`` checks the production setting itself.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneIterationPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
