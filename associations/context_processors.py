def site(request):
    """`demo_banner`: whether to say that the associations shown are fictitious."""
    return {"demo_banner": lambda: request.directory.demo_loaded}
