import django_filters

from ..choices import ClaimKind, ClaimStatus, Verdict
from ..models import Claim


class ClaimFilter(django_filters.FilterSet):
    document = django_filters.NumberFilter(field_name="appearances__document", distinct=True)
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)
    kind = django_filters.ChoiceFilter(choices=ClaimKind.choices)
    min_check_worthiness = django_filters.NumberFilter(
        field_name="check_worthiness", lookup_expr="gte"
    )

    class Meta:
        model = Claim
        fields = ["document", "status", "verdict", "kind", "assignee"]
