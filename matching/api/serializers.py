"""The matching API's serializers: suggestions, shortlists, judgements, feedback, cohort view, ranker health."""

from rest_framework import serializers

from ..models import MatchJudgement, MatchScore, RankerVersion, SuggestionFeedback


class SuggestedOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    employer = serializers.CharField(source="employer.name")
    commune = serializers.CharField(source="commune.name")
    contract_type = serializers.CharField()
    remote = serializers.CharField()


class SuggestionSerializer(serializers.ModelSerializer):
    offer = SuggestedOfferSerializer()
    rank = serializers.IntegerField(help_text="Rang parmi les suggestions affichées (1 = la meilleure).")
    better_than = serializers.FloatField(
        allow_null=True, help_text="Part des offres à portée que celle-ci dépasse (0 à 1), si connue."
    )
    in_reach = serializers.IntegerField(allow_null=True, help_text="Offres à portée comparées.")
    standing = serializers.ListField(child=serializers.CharField(), help_text="Le rang, en mots.")
    chances = serializers.CharField(
        source="chances_label", help_text="La probabilité et ce qu'elle veut dire."
    )
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), source="graduate_reasons")

    class Meta:
        model = MatchScore
        fields = [
            "offer",
            "score",
            "rank",
            "better_than",
            "in_reach",
            "standing",
            "chances",
            "summary",
            "reasons",
            "details",
            "model_version",
        ]


class ShortfallSerializer(serializers.Serializer):
    shown = serializers.IntegerField(help_text="Suggestions qui passent (moins de 3).")
    in_reach = serializers.IntegerField(
        allow_null=True, help_text="Offres à portée (distance, contrat, dates)."
    )
    without_reason = serializers.IntegerField(
        help_text="Dont sans compétence requise détenue, impliquée ou proche."
    )
    in_candidacies = serializers.IntegerField(help_text="Laissées de côté : candidature en cours.")
    levers = serializers.ListField(child=serializers.CharField(), help_text="Ce qui ouvrirait plus d'offres.")


class OpeningSerializer(serializers.Serializer):
    skill_id = serializers.CharField()
    label = serializers.CharField()
    n_offers = serializers.IntegerField(
        help_text="Offres à portée que la compétence ferait monter d'un cran."
    )
    n_open = serializers.IntegerField(
        help_text="Dont celles qu'elle porterait à 75 % des compétences requises."
    )
    radius_km = serializers.FloatField()
    offer_ids = serializers.ListField(
        child=serializers.CharField(), help_text="Lesquelles : au plus 20, les plus proches d'abord."
    )
    text = serializers.CharField()


