"""Document view-models: one builder per document, rendered by :mod:`fitsm_audit.render`.

- ``gap_report.build_gap_report``: from the typed assessment (a saved JSON reads back through
  ``AssessmentResult.from_dict``)
- ``sms_plan.build_sms_plan``: service management plan with scope statement and policy
- ``agreement.build_agreements``: one SLA/OLA/UA document per agreement
- ``service_catalogue.build_service_catalogue``: the customer-facing catalogue
- ``build``: the builders wired to a dataset; ``publish``: render, sign and write; ``manifest``
"""
