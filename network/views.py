"""The network's pages, for association members and CCAS agents (see access.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from accounts.roles import (
    agent_required,
    editable_associations,
    get_association_for_editor,
    is_ccas_agent,
    is_network_member,
    member_associations,
    network_member_required,
)
from associations.caching import generation_of
from associations.models import AssociationChange, Town
from ccas import territory
from liaison import counts as orientation_counts

from . import charts, people_count
from . import diagnostic as report
from . import figures as yearly_figures
from .calendar_feed import meetings_calendar
from .forms import (
    BoardAnswerForm,
    BoardPostForm,
    DiagnosticYearForm,
    OrientationYearForm,
    YearlyFiguresForm,
)
from .models import (
    BoardPost,
    CalendarToken,
    DiagnosticYear,
    Meeting,
    MeetingAttendance,
    PeopleCountKey,
)


def render_network(request, template, context, status=200):
    """Render a network page; its menu shows the diagnostic to agents only."""
    context.setdefault("is_agent", is_ccas_agent(request.user))
    return render(request, template, context, status=status)


@network_member_required
def meetings(request):
    now = timezone.now()
    listed = Meeting.objects.with_details()
    return render_network(
        request,
        "network/meetings.html",
        {
            "upcoming": listed.upcoming(now),
            "past": listed.past(now)[:12],
        },
    )


@network_member_required
def meeting(request, pk):
    meeting = get_object_or_404(Meeting.objects.with_details(), pk=pk)
    present = {attendance.association_id for attendance in meeting.attendances.all()}
    mine = [
        (association, association.pk in present)
        for association in member_associations(request.user)
    ]
    return render_network(request, "network/meeting.html", {"meeting": meeting, "mine": mine})


@network_member_required
@require_POST
def attendance(request, pk, slug):
    """Confirm (or withdraw) the attendance of one of the user's associations."""
    meeting = get_object_or_404(Meeting, pk=pk)
    association = get_association_for_editor(request, slug)
    if request.POST.get("present") == "1":
        MeetingAttendance.objects.get_or_create(
            meeting=meeting, association=association, defaults={"confirmed_by": request.user}
        )
        messages.success(
            request, _("Présence de « %(name)s » confirmée.") % {"name": association.name}
        )
    else:
        MeetingAttendance.objects.filter(meeting=meeting, association=association).delete()
        messages.success(
            request, _("Présence de « %(name)s » retirée.") % {"name": association.name}
        )
    return redirect(meeting)


@network_member_required
def calendar(request):
    """The address of one's calendar feed is shown once, in the answer that makes it: only its
    digest is kept (CalendarToken)."""
    new_token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarToken.objects.revoke(request.user)
            messages.success(request, _("L'adresse de votre agenda ne fonctionne plus."))
            return redirect("network:calendar")
        new_token = CalendarToken.objects.issue(request.user)
    feed_url = request.build_absolute_uri(new_token.feed_path()) if new_token else None
    # webcal:// asks the phone or computer to subscribe with its own calendar application.
    webcal_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else None
    return render_network(
        request,
        "network/calendar.html",
        {
            "token": new_token or CalendarToken.objects.filter(user=request.user).active().first(),
            "feed_url": feed_url,
            "webcal_url": webcal_url,
        },
    )


