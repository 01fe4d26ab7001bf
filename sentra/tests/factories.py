import datetime

import factory

from sentra.models import Kecamatan, Kelurahan, OpeningHours, Sentra


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"99.{n:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan Uji {n}")
    slug = factory.Sequence(lambda n: f"kecamatan-uji-{n}")


class KelurahanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kelurahan

    kecamatan = factory.SubFactory(KecamatanFactory)
    code = factory.Sequence(lambda n: f"99.01.{n:04d}")
    name = factory.Sequence(lambda n: f"Kelurahan Uji {n}")
    slug = factory.Sequence(lambda n: f"kelurahan-uji-{n}")


class SentraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentra

    name = factory.Sequence(lambda n: f"Sentra Uji {n}")
    kecamatan = factory.SubFactory(KecamatanFactory)


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    sentra = factory.SubFactory(SentraFactory)
    weekday = 0
    opens = datetime.time(8)
    closes = datetime.time(17)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Tests write times as "16:00"; read them back as the database gives them.
        instance = super()._create(model_class, *args, **kwargs)
        instance.refresh_from_db()
        return instance
