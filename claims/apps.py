from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and review"

    def ready(self) -> None:
        from factcheck.roles import ensure_role_groups
        from sources.models import Document
        from sources.signals import document_stored

        from .claimreview import claimreviews_import_stored

        # After this app's tables (and permissions) exist, the roles can be granted.
        post_migrate.connect(ensure_role_groups, sender=self)
        # Pages ingested by sources may mark up other publishers' fact-checks;
        # sources announces each stored document, since it cannot import claims.
        document_stored.connect(
            claimreviews_import_stored, sender=Document, dispatch_uid="claims.claimreviews"
        )
