"""What each activity must make explicit: objectives, results, constraints, own comments."""

from __future__ import annotations

from dataclasses import dataclass

from report_lint.findings import Severity
from report_lint.textnorm import fold
from report_lint.rules import Check, CheckContext

REGULATION = ("Ces développements doivent être structurés et doivent permettre d'expliciter les "
              "objectifs assignés, les résultats obtenus ou observés, les contraintes prises en "
              "compte et être accompagnés de commentaires personnels.")


@dataclass
class Evidence:
    objectives: list[str]
    results: list[str]
    constraints: list[str]
    personal: list[str]


def evidence(ctx: CheckContext, section) -> Evidence:
    """One linguistic analysis per activity, shared by the four ACT checks."""
    key = ("activity", id(section))
    if key not in ctx.cache:
        lexicon = ctx.settings["activity"]
        doc = ctx.analyzer.doc(section.title + "\n" + section.text)
        lemmas = ctx.analyzer.lemmas_of_doc(doc)
        ctx.cache[key] = Evidence(
            objectives=ctx.analyzer.matches(lemmas, lexicon["objectives"]),
            results=ctx.analyzer.matches(lemmas, lexicon["results"]),
            constraints=ctx.analyzer.matches(lemmas, lexicon["constraints"]),
            personal=personal_comments(doc, lexicon),
        )
    return ctx.cache[key]


def personal_comments(doc, lexicon) -> list[str]:
    """First-person singular judgements: "j'ai trouvé", "cela m'a permis", "à mon avis"."""
    verbs = {fold(v) for v in lexicon["judgement_verbs"]}
    found = []
    tokens = list(doc)
    for i, token in enumerate(tokens):
        morph = token.morph
        if token.pos_ == "PRON" and morph.get("Person") == ["1"] and morph.get("Number") == ["Sing"]:
            for nxt in tokens[i + 1:i + 5]:
                if nxt.is_punct:
                    break
                if nxt.pos_ in ("VERB", "AUX", "ADJ") and fold(nxt.lemma_) in verbs:
                    found.append(doc[token.i:nxt.i + 1].text)
                    break
    text = fold(doc.text)
    found.extend(p for p in lexicon["personal_phrases"] if fold(p) in text)
    return found


def _activity_check(code, name, field_name, what_fr, what_en, hint_fr, hint_en, doc):
    """ACT001-ACT004 differ only by what they look for and how they say it."""

    class ActivityCheck(Check):
        __doc__ = doc
        severity = Severity.WARNING
        needs_nlp = True
        regulation = REGULATION

        def check(self, ctx: CheckContext):
            for section in ctx.report.activities:
                if not getattr(evidence(ctx, section), field_name):
                    yield self.finding(ctx, page=section.first_page, section=section.title,
                                       title=section.title)

    ActivityCheck.__name__ = ActivityCheck.__qualname__ = "".join(
        w.title() for w in name.split("-"))
    ActivityCheck.code, ActivityCheck.name = code, name
    ActivityCheck.summary = {"fr": f"Une activité n'explicite pas {what_fr}.",
                             "en": f"An activity does not state {what_en}."}
    ActivityCheck.messages = {
        "fr": {"default": f"Page {{page}} : l'activité « {{title}} » n'explicite pas {what_fr} "
                          f"({hint_fr})."},
        "en": {"default": f"Page {{page}}: the activity '{{title}}' does not state {what_en} "
                          f"({hint_en})."},
    }
    return ActivityCheck


ActivityWithoutObjectives = _activity_check(
    "ACT001", "activity-without-objectives", "objectives", "les objectifs assignés",
    "the objectives assigned", "« l'objectif était de... », « on m'a demandé de... »",
    "\"the objective was...\", \"I was asked to...\"",
    """No statement of the objectives assigned to the activity: no "objectif", "but",
    "cahier des charges", "il m'a été demandé de", "ma mission consistait à"... (the
    profile's ``[activity] objectives`` lemmas).""")
ActivityWithoutResults = _activity_check(
    "ACT002", "activity-without-results", "results", "les résultats obtenus ou observés",
    "the results obtained or observed", "« au final, le serveur est opérationnel... »",
    "\"in the end the server works...\"",
    """No results obtained or observed: no "résultat", "fonctionne", "mis en service",
    "validé", "gain"... (the profile's ``[activity] results`` lemmas).""")
ActivityWithoutConstraints = _activity_check(
    "ACT003", "activity-without-constraints", "constraints", "les contraintes prises en compte",
    "the constraints taken into account", "délais, budget, normes, sécurité, continuité de "
    "service...", "deadlines, budget, standards, safety, continuity of service...",
    """No constraints taken into account: no "contrainte", "délai", "budget", "norme",
    "sécurité", "respecter"... (the profile's ``[activity] constraints`` lemmas).""")
ActivityWithoutPersonalComment = _activity_check(
    "ACT004", "activity-without-personal-comment", "personal",
    "de commentaire personnel", "a personal comment",
    "« j'ai trouvé... », « à mon avis... », « je retiens... »",
    "\"I found...\", \"in my opinion...\", \"I retain...\"",
    """No personal comment: no first-person singular judgement. A subject "je"/"me" (found
    with spaCy's morphology, Person=1 Number=Sing) followed by a verb of judgement (trouver,
    penser, apprendre, retenir, apprécier, permettre...), or a phrase such as "à mon avis",
    "selon moi", "pour ma part".""")

ActivityWithoutObjectives.docs = {"fr": """
Aucun énoncé des objectifs assignés à l'activité : ni « objectif », « but », « cahier des
charges », « il m'a été demandé de », « ma mission consistait à »... (les lemmes
``[activity] objectives`` du profil)."""}
ActivityWithoutResults.docs = {"fr": """
Aucun résultat obtenu ou observé : ni « résultat », « fonctionne », « mis en service »,
« validé », « gain »... (les lemmes ``[activity] results`` du profil)."""}
ActivityWithoutConstraints.docs = {"fr": """
Aucune contrainte prise en compte : ni « contrainte », « délai », « budget », « norme »,
« sécurité », « respecter »... (les lemmes ``[activity] constraints`` du profil)."""}
ActivityWithoutPersonalComment.docs = {"fr": """
Aucun commentaire personnel : pas de jugement à la première personne du singulier. Un sujet
« je »/« me » (trouvé grâce à la morphologie de spaCy, Person=1 Number=Sing) suivi d'un verbe
de jugement (trouver, penser, apprendre, retenir, apprécier, permettre...), ou une expression
comme « à mon avis », « selon moi », « pour ma part »."""}
