"""Tags for the back office's own pages."""

from django import template

from produk.admin_curation import review_queue as queue_for

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue(context):
    """`{% review_queue as queue %}`: what waits for the signed-in user (see admin_curation)."""
    return queue_for(context["request"].user)
