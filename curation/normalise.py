"""Metadata normalisation: scores, dates, platforms, languages and prompt keys, one canonical form each."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from curation.errors import CurationError

__all__ = [
    "DATE_KEYS",
    "SCORE_KEYS",
    "SCORE_WORDS",
    "normalise_date",
    "normalise_language",
    "normalise_metadata",
    "normalise_platform",
    "normalise_score",
    "prompt_key",
    "split_platform",
]

#: Metadata keys holding the training-quality score, first found wins.
#: ``traing_quality`` is a misspelling seen in real metadata.
SCORE_KEYS: tuple[str, ...] = ("training_quality", "traing_quality", "quality_score", "score")

#: Metadata keys holding the record's date, first found wins.
DATE_KEYS: tuple[str, ...] = (
    "startedAt",
    "started_at",
    "createdAt",
    "created_at",
    "date",
    "completedAt",
)

#: Words reviewers write instead of a 0-10 score, and the number each one stands for.
SCORE_WORDS: dict[str, float] = {
    "excellent": 9.0,
    "very high": 9.0,
    "very good": 8.0,
    "high": 8.0,
    "good": 7.0,
    "medium": 5.0,
    "moderate": 5.0,
    "average": 5.0,
    "ok": 5.0,
    "fair": 4.0,
    "low": 3.0,
    "poor": 2.0,
    "bad": 2.0,
    "very low": 2.0,
    "very poor": 1.0,
}

_PLATFORMS: dict[str, str] = {
    "cdk": "cdk",
    "aws-cdk": "cdk",
    "awscdk": "cdk",
    "cdktf": "cdktf",
    "cdk-tf": "cdktf",
    "cdk-terraform": "cdktf",
    "terraform-cdk": "cdktf",
    "cdk-for-terraform": "cdktf",
    "cfn": "cfn",
    "cloudformation": "cfn",
    "cloud-formation": "cfn",
    "aws-cloudformation": "cfn",
    "sam": "sam",
    "aws-sam": "sam",
    "tf": "tf",
    "terraform": "tf",
    "opentofu": "tf",
    "pulumi": "pulumi",
    "cicd": "cicd",
    "ci-cd": "cicd",
    "ci": "cicd",
    "analysis": "analysis",
    "ansible": "ansible",
    "k8s": "k8s",
    "kubernetes": "k8s",
    "helm": "helm",
    "bicep": "bicep",
    "arm": "arm",
}

_LANGUAGES: dict[str, str] = {
    "ts": "ts",
    "typescript": "ts",
    "tsx": "ts",
    "js": "js",
    "javascript": "js",
    "node": "js",
    "nodejs": "js",
    "py": "py",
    "python": "py",
    "python3": "py",
    "go": "go",
    "golang": "go",
    "java": "java",
    "kotlin": "kotlin",
    "kt": "kotlin",
    "hcl": "hcl",
    "tf": "hcl",
    "yaml": "yaml",
    "yml": "yaml",
    "json": "json",
    "csharp": "csharp",
    "c#": "csharp",
    "cs": "csharp",
    "dotnet": "csharp",
    ".net": "csharp",
    "fsharp": "fsharp",
    "f#": "fsharp",
    "bash": "shell",
    "sh": "shell",
    "shell": "shell",
    "powershell": "powershell",
    "ps1": "powershell",
}

_SEPARATORS = re.compile(r"[\s_/]+")
_FRACTION = re.compile(
    r"^(?P<num>[+-]?\d+(?:[.,]\d+)?)\s*(?:(?:/|out\s+of|of)\s*(?P<den>\d+(?:[.,]\d+)?)|(?P<pct>%))?$",
    re.IGNORECASE,
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FALLBACK_DATE_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%d %b %Y", "%b %d, %Y", "%B %d, %Y")


def _clean_name(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = _SEPARATORS.sub("-", value.strip().lower()).strip("-")
    return cleaned or None


def split_platform(value: Any) -> tuple[str | None, str | None]:
    """Split a platform spelling into (platform, language), either part possibly None.

    Examples
    --------
    >>> split_platform("cdk-typescript")
    ('cdk', 'ts')
    >>> split_platform("CloudFormation")
    ('cfn', None)
    """
    name = _clean_name(value)
    if name is None:
        return None, None
    if name in _PLATFORMS:
        return _PLATFORMS[name], None
    # Combined spellings such as "cfn-yaml" or "pulumi-python": the language is the last part.
    head, _, tail = name.rpartition("-")
    if head and tail in _LANGUAGES:
        platform, _ = split_platform(head)
        return platform, _LANGUAGES[tail]
    return name, None


def normalise_platform(value: Any) -> str | None:
    """One spelling per platform: ``cdk``, ``cdktf``, ``cfn``, ``tf``, ``pulumi``, ``cicd`` …

    Unknown platforms come back lower-cased with ``-`` separators rather than dropped.

    Examples
    --------
    >>> normalise_platform("Terraform"), normalise_platform("cdk-typescript")
    ('tf', 'cdk')
    """
    return split_platform(value)[0]


def normalise_language(value: Any) -> str | None:
    """One spelling per language: ``ts``, ``js``, ``py``, ``go``, ``java``, ``hcl``, ``yaml`` …

    Examples
    --------
    >>> normalise_language("TypeScript"), normalise_language("yml"), normalise_language(None)
    ('ts', 'yaml', None)
    """
    name = _clean_name(value)
    if name is None:
        return None
    return _LANGUAGES.get(name, name)


def normalise_score(value: Any) -> tuple[float | None, str | None]:
    """Read a 0-10 training-quality score written in any of the usual ways.

    Accepts numbers, numeric strings (``"8"``, ``"8.5"``, ``"8/10"``, ``"4 out of 5"``,
    ``"80%"``; other scales are rescaled to 0-10), the words in `SCORE_WORDS` and dicts
    such as ``{"score": 7}``. Missing values (None, ``""``) are not a problem.

    Returns
    -------
    (score, problem) : the score or None, and a message when the value could not be read.

    Examples
    --------
    >>> normalise_score("8/10"), normalise_score("high"), normalise_score(None)
    ((8.0, None), (8.0, None), (None, None))
    >>> normalise_score("great!")[1]
    "score 'great!' is not a number, a fraction like 8/10 or a known word (high, medium, low …)"
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"score {value!r} is a yes/no value, not a 0-10 number"
    if isinstance(value, int | float):
        score = float(value)
        if math.isnan(score):
            return None, None
        if not 0 <= score <= 10:
            return None, f"score {value!r} is outside 0-10"
        return score, None
    if isinstance(value, Mapping):
        for key in ("score", "value", "training_quality", "rating", "overall"):
            if key in value:
                return normalise_score(value[key])
        return None, f"score {dict(value)!r} has no 'score' or 'value' entry"
    if isinstance(value, str):
        text = " ".join(value.strip().lower().split())
        if not text:
            return None, None
        if text in SCORE_WORDS:
            return SCORE_WORDS[text], None
        match = _FRACTION.match(text)
        if match:
            number = float(match["num"].replace(",", "."))
            if match["den"]:
                scale = float(match["den"].replace(",", "."))
                if scale == 0:
                    return None, f"score {value!r} divides by zero"
                number = number * 10 / scale
            elif match["pct"]:
                number = number / 10
            return normalise_score(number)
        return None, (
            f"score {value!r} is not a number, a fraction like 8/10 "
            "or a known word (high, medium, low …)"
        )
    return None, f"score {value!r} ({type(value).__name__}) is not a number"