@sensitive_variables("token")
def calendar_feed(request, token):
    """The private feed: the secret in the address is the only credential calendar apps send."""
    found = (
        CalendarToken.objects.active()
        .matching(token)
        .filter(user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None or not is_network_member(found.user):
        raise Http404
    response = HttpResponse(
        meetings_calendar(
            Meeting.objects.select_related("host", "place"),
            request.get_host(),
            territory.of_request(request),
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="reunions-reseau.ics"'
    return response


@network_member_required
def board(request):
    posts = BoardPost.objects.current().with_details()
    return render_network(
        request,
        "network/board.html",
        {"posts": posts, "archive": False},
    )


@agent_required
def board_archive(request):
    posts = BoardPost.objects.exclude(pk__in=BoardPost.objects.current()).with_details()
    return render_network(
        request,
        "network/board.html",
        {"posts": posts.order_by("-ends_on"), "archive": True},
    )


@network_member_required
def new_post(request):
    associations = editable_associations(request.user).order_by("name")
    form = BoardPostForm(request.POST or None, associations=associations)
    if request.method == "POST" and form.is_valid():
        form.instance.author = request.user
        post = form.save()
        messages.success(request, _("Votre annonce est publiée sur le tableau d'entraide."))
        return redirect(post)
    return render_network(request, "network/new_post.html", {"form": form})


def _visible_post(request, pk):
    """A post the user may open: current ones for members; agents see every post."""
    posts = BoardPost.objects.with_details()
    if not is_ccas_agent(request.user):
        posts = posts.filter(
            Q(pk__in=BoardPost.objects.current())
            | Q(association__in=member_associations(request.user))
        )
    return get_object_or_404(posts, pk=pk)


@network_member_required
def post(request, pk):
    post = _visible_post(request, pk)
    mine = member_associations(request.user)
    is_agent = is_ccas_agent(request.user)
    is_owner = is_agent or mine.filter(pk=post.association_id).exists()
    answers = post.answers.select_related("association", "author")
    if not is_owner:
        answers = answers.filter(association__in=mine)
    form = BoardAnswerForm(request.POST or None, associations=mine.exclude(pk=post.association_id))
    if request.method == "POST":
        if not post.is_current():
            messages.error(
                request, _("Cette annonce n'est plus en cours : on ne peut plus y répondre.")
            )
            return redirect(post)
        if form.is_valid():
            form.instance.post = post
            form.instance.author = request.user
            _send_answer(request, form.save())
            messages.success(request, _("Votre réponse est envoyée à l'association."))
            return redirect(post)
    return render_network(
        request,
        "network/post.html",
        {
            "post": post,
            "answers": answers,
            "form": form,
            "can_answer": post.is_current() and form.fields["association"].queryset.exists(),
            "is_owner": is_owner,
            "is_agent": is_agent,
        },
    )


def _send_answer(request, answer):
    post = answer.post
    recipient = (post.author and post.author.email) or post.association.email
    if not recipient:
        return
    site = territory.of_request(request)
    context = {
        "territory": site,
        "answer": answer,
        "post": post,
        "url": request.build_absolute_uri(post.get_absolute_url()),
    }
    message = EmailMessage(
        _("Réponse à votre annonce « %(title)s »") % {"title": post.title},
        render_to_string("network/answer_email.txt", context),
        site.sender,
        [recipient],
        reply_to=[answer.author.email] if answer.author.email else None,
    )
    # The answer is saved and shown on the post's page: a mail server down must not lose it.
    message.send(fail_silently=True)


@network_member_required
@require_POST
def close_post(request, pk):
    post = _visible_post(request, pk)
    if not editable_associations(request.user).filter(pk=post.association_id).exists():
        raise PermissionDenied
    BoardPost.objects.filter(pk=post.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    messages.success(request, _("L'annonce est clôturée : elle quitte le tableau."))
    return redirect("network:board")


@agent_required
@require_POST
def relay_post(request, pk):
    post = get_object_or_404(BoardPost, pk=pk)
    BoardPost.objects.filter(pk=post.pk, relayed_at__isnull=True).update(
        relayed_at=timezone.now(), relayed_by=request.user
    )
    messages.success(request, _("L'annonce est marquée comme relayée par le CCAS."))
    return redirect(post)


@network_member_required
def figures(request, slug, year=None):
    """Members see their association's figures; its managers and CCAS agents enter them, except
    for the years the CCAS has closed."""
    association = get_association_for_editor(request, slug)
    instance = get_object_or_404(association.yearly_figures, year=year) if year else None
    closed_years = DiagnosticYear.objects.closed_years()
    can_edit = association.can_manage_members and (
        instance is None or instance.year not in closed_years
    )
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = None
    if can_edit:
        form = YearlyFiguresForm(request.POST or None, instance=instance, association=association)
    if form is not None and request.method == "POST" and form.is_valid():
        yearly_figures.save(form.instance, user=request.user, source=AssociationChange.Source.SPACE)
        messages.success(
            request, _("Les chiffres de %(year)s sont enregistrés.") % {"year": form.instance.year}
        )
        return redirect("network:figures", association.slug)
    return render_network(
        request,
        "network/figures.html",
        {
            "association": association,
            "form": form,
            "can_edit": association.can_manage_members,
            "editing": instance,
            "closed_years": closed_years,
            "rows": association.yearly_figures.listed().order_by("-year"),
            # The network's keys, for the manager's browser to make the people sketch.
            "sketch_keys": {
                year: key.hex()
                for year, key in PeopleCountKey.objects.of_years(
                    yearly_figures.sketch_years(closed_years)
                ).items()
            }
            if form is not None
            else None,
        },
    )


@agent_required
def diagnostic(request):
    years = report.available_years()
    form = DiagnosticYearForm(request.GET or None, years=years)
    year = form.cleaned_data["annee"] if form.is_valid() else (years[0] if years else None)
    by_year = report.per_year()
    context = {"form": form, "year": year, "by_year": by_year}
    if year:
        associations = report.per_association(year)
        towns = report.per_town(year)
        quartiers = report.per_quartier(year)
        aid_types = report.per_aid_type(year)
        context.update(
            trend=charts.line_chart(
                "trend",
                _("Inscriptions par année, toutes associations"),
                [(row["year"], row["registrations"]) for row in by_year],
            ),
            by_association=charts.bar_chart(
                "by-association",
                _("Inscriptions par association en %(year)s") % {"year": year},
                [(row.association.name, row.registrations) for row in associations],
            ),
            # A territory of one town: its total is the network's.
            by_town=charts.bar_chart(
                "by-town",
                _("Inscriptions par ville en %(year)s") % {"year": year},
                [(row.name, row.registrations) for row in towns],
            )
            if Town.objects.count() > 1
            else None,
            by_quartier=charts.bar_chart(
                "by-quartier",
                _("Inscriptions par quartier en %(year)s") % {"year": year},
                [(row.name, row.registrations) for row in quartiers],
            ),
            by_aid_type=charts.bar_chart(
                "by-aid-type",
                _("Inscriptions par type d'aide en %(year)s") % {"year": year},
                [(row.name, row.registrations) for row in aid_types],
            ),
            year_totals=next(row for row in by_year if row["year"] == year),
        )
        people = people_count.of_year(year, generation_of(request))
        context["people"] = people
        if people and people.by_quartier:
            context["people_by_quartier"] = charts.bar_chart(
                "people-by-quartier",
                _("Personnes par quartier en %(year)s (estimation)") % {"year": year},
                [(row.name, *row.people.chart_row) for row in people.by_quartier],
            )
    return render_network(request, "network/diagnostic.html", context)


@agent_required
def diagnostic_people_csv(request):
    """The people estimates of one year (people_count.py), as the diagnostic page shows them;
    without a year, of the latest year, as the page."""
    years = report.available_years()
    form = DiagnosticYearForm(request.GET or {"annee": years[0] if years else ""}, years=years)
    if not form.is_valid():
        raise Http404
    year = form.cleaned_data["annee"]
    people = people_count.of_year(year, generation_of(request))
    if people is None:
        raise Http404
    response = HttpResponse(
        people_count.people_csv(year, people), content_type="text/csv; charset=utf-8"
    )
    name = slugify(territory.of_request(request).name)
    response["Content-Disposition"] = f'attachment; filename="personnes-{year}-{name}.csv"'
    return response


@agent_required
def diagnostic_csv(request):
    response = HttpResponse(report.figures_csv(), content_type="text/csv; charset=utf-8")
    name = slugify(territory.of_request(request).name)
    response["Content-Disposition"] = f'attachment; filename="diagnostic-reseau-{name}.csv"'
    return response


@agent_required
def orientations(request):
    """The orientations sent through the site in a year: by month and by service, live and
    reduced ones together (liaison/counts.py); no person in them."""
    form = OrientationYearForm(request.GET or {"annee": timezone.localdate().year})
    if not form.is_valid():
        return render_network(request, "network/orientations.html", {"form": form}, status=400)
    year = form.cleaned_data["annee"]
    by_month, by_service, total = orientation_counts.for_year(year)
    return render_network(
        request,
        "network/orientations.html",
        {
            "form": form,
            "year": year,
            "by_month": by_month,
            "by_service": by_service,
            "total": total,
        },
    )
