"""Files on disk: the atomic writer every command uses, and the check of stored files against their hashes.

``core.io.atomic`` writes beside the target and renames into place (after the transaction commits, when
the file belongs to a database change); ``core.io.integrity`` re-reads stored files for ``ohs verify``.
"""