def normalise_date(value: Any) -> tuple[datetime | None, str | None]:
    """Read a timestamp into a timezone-aware datetime; naive times are taken as UTC.

    Accepts ISO 8601 strings (``2025-08-14T10:00:00+05:30``, ``...Z``, ``2025-08-14``),
    datetime/date objects and epoch seconds (or milliseconds). Impossible dates and
    look-alike characters (non-ASCII hyphens) are reported, never guessed at.

    Returns
    -------
    (date, problem) : the datetime or None, and a message when the value could not be read.

    Examples
    --------
    >>> normalise_date("2025-08-14T10:00:00Z")[0].isoformat()
    '2025-08-14T10:00:00+00:00'
    >>> normalise_date("2025-13-01")[0] is None
    True
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if math.isnan(value):
            return None, None
        # Values this large are epoch milliseconds (JavaScript's Date.now()).
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC), None
        except (OverflowError, OSError, ValueError):
            return None, f"date {value!r} is not a plausible epoch timestamp"
    elif isinstance(value, str):
        text = value.strip()
        odd = _NON_ASCII.search(text)
        if odd:
            char = odd.group(0)
            return None, (
                f"date {value!r} contains the non-ASCII character U+{ord(char):04X}; "
                "retype it with plain ASCII digits and '-'"
            )
        parsed_or_none = _parse_date_text(text)
        if parsed_or_none is None:
            return None, (
                f"date {value!r} is not a valid ISO 8601 timestamp "
                "(expected e.g. 2025-08-14T10:00:00+05:30); check month, day and format"
            )
        parsed = parsed_or_none
    else:
        return None, f"date {value!r} ({type(value).__name__}) is not a timestamp"
    if parsed.tzinfo is None or parsed.tzinfo.utcoffset(parsed) is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed, None


def _parse_date_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _FALLBACK_DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def normalise_metadata(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Normalised ``platform``, ``language``, ``complexity``, ``score`` and ``date`` from raw metadata.

    Returns
    -------
    (fields, problems) : `fields` holds exactly those five keys (values may be None);
        `problems` is a list of ``(kind, message)`` with kind ``bad_score`` or ``bad_date``.

    Examples
    --------
    >>> fields, problems = normalise_metadata({"platform": "cdk-typescript", "training_quality": "7"})
    >>> fields["platform"], fields["language"], fields["score"], problems
    ('cdk', 'ts', 7.0, [])
    """
    problems: list[tuple[str, str]] = []
    platform, combined_language = split_platform(raw.get("platform"))
    language = normalise_language(raw.get("language")) or combined_language
    complexity = raw.get("complexity", raw.get("difficulty"))
    complexity = (complexity.strip().lower() or None) if isinstance(complexity, str) else None

    score = None
    for key in SCORE_KEYS:
        if key in raw and raw[key] is not None:
            score, message = normalise_score(raw[key])
            if message:
                problems.append(("bad_score", f"{key}: {message}"))
            break

    when = None
    for key in DATE_KEYS:
        if key in raw and raw[key] not in (None, ""):
            when, message = normalise_date(raw[key])
            if message:
                problems.append(("bad_date", f"{key}: {message}"))
            break

    fields = {
        "platform": platform,
        "language": language,
        "complexity": complexity,
        "score": score,
        "date": when,
    }
    return fields, problems


