"""The document registry: kinds contributed by plugins, made files, versions, approval, acknowledgement."""
