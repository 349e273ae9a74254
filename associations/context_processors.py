from .models import Association


def site(request):
    """`demo_banner`: whether to say that the associations shown are fictitious."""

    def demo_banner():
        # From the lists when the page has read them (the public pages); otherwise by one query
        # rather than the lists' seven.
        lists = getattr(request, "term_lists", None)
        if lists is not None:
            return lists.demo_loaded
        return Association.objects.filter(is_demo=True).exists()

    return {"demo_banner": demo_banner}
