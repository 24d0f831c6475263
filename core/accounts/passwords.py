"""Password hashing with Argon2id (argon2-cffi): hash, verify, and notice hashes made with weaker parameters.

The hasher is one module-level object so that the parameters live in one place; tests swap in a cheap one
(:func:`use_hasher`), which also lets them show that a sign-in rehashes a hash made with other parameters.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

_HASHER: PasswordHasher | None = None


def hasher() -> PasswordHasher:
    """The password hasher in use (argon2-cffi's defaults: RFC 9106's low-memory Argon2id profile)."""
    global _HASHER
    if _HASHER is None:
        from argon2 import PasswordHasher

        _HASHER = PasswordHasher()
    return _HASHER


def use_hasher(new: PasswordHasher | None) -> None:
    """Hash with ``new`` from now on (None: back to the defaults). For tests and for raising the parameters."""
    global _HASHER
    _HASHER = new
    _dummy_hash.cache_clear()


def hash_password(password: str) -> str:
    """The encoded Argon2 hash of ``password`` (a new random salt every time)."""
    return hasher().hash(password)


def verify_password(encoded: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash; a damaged hash is simply no match."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether the hash was made with other parameters than the hasher's (rehash it at the next sign-in)."""
    from argon2.exceptions import InvalidHashError

    try:
        return hasher().check_needs_rehash(encoded)
    except InvalidHashError:
        return True


def spend_like_a_check(password: str) -> None:
    """Verify ``password`` against a hash of nothing, so that an unknown login takes as long as a known one."""
    verify_password(_dummy_hash(), password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hasher().hash("ohs: no such account")
