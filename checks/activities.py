"""What each activity must make explicit: objectives, results, constraints, own comments."""

from __future__ import annotations

from dataclasses import dataclass

from report_lint.findings import Severity
from report_lint.nlp import RunFinder
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
    """One linguistic analysis per activity, shared by the four ACT checks.

    Each check asks whether the activity states something at all, so the text is read block
    by block and only until every question has its answer (:func:`_evidence_read_in_part`);
    the whole text is tagged with ``REPORT_LINT_FULL_SPACY=1``, which the equality test
    compares with."""
    key = ("activity", id(section))
    if key not in ctx.cache:
        lexicon = ctx.settings["activity"]
        analyzer = ctx.analyzer
        text = section.title + "\n" + section.text
        if analyzer.partial_tagging:
            ctx.cache[key] = _evidence_read_in_part(analyzer, text, lexicon)
        else:
            doc = analyzer.doc(text)
            lemmas = analyzer.lemmas_of_doc(doc)
            ctx.cache[key] = Evidence(
                *(analyzer.matches(lemmas, lexicon[kind]) for kind in KINDS),
                personal=personal_comments(doc, lexicon))
    return ctx.cache[key]


#: Word tokens read at a time by :func:`_evidence_read_in_part`: a block is tagged in one
#: call (spaCy's cost per call is mostly fixed), and reading stops after the block that
#: answers the last question.
BLOCK = 200


def _evidence_read_in_part(analyzer, text: str, lexicon) -> Evidence:
    """:class:`Evidence` whose fields are empty exactly when the whole text's are, reading
    the text block by block and tagging only the tokens an answer depends on: the runs
    where a phrase could occur (``nlp.RunFinder``) and the subjects of the words that could
    be verbs of judgement. A field holds what the blocks read found, not every occurrence."""
    tags = analyzer.partial(text)
    finder = RunFinder(analyzer, tags, {kind: lexicon[kind] for kind in KINDS})
    personal = _personal_phrases(tags.text, lexicon)
    words = tags.word_indices
    for start in range(0, len(words), BLOCK):
        block = words[start:start + BLOCK]
        last = start + BLOCK >= len(words)
        finder.feed(block, last=last, kinds=finder.unsettled)
        subjects: list[int] = []
        if not personal:
            # Subjects in this block, and the words up to 4 tokens after them.
            low = block[0] if start else 0
            high = len(tags.doc) if last else words[start + BLOCK]
            ahead = words[start:start + BLOCK + 4]
            subjects, candidates = _judgement_candidates(tags, lexicon, ahead)
        tags.tag(finder.pending_tokens() + subjects)
        finder.settle()
        if not personal:
            personal = personal_comments_tagged(
                tags, lexicon, [i for i in subjects if low <= i < high], candidates)
        if not finder.unsettled and personal:
            break
    return Evidence(*(finder.found[kind] for kind in KINDS), personal=personal)


KINDS = ("objectives", "results", "constraints")
JUDGING = ("VERB", "AUX", "ADJ")


def _first_person(token) -> bool:
    morph = token.morph
    return token.pos_ == "PRON" and morph.get("Person") == ["1"] and \
        morph.get("Number") == ["Sing"]


def _judges(token, verbs: set[str]) -> bool:
    return token.pos_ in JUDGING and fold(token.lemma_) in verbs


def personal_comments(doc, lexicon) -> list[str]:
    """First-person singular judgements: "j'ai trouvé", "cela m'a permis", "à mon avis"."""
    verbs = {fold(v) for v in lexicon["judgement_verbs"]}
    found = []
    tokens = list(doc)
    for i, token in enumerate(tokens):
        if _first_person(token):
            for nxt in tokens[i + 1:i + 5]:
                if nxt.is_punct:
                    break
                if _judges(nxt, verbs):
                    found.append(doc[token.i:nxt.i + 1].text)
                    break
    return found + _personal_phrases(doc.text, lexicon)


def _personal_phrases(text: str, lexicon) -> list[str]:
    text = fold(text)
    return [p for p in lexicon["personal_phrases"] if fold(p) in text]


def _judgement_candidates(tags, lexicon, words: list[int]) -> tuple[list[int], set[int]]:
    """Of the word tokens ``words``, those that could be a verb of judgement under some part
    of speech, and the tokens to tag for :func:`personal_comments_tagged`: each of them with
    the 4 tokens before it (where its subject must be)."""
    from spacy.parts_of_speech import IDS

    verbs = {fold(v) for v in lexicon["judgement_verbs"]}
    judging = [IDS[pos] for pos in JUDGING]
    candidates = {j for j in words
                  if any(fold(lemma) in verbs
                         for lemma in tags.possible_lemmas(j, judging).values())}
    return sorted({i for j in candidates for i in range(max(0, j - 4), j + 1)}), candidates


def personal_comments_tagged(tags, lexicon, subjects: list[int],
                             candidates: set[int]) -> list[str]:
    """:func:`personal_comments` on ``Analyzer.partial`` tags, ``subjects`` tagged (see
    :func:`_judgement_candidates`): a pronoun farther than 4 tokens from any word that could
    be a verb of judgement judges nothing."""
    verbs = {fold(v) for v in lexicon["judgement_verbs"]}
    doc, found = tags.doc, []
    for i in subjects:
        if _first_person(tags.token(i)):
            for k in range(i + 1, min(i + 5, len(doc))):
                if doc[k].is_punct:
                    break
                if k in candidates and _judges(tags.token(k), verbs):
                    found.append(doc[i:k + 1].text)
                    break
    return found + _personal_phrases(tags.text, lexicon)


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
