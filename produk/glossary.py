"""The glossary of local food and product words: short English glosses for English pages.

A tourist reading "Amplang ikan tenggiri" or "Bingka kentang" learns what it
is from a few words beside the name. The entries are data (produk.Gloss),
kept by curators; every install starts with the glosses below, which are
plain facts about the city's food words, so a migration adds them
(produk 0002_groups_glossary_and_search_index) and curators edit them from then on.

Terms are matched as whole folded words (balikpapan_umkm.search.fold):
"Ampelang" finds the entry "amplang", "tahu" is not found inside "ketahui",
and a term of two words ("kepiting soka") is found before its first word
alone ("kepiting").
"""

from balikpapan_umkm.search import fold

# (term, English gloss, note for curators). Each gloss is at most 120 characters.
STARTER_GLOSSARY = [
    (
        "amplang",
        "crunchy fish crackers, usually of mackerel (tenggiri)",
        "Juga ditulis ampelang.",
    ),
    ("bingka", "baked coconut-milk custard cake (Banjar)", ""),
    ("kepiting", "crab", ""),
    ("kepiting soka", "soft-shell crab, eaten whole", ""),
    ("abon", "meat or fish floss, shredded, spiced and fried dry", ""),
    ("peyek", "crisp rice-flour cracker with peanuts or small seafood", "Juga: rempeyek."),
    ("kerupuk", "fried crackers of tapioca, often with fish or shrimp", "Juga ditulis krupuk."),
    ("keripik", "thin, crisp fried chips", "Juga ditulis kripik."),
    ("tempe", "fermented soybean cake (tempeh)", ""),
    ("tahu", "tofu (soybean curd)", ""),
    ("sambal", "chilli relish", ""),
    ("bajakah", "a Borneo forest vine, brewed as a herbal tea", ""),
    ("mantau", "plain steamed bun, often eaten with crab in sauce", ""),
    ("nasi kuning", "yellow rice cooked with turmeric and coconut milk", ""),
    ("haruan", "snakehead, a freshwater fish of Banjar cooking", "Ikan gabus."),
]


class Glossary:
    """Terms with their glosses, ready to be found in product names.

    Built from (folded term, term, gloss) rows (Gloss.objects.glossary()).
    Plain data, so that it can be kept in the cache.
    """

    def __init__(self, rows):
        self.entries = {folded: (term, gloss) for folded, term, gloss in rows}
        self.longest = max((len(folded.split()) for folded in self.entries), default=0)

    def __len__(self):
        return len(self.entries)

    def glosses_in(self, text):
        """[(term, gloss)] of the terms in `text`, in the order they appear, each once.

        Whole words only, and the longest term first: "Kepiting soka goreng"
        gives kepiting soka, not kepiting as well.
        """
        words = fold(text).split()
        found = {}
        start = 0
        while start < len(words):
            for size in range(min(self.longest, len(words) - start), 0, -1):
                folded = " ".join(words[start : start + size])
                if folded in self.entries:
                    found.setdefault(folded, self.entries[folded])
                    start += size
                    break
            else:
                start += 1
        return list(found.values())


def add_starter_glossary(gloss_model, using="default"):
    """Add the starter entries the glossary lacks; entries curators made or edited stay."""
    for term, gloss, note in STARTER_GLOSSARY:
        gloss_model._base_manager.using(using).get_or_create(
            folded_term=fold(term), defaults={"term": term, "gloss": gloss, "note": note}
        )


def add_starter_glossary_step(apps, schema_editor):
    """The migration step (RunPython) that gives every install the starter glossary."""
    add_starter_glossary(apps.get_model("produk", "Gloss"), using=schema_editor.connection.alias)
