"""Open construction data: sourced progress figures, the plan against actual, and problems.

- Each progress update gets a structured source (kind, publisher, date, link, title, who
  visited) and the role and office of whoever recorded it. The old free-text `source`
  is carried over: "Publisher, 31 Jan 2025" (the demo's and the news' way of citing)
  becomes a published report of that publisher and date; any other text is kept as the
  title, with its kind left empty ("older history may have none"). Going back writes the
  text again from the fields.
- The recorder's role and office is filled from their groups as they are now (the nearest
  to "at record time" that old rows allow).
- New: the planned progress curve, milestones and problems (kendala). The Staf DPRD
  group gets its permissions on them in produk's next migration (0007), because sentra
  imports nothing from produk.
"""

import datetime
import re

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The offices as sentra/offices.py names them when this migration was written (frozen here).
PUBLIC_TITLES = {
    "Staf DPRD": "Staf Komisi II DPRD Kota Balikpapan",
    "Kurator": "Kurator Portal Sentra UMKM",
    "Pengelola Sentra": "Pengelola Sentra",
}
ADMINISTRATOR_TITLE = "Administrator Portal Sentra UMKM"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "januari", "january"),
            ("feb", "februari", "february"),
            ("mar", "maret", "march"),
            ("apr", "april"),
            ("mei", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("agu", "agt", "ags", "agustus", "aug", "august"),
            ("sep", "sept", "september"),
            ("okt", "oktober", "oct", "october"),
            ("nov", "november", "nopember"),
            ("des", "desember", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# "BorneoFlash, 31 Jan 2025": a publisher, then a day, a month and a year.
CITATION = re.compile(
    r"^\s*(?P<publisher>[^,;]+?)\s*,\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+"
    r"(?P<year>\d{4})\s*$"
)
ENGLISH_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def parse_citation(text):
    """(publisher, date) from "Publisher, 31 Jan 2025", or None."""
    found = CITATION.match(text)
    if not found or found["month"].lower() not in MONTHS:
        return None
    try:
        day = datetime.date(int(found["year"]), MONTHS[found["month"].lower()], int(found["day"]))
    except ValueError:
        return None
    return found["publisher"], day


def office_of(user):
    if user is None:
        return ""
    groups = set(user.groups.values_list("name", flat=True))
    for group, title in PUBLIC_TITLES.items():
        if group in groups:
            return title
    return ADMINISTRATOR_TITLE if user.is_superuser else ""


def structure_sources(apps, schema_editor):
    ProgressUpdate = apps.get_model("sentra", "ProgressUpdate")
    for update in ProgressUpdate.objects.select_related("recorded_by"):
        text = update.source.strip()
        cited = parse_citation(text) if text else None
        if cited:
            update.source_kind = "report"
            update.source_publisher, update.source_date = cited
        else:
            update.source_title = text[:300]
        update.recorded_by_office = office_of(update.recorded_by)
        update.save(
            update_fields=[
                "source_kind",
                "source_publisher",
                "source_date",
                "source_title",
                "recorded_by_office",
            ]
        )


def write_source_text(apps, schema_editor):
    ProgressUpdate = apps.get_model("sentra", "ProgressUpdate")
    for update in ProgressUpdate.objects.all():
        if update.source_kind and update.source_date:
            day = update.source_date
            when = f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
            who = update.source_publisher or update.source_visitor
            text = f"{who}, {when}" if who else when
            if update.source_title:
                text = f"{update.source_title}, {text}"
        else:
            text = update.source_title
        update.source = text[:300]
        update.save(update_fields=["source"])



class Migration(migrations.Migration):

    dependencies = [
        ('sentra', '0003_description_en'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Milestone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('design', 'Design'), ('tender', 'Tender'), ('construction_start', 'Construction start'), ('handover', 'Handover'), ('opening', 'Opening')], max_length=20, verbose_name='milestone')),
                ('planned_on', models.DateField(blank=True, null=True, verbose_name='planned date')),
                ('achieved_on', models.DateField(blank=True, null=True, verbose_name='actual date')),
            ],
            options={
                'verbose_name': 'milestone',
                'verbose_name_plural': 'milestones',
                'ordering': ['sentra', models.Case(models.When(kind='design', then=0), models.When(kind='tender', then=1), models.When(kind='construction_start', then=2), models.When(kind='handover', then=3), models.When(kind='opening', then=4), default=5)],
            },
        ),
        migrations.CreateModel(
            name='PlannedProgress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('planned_on', models.DateField(verbose_name='date')),
                ('planned_percent', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='planned progress (%)')),
            ],
            options={
                'verbose_name': 'planned progress point',
                'verbose_name_plural': 'planned progress curve',
                'ordering': ['sentra', 'planned_on'],
            },
        ),
        migrations.CreateModel(
            name='Problem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reported_on', models.DateField(verbose_name='date')),
                ('description', models.TextField(help_text='What holds the work up. Shown to the public: no personal names.', verbose_name='description')),
                ('status', models.CharField(choices=[('open', 'Still open'), ('resolved', 'Resolved')], default='open', max_length=10, verbose_name='status')),
                ('resolution', models.TextField(blank=True, verbose_name='resolution')),
                ('resolved_on', models.DateField(blank=True, null=True, verbose_name='resolved on')),
            ],
            options={
                'verbose_name': 'problem (kendala)',
                'verbose_name_plural': 'problems (kendala)',
                'ordering': ['sentra', '-reported_on', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='recorded_by_office',
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name='recorded by (role and office)'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='source_date',
            field=models.DateField(blank=True, help_text='When the document was signed, the visit made or the report published.', null=True, verbose_name='date of the source'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='source_kind',
            field=models.CharField(blank=True, choices=[('document', 'Document'), ('site_visit', 'Site visit'), ('report', 'Published report')], max_length=20, verbose_name='kind of source'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='source_publisher',
            field=models.CharField(blank=True, help_text='Who issued the document or published the report, for example Dinas PU Kota Balikpapan or BorneoFlash.', max_length=200, verbose_name='publisher'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='source_title',
            field=models.CharField(blank=True, help_text="Optional: the document's or the article's title.", max_length=300, verbose_name='title of the source'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='source_url',
            field=models.URLField(blank=True, help_text='Optional: where anyone can read it.', max_length=500, validators=[django.core.validators.URLValidator(schemes=['http', 'https'])], verbose_name='link to the source'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='source_visitor',
            field=models.CharField(blank=True, help_text='For a site visit: who went, by role and office, for example Staf Komisi II DPRD. No personal names: this is shown to the public.', max_length=200, verbose_name='visited by (role and office)'),
        ),
        migrations.RunPython(structure_sources, write_source_text),
        migrations.RemoveField(
            model_name='progressupdate',
            name='source',
        ),
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(('source_kind__in', ['', 'document', 'site_visit', 'report'])), name='progressupdate_source_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(('source_kind', ''), ('source_date__isnull', False), _connector='OR'), name='progressupdate_source_dated'),
        ),
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source_kind__in', ['document', 'report']), _negated=True), models.Q(('source_publisher', ''), _negated=True), _connector='OR'), name='progressupdate_source_names_publisher'),
        ),
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source_kind', 'site_visit'), _negated=True), models.Q(('source_visitor', ''), _negated=True), _connector='OR'), name='progressupdate_site_visit_names_visitor'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='sentra',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='sentra.sentra', verbose_name='UMKM centre'),
        ),
        migrations.AddField(
            model_name='plannedprogress',
            name='sentra',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='planned_progress', to='sentra.sentra', verbose_name='UMKM centre'),
        ),
        migrations.AddField(
            model_name='problem',
            name='sentra',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='problems', to='sentra.sentra', verbose_name='UMKM centre'),
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.UniqueConstraint(fields=('sentra', 'kind'), name='milestone_one_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['design', 'tender', 'construction_start', 'handover', 'opening'])), name='milestone_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(('planned_on__isnull', False), ('achieved_on__isnull', False), _connector='OR'), name='milestone_has_a_date'),
        ),
        migrations.AddConstraint(
            model_name='plannedprogress',
            constraint=models.UniqueConstraint(fields=('sentra', 'planned_on'), name='plannedprogress_one_point_per_day'),
        ),
        migrations.AddConstraint(
            model_name='plannedprogress',
            constraint=models.CheckConstraint(condition=models.Q(('planned_percent__gte', 0), ('planned_percent__lte', 100)), name='plannedprogress_percent_0_to_100'),
        ),
        migrations.AddConstraint(
            model_name='problem',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['open', 'resolved'])), name='problem_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='problem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('resolved_on__isnull', True), ('status', 'open')), models.Q(('resolved_on__gte', models.F('reported_on')), ('resolved_on__isnull', False), ('status', 'resolved')), _connector='OR'), name='problem_resolved_on_its_day'),
        ),
    ]
