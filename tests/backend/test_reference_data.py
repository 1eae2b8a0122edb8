from backend.geo.distance import haversine_km
from backend.geo.models import Commune
from backend.geo.selectors import commune_resolve, commune_search
from backend.taxonomy.models import Appellation, Skill


def test_every_commune_is_loaded_with_coordinates(db):
    assert Commune.objects.count() == 35000
    lens = Commune.objects.get(insee="62498")
    assert lens.name == "Lens"
    assert round(lens.latitude, 2) == 50.44


def test_commune_search_ignores_accents_and_puts_hauts_de_france_first(db):
    names = [c.insee for c in commune_search(query="lievin")]
    assert names[0] == "62510"


def test_commune_resolve_understands_name_with_postal_code(db):
    assert commune_resolve(text="Liévin (62800)").insee == "62510"
    assert commune_resolve(text="62300 Lens").insee == "62498"
    assert commune_resolve(text="Nulle-Part-sur-Mer") is None


def test_lens_to_lievin_is_about_three_kilometres():
    assert 3 < haversine_km(50.43743, 2.82106, 50.42428, 2.77292) < 4


def test_taxonomy_tables_are_synced_after_migrate(db):
    assert Skill.objects.count() > 10000
    assert Appellation.objects.filter(occupation_id="M1805").exists()