def prompt_key(text: str) -> str:
    """A key equal for prompts that differ only in whitespace or letter case.

    Examples
    --------
    >>> prompt_key("Create an  S3 bucket\\n") == prompt_key("create an s3 BUCKET")
    True
    """
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()


def date_bound(value: str | date | datetime | None, *, end: bool) -> datetime | None:
    """A ``since``/``until`` filter bound as naive UTC (how the store keeps record dates).

    ``since`` (``end=False``) is inclusive. ``until`` (``end=True``) comes back as an
    exclusive bound: a bare date keeps its whole UTC day (the next midnight), a timestamp
    keeps its own instant. Aware values are converted to UTC; naive ones are taken as UTC.

    Examples
    --------
    >>> date_bound("2026-12-31", end=True)
    datetime.datetime(2027, 1, 1, 0, 0)
    >>> date_bound("2026-03-02T00:00:00+05:30", end=False)
    datetime.datetime(2026, 3, 1, 18, 30)
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
        except ValueError as error:
            raise CurationError(
                f"cannot read the date {text!r} ({error}); use YYYY-MM-DD or an ISO 8601 timestamp"
            ) from error
    if not isinstance(value, datetime):
        moment = datetime(value.year, value.month, value.day)
        return moment + timedelta(days=1) if end else moment
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value + timedelta(microseconds=1) if end else value
