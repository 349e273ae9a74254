from .term_lists import RequestDirectory


def site(request):
    """`demo_banner`: whether to say that the associations shown are fictitious."""

    def demo_banner():
        # An error page answered before TermListsMiddleware ran (a refused host) has none.
        directory = getattr(request, "directory", None) or RequestDirectory()
        return directory.demo_loaded

    return {"demo_banner": demo_banner}
