"""The terms of a question: what it says, minus the words every question has, minus what it
asks about a deliberation ("montant", "rapporté") when the subject alone is wanted."""

from index.analysis import analyze

QUESTION_WORDS = frozenset(analyze(
    "combien quel quelle quels quelles qui quand comment pourquoi où est-ce que qu'est-ce "
    "a-t-il a-t-elle ont-ils été était sont fait faite décidé voté délibération délibérations "
    "conseil séance ville commune et cela celle-ci celui-ci ça eu eue eus avait avaient aura "
    "aurait fut étaient y-a-t-il portent porte portant concernent concerne concernant traitent "
    "traite dossiers dossier passés passé déjà liste précédents"))
ATTRIBUTES = frozenset(analyze(  # what is asked about a deliberation, not what it is about
    "rapporté rapportée rapporteur voté votée vote adopté adoptée coût coûté coûte montant prix "
    "date président présidé présidée secrétaire unanimité majorité signé décidé approuvé "
    "approuvée budget payé somme numéro quel quelle combien annuel annuelle total totale "
    "voix contre abstention abstentions opposé opposés opposée opposition élus résultat "
    "délibérer délibéré"))


def content_terms(text: str) -> set[str]:
    """Analysed terms of a question, without the words every question has."""
    return set(analyze(text)) - QUESTION_WORDS


def subject_terms(text: str) -> set[str]:
    """What the question is about: its terms minus what it asks ("budget", "montant", "qui")."""
    return content_terms(text) - ATTRIBUTES
