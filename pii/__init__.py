"""PII detection for customer-service text: resident IDs, cards, phones, e-mail ...

No Qt here.  ``scan(text)`` returns :class:`Finding` objects that carry positions and
masked forms only; ``mask_text(text)`` returns the text with every finding masked.
"""

from pii.findings import Finding, FindingKind
from pii.masking import DEFAULT_MASK_RULES, MaskRule, MaskRules, mask_text, mask_value
from pii.scanner import scan


def is_compiled() -> bool:
    """Whether the scanner runs as mypyc-compiled code (the frozen build) or pure Python."""
    from pii import scanner

    return not str(getattr(scanner, "__file__", "")).endswith(".py")


__all__ = [
    "DEFAULT_MASK_RULES",
    "Finding",
    "FindingKind",
    "MaskRule",
    "MaskRules",
    "is_compiled",
    "mask_text",
    "mask_value",
    "scan",
]
