"""The JSON API under /api/v1 (``views``, described by ``openapi``) and /healthz."""
