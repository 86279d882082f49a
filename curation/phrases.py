"""Gap phrases made comparable: stop words, vendor prefixes, synonyms, careful singulars."""

from __future__ import annotations

import functools
import re

#: Longest theme name shown; longer central phrases are cut with an ellipsis.
MAX_NAME = 60

#: A central phrase of at most this many words names its theme; longer ones give way to
#: the theme's most telling words.
MAX_NAME_WORDS = 6

# scikit-learn's English stop words (``ENGLISH_STOP_WORDS``), copied: themes need no scikit-learn
_ENGLISH = """
a about above across after afterwards again against all almost alone along already also
although always am among amongst amoungst amount an and another any anyhow anyone anything
anyway anywhere are around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond bill both bottom but by call can
cannot cant co con could couldnt cry de describe detail do done down due during each eg
eight either eleven else elsewhere empty enough etc even ever every everyone everything
everywhere except few fifteen fifty fill find fire first five for former formerly forty
found four from front full further get give go had has hasnt have he hence her here
hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
inc indeed interest into is it its itself keep last latter latterly least less ltd made many
may me meanwhile might mill mine more moreover most mostly move much must my myself name
namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime
sometimes somewhere still such system take ten than that the their them themselves then
thence there thereafter thereby therefore therein thereupon these they thick thin third this
those though three through throughout thru thus to together too top toward towards twelve
twenty two un under until up upon us very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while
whither who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH.split())

VENDOR_WORDS = frozenset({"aws", "amazon", "azure", "gcp", "google", "microsoft", "cloud"})
# "cloud" alone says nothing here, but "cloud formation" is CloudFormation: joined first
PHRASE_SYNONYMS = (
    (re.compile(r"\bcloud\s+formation\b"), "cloudformation"),
    (re.compile(r"\bcloud\s+watch\b"), "cloudwatch"),
    (re.compile(r"\bcloud\s+front\b"), "cloudfront"),
    (re.compile(r"\bcloud\s+trail\b"), "cloudtrail"),
    (re.compile(r"\bleast[-\s]+privileges?\b"), "least privilege"),
    (
        re.compile(r"\b(?:overly|too|over)[-\s]+(?:permissive|broad|privileged)\b"),
        "least privilege",
    ),
    (re.compile(r"\bover[-\s]?privileged\b"), "least privilege"),
    (re.compile(r"\binfrastructure[-\s]+as[-\s]+code\b"), "iac"),
    (re.compile(r"\bweb\s+services\b"), ""),
)
TOKEN_SYNONYMS = {
    "cfn": "cloudformation",
    "tf": "terraform",
    "hcl": "terraform",
    "k8s": "kubernetes",
    "dep": "dependency",
    "deps": "dependency",
    "db": "database",
    "dbs": "database",
    "config": "configuration",
    "configs": "configuration",
    "env": "environment",
    "envs": "environment",
    "perm": "permission",
    "perms": "permission",
    "sg": "security group",
    "sgs": "security group",
    "ha": "high availability",
    "az": "availability zone",
    "azs": "availability zone",
    "multiaz": "multi availability zone",
    "cw": "cloudwatch",
    "cdktf": "cdktf",
    "unencrypted": "encryption",
    "encrypted": "encryption",
    "encrypt": "encryption",
    "expensive": "cost",
    "costly": "cost",
    "pricing": "cost",
    "charges": "cost",
    "timed": "timeout",
    "timeouts": "timeout",
}
# words whose trailing s is not a plural (besides -ss, -us, -is and words of 3 letters)
KEEP_S = frozenset(
    [
        "dns",
        "ecs",
        "eks",
        "rds",
        "sns",
        "sqs",
        "kms",
        "efs",
        "ses",
        "acs",
        "iops",
        "https",
        "ssl",
        "tls",
        "alias",
        "redis",
        "kubernetes",
        "windows",
        "ops",
        "devops",
        "jenkins",
        "always",
        "does",
        "goes",
        "its",
        "has",
        "was",
        "this",
        "yes",
        "cors",
        "aws",
        "sagemaker",
        "perhaps",
        "whereas",
        "towards",
        "afterwards",
        "besides",
        "sometimes",
        "nevertheless",
    ]
)
IRREGULAR_PLURALS = {
    "aliases": "alias",
    "statuses": "status",
    "analyses": "analysis",
    "indices": "index",
    "indexes": "index",
    "buses": "bus",
    "series": "series",
    "species": "species",
}


@functools.cache
def stop_words() -> frozenset[str]:
    """Words never used to compare or name themes: English function words (scikit-learn's
    list, minus a few that carry meaning here) and the filler of failure analyses.

    Examples
    --------
    >>> {"the", "model", "md", "response"} <= stop_words()
    True
    >>> "least" in stop_words()
    False
    """
    # kept: they carry meaning here ("least privilege", "type system", "bucket name")
    meaningful = {"least", "system", "call", "name", "empty", "fire", "bill", "interest"}
    filler = [
        "model",
        "ai",
        "llm",
        "assistant",
        "response",
        "ideal",
        "md",
        "markdown",
        "issue",
        "problem",
        "missing",
        "use",
        "used",
        "using",
        "need",
        "required",
        "requirement",
        "lack",
        "lacking",
        "proper",
        "properly",
        "correct",
        "correctly",
        "incorrect",
        "incorrectly",
        "wrong",
        "right",
        "understanding",
        "knowledge",
        "gap",
        "know",
        "aware",
        "awareness",
        "failure",
        "fail",
        "failed",
        "instead",
        "actual",
        "actually",
        "did",
        "didn",
        "does",
        "doesn",
        "don",
        "isn",
        "wasn",
        "weren",
        "aren",
        "won",
        "shouldn",
        "couldn",
        "wouldn",
        "like",
        "just",
        "really",
        "specific",
        "specifically",
        "particular",
        "e",
        "g",
        "eg",
        "ie",
        "etc",
        "vs",
        "versus",
        "way",
        "thing",
        "things",
        "generated",
        "generate",
        "provide",
        "provided",
        "appropriate",
        "appropriately",
        "good",
        "better",
        "best",
        "certain",
        "case",
        "lot",
        "make",
        "making",
        "handle",
        "handled",
        "handling",
    ]
    return frozenset(ENGLISH_STOP_WORDS - meaningful) | frozenset(filler)


# -- normalisation ---------------------------------------------------------------------


def singular(word: str) -> str:
    """A careful singular: plurals lose their s, other words ending in s are left alone.

    Short words, -ss / -us / -is endings, acronyms such as ``dns`` or ``ecs`` and verbs
    such as ``does`` keep their s.

    Examples
    --------
    >>> [singular(w) for w in ["policies", "dependencies", "buckets", "addresses", "does"]]
    ['policy', 'dependency', 'bucket', 'address', 'does']
    >>> [singular(w) for w in ["status", "analysis", "access", "ecs", "has", "aliases"]]
    ['status', 'analysis', 'access', 'ecs', 'has', 'alias']
    """
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if (
        len(word) <= 3
        or not word.endswith("s")
        or word in KEEP_S
        or word.endswith(("ss", "us", "is", "ous"))
        or not word.isalpha()
    ):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


@functools.lru_cache(maxsize=65536)  # gaps repeat across records: normalise each text once
def normalise_gap(text: str) -> str:
    """The comparable form of a gap or root cause: lower case, no punctuation or vendor
    prefixes, synonyms unified (CFN -> cloudformation, TF -> terraform), plurals singular.

    Examples
    --------
    >>> normalise_gap("**AWS CloudFormation** circular dependencies")
    'cloudformation circular dependency'
    >>> normalise_gap("Circular dependency in CFN!")
    'circular dependency in cloudformation'
    """
    lowered = str(text).lower().replace("&", " and ")
    lowered = re.sub(r"(?<=\w)['’]s\b", "", lowered)  # possessives: "model's" -> "model"
    for pattern, replacement in PHRASE_SYNONYMS:
        lowered = pattern.sub(replacement, lowered)
    words: list[str] = []
    for token in re.findall(r"[a-z0-9]+", lowered):
        if token in VENDOR_WORDS:
            continue
        token = TOKEN_SYNONYMS.get(token, token)
        words.extend(singular(part) for part in token.split())
    return " ".join(words)


def _display(text: str) -> str:
    """A raw gap cleaned for display: no markdown, the label of "Label: explanation"."""
    clean = re.sub(r"[*_`#]+", "", str(text)).strip()
    label, sep, rest = clean.partition(": ")
    # "Label: a long explanation" shows the label; "AWS CloudFormation: circular dependency"
    # is one short phrase and stays whole
    if sep and 1 <= len(label.split()) <= MAX_NAME_WORDS < len(clean.split()):
        clean = label
    clean = clean.strip(" .;:-")
    return clean if len(clean) <= MAX_NAME else clean[: MAX_NAME - 1].rstrip() + "…"