class SuggestionPageSerializer(serializers.Serializer):
    """A page of "Offres pour vous", with why the list is short and the skill hint."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SuggestionSerializer(many=True)
    shortfall = ShortfallSerializer(
        allow_null=True,
        help_text="Quand moins de 3 suggestions passent : pourquoi, et ce qui en ouvrirait plus ; sinon null.",
    )
    openings = OpeningSerializer(
        many=True,
        help_text="Les compétences qui ouvriraient le plus d'offres à portée (vide s'il n'y en a pas).",
    )


class ShortlistGraduateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    cohort = serializers.CharField(source="cohort.name")
    track = serializers.CharField(source="cohort.track")


class ShortlistItemSerializer(serializers.ModelSerializer):
    graduate = ShortlistGraduateSerializer()
    rank = serializers.IntegerField()
    better_than = serializers.FloatField(allow_null=True)
    in_reach = serializers.IntegerField(allow_null=True)
    standing = serializers.ListField(child=serializers.CharField(), source="standing_employer")
    chances = serializers.CharField(source="chances_label_employer")
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), source="employer_reasons")
    interested = serializers.BooleanField(help_text="La personne a dit que l'offre l'intéresse.")

    class Meta:
        model = MatchScore
        fields = [
            "graduate",
            "score",
            "rank",
            "better_than",
            "in_reach",
            "standing",
            "chances",
            "summary",
            "reasons",
            "interested",
            "model_version",
        ]


class ShortlistSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    in_candidacies = serializers.IntegerField(
        help_text="Candidatures en cours pour l'offre (hors de la liste)."
    )
    results = ShortlistItemSerializer(many=True)


class JudgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchJudgement
        fields = ["id", "offer", "graduate", "grade", "model_version", "created_at", "updated_at"]
        read_only_fields = ["id", "model_version", "created_at", "updated_at"]


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuggestionFeedback
        fields = ["id", "offer", "kind", "reason", "at"]
        read_only_fields = ["id", "offer", "at"]


class RankerVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RankerVersion
        fields = [
            "version",
            "trained_at",
            "n_outcomes",
            "metrics",
            "is_current",
            "is_prior",
            "status",
            "decided_at",
            "decision",
            "created_at",
        ]


class CohortSuggestionSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.FloatField()


class CohortGraduateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    viable = serializers.IntegerField()
    suggestions = CohortSuggestionSerializer(many=True)
    hint = OpeningSerializer(allow_null=True)


class CohortMatchingSerializer(serializers.Serializer):
    cohort = serializers.IntegerField()
    cap = serializers.IntegerField()
    graduates = CohortGraduateSerializer(many=True)
    graduates_without = serializers.ListField(child=serializers.IntegerField())
    offers_without = serializers.ListField(child=serializers.IntegerField())


class VersionNdcgSerializer(serializers.Serializer):
    version = serializers.CharField()
    is_current = serializers.BooleanField()
    ndcg_offer = serializers.FloatField(allow_null=True)
    ndcg_graduate = serializers.FloatField(allow_null=True)
    ndcg = serializers.FloatField(allow_null=True)
    offers = serializers.IntegerField()
    graduates = serializers.IntegerField()
    baseline = serializers.BooleanField(
        help_text="Une méthode de référence (hasard, Jaccard, TF-IDF), pas un modèle."
    )


class CalibrationBinSerializer(serializers.Serializer):
    predicted = serializers.FloatField()
    observed = serializers.FloatField()
    count = serializers.IntegerField()


class PooledComparisonSerializer(serializers.Serializer):
    serving = serializers.CharField()
    candidate = serializers.CharField(allow_null=True)
    n_judgements = serializers.IntegerField(help_text="Jugements faits depuis la file commune.")
    n_pairs = serializers.IntegerField(
        help_text="Paires jugées sur lesquelles les deux versions sont notées."
    )
    min_pairs = serializers.IntegerField(
        help_text="Paires jugées à partir desquelles la règle de promotion en tient compte."
    )
    serving_ndcg = serializers.FloatField(allow_null=True)
    candidate_ndcg = serializers.FloatField(allow_null=True)
    candidate_status = serializers.CharField(
        allow_null=True, help_text="État du candidat : pending quand il attend ces jugements pour servir."
    )
    n_left = serializers.IntegerField(
        help_text="Paires de la file commune encore à juger avant que la règle de promotion les lise."
    )


class RankerHealthSerializer(serializers.Serializer):
    current = RankerVersionSerializer()
    pending = RankerVersionSerializer(
        allow_null=True,
        help_text="Le modèle candidat en attente : il a gagné sur les candidatures passées et ne sert "
        "qu'après assez de paires jugées de la file commune.",
    )
    last_decision = RankerVersionSerializer(
        allow_null=True, help_text="Le dernier candidat promu, refusé ou remplacé, et pourquoi (decision)."
    )
    versions = RankerVersionSerializer(many=True)
    scores = serializers.IntegerField()
    feedback = serializers.IntegerField()
    judgements = serializers.IntegerField()
    judgement_ndcg = VersionNdcgSerializer(
        many=True, help_text="nDCG@10 de chaque version face aux jugements."
    )
    calibration = CalibrationBinSerializer(
        many=True, help_text="Chance prédite et entretiens obtenus, par tranche."
    )
    pooled = PooledComparisonSerializer(
        help_text="Le modèle en service et son candidat, notés sur les mêmes paires jugées de la file commune."
    )
