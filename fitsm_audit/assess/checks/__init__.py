"""The evidence checks, one module per requirement group (or groups), none importing another.

Each check is a function ``check_NAME(ctx) -> Evidence`` listed in :mod:`fitsm_audit.assess.registry`;
what two checks share lives below them, in :mod:`fitsm_audit.assess.queries` and the context.
"""
