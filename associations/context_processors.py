from django.core.cache import cache

from .models import Association

DEMO_CACHE_KEY = "associations:demo-loaded"


def demo_loaded():
    loaded = cache.get(DEMO_CACHE_KEY)
    if loaded is None:
        loaded = Association.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CACHE_KEY, loaded, 60)
    return loaded


def site(request):
    return {"demo_banner": demo_loaded}
