from .models import Association


def site(request):
    """`demo_banner`: whether to say that the associations shown are fictitious."""

    def demo_banner():
        return Association.objects.filter(is_demo=True).exists()

    return {"demo_banner": demo_banner}
