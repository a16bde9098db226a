"""Statements as triples: named or unnamed speakers, hedging, relaying outlets, speech type.

`speech` has no silent default: when the annotation leaves it out, the quote's place in
the text decides (inside quotation marks: direct; otherwise: reported), the graph
records that it was inferred, and the mapper keeps a note that `validate` prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loader.core.errors import ConstraintError, UnknownIdError
from loader.core.vocab import (
    ATTRIBUTIONS,
    MEDIA,
    NG,
    RDF,
    RDFS,
    SPEECH_TYPES,
    XSD,
    article_local_iri,
    event_iri,
    place_iri,
    sanctions_iri,
)
from loader.ingest.anchor import Anchor, in_quotation_marks
from loader.ingest.model import Statement, UnnamedSpeaker
from loader.ingest.yamlsrc import PathKey

if TYPE_CHECKING:
    from rdflib import URIRef

    from loader.rdf.mapper import ArticleMapper


def map_statement(mapper: ArticleMapper, st: Statement, path: PathKey) -> None:
    """Add one statement of the article, checked against the gazetteer and the text."""
    if st.speaker is None:
        raise ConstraintError(
            "a statement needs a speaker",
            hint="add `speaker:` with the actor id of who said it, or "
            "`{unnamed: a Western diplomat, affiliation: <actor id>}`",
            location=mapper.source.location(path),
            field=".".join(map(str, (*path, "speaker"))),
        )
    spk = st.speaker
    who = spk if isinstance(spk, str) else f"unnamed:{spk.unnamed}:{spk.affiliation or ''}"
    content = [who, st.quote or "", *(f"{e.quote}|{e.start}|{e.end}" for e in st.evidence)]
    node = article_local_iri("statement", mapper.aid, *content)
    anchors = mapper.evidence(node, st.evidence, (*path, "evidence"))
    quote = st.quote if st.quote is not None else anchors[0].exact
    mapper.add(node, RDF.type, NG.Statement)
    short = " ".join(quote.split())
    short = short if len(short) <= 60 else short[:57] + "..."
    mapper.lit(node, RDFS.label, f"{_speaker_name(mapper, spk)}: {short}")
    _speaker(mapper, node, spk, path)
    mapper.lit(node, NG.quoteText, quote)
    speech = st.speech
    if speech is None:
        speech = "direct" if _quoted(mapper, quote, anchors) else "reported"
        mapper.typed(node, NG.speechTypeInferred, "true", XSD.boolean)
        mapper.note(
            (*path, "speech"),
            f"`speech` not given: read as {speech} (the quote stands "
            f"{'inside' if speech == 'direct' else 'outside'} quotation marks); "
            "write `speech:` to say otherwise",
        )
    mapper.add(node, NG.hasSpeechType, SPEECH_TYPES[speech])
    if st.attribution:
        mapper.add(node, NG.hasAttribution, ATTRIBUTIONS[st.attribution])
    if st.medium:
        mapper.add(node, NG.hasMedium, MEDIA[st.medium])
    if st.outlet:
        mapper.add(node, NG.viaOutlet, mapper.actor(st.outlet, (*path, "outlet"), what="outlet"))
    names = []
    for i, outlet in enumerate(st.via):
        mapper.add(node, NG.relayedBy, mapper.actor(outlet, (*path, "via", i), what="outlet"))
        names.append(mapper.gaz.actors[outlet].name)
    if names:
        mapper.lit(node, NG.relayChain, " > ".join(names))
    for i, about in enumerate(st.about):
        mapper.add(node, NG.about, about_target(mapper, about, (*path, "about", i)))
    if st.addressee:
        addressee = mapper.actor(st.addressee, (*path, "addressee"), what="addressee")
        mapper.add(node, NG.addressee, addressee)
    mapper.date(node, st.date, (*path, "date"))


def _speaker_name(mapper: ArticleMapper, spk: str | UnnamedSpeaker) -> str:
    """The name shown in the statement's label (ids are checked by `_speaker`)."""
    actors = mapper.gaz.actors
    if isinstance(spk, str):
        return actors[spk].name if spk in actors else spk
    aff = spk.affiliation
    org = f" ({actors[aff].name})" if aff is not None and aff in actors else ""
    return f"unnamed: {spk.unnamed}{org}"


def _speaker(mapper: ArticleMapper, node: URIRef, spk: str | UnnamedSpeaker, path: PathKey) -> None:
    if isinstance(spk, str):
        mapper.add(node, NG.speaker, mapper.actor(spk, (*path, "speaker"), what="speaker"))
        return
    mapper.lit(node, NG.unnamedSpeaker, spk.unnamed)
    # The name the statement queries show, so they need no string building over OPTIONALs.
    mapper.lit(node, NG.speakerLabel, _speaker_name(mapper, spk))
    if spk.affiliation is not None:
        where = (*path, "speaker", "affiliation")
        mapper.add(node, NG.speakerAffiliation, mapper.actor(spk.affiliation, where))


def _quoted(mapper: ArticleMapper, quote: str, anchors: list[Anchor]) -> bool:
    text = mapper.text.text
    for a in anchors:
        at = text.find(quote, max(a.start - 1, 0), a.end + 1)
        if at >= 0 and in_quotation_marks(text, at, at + len(quote)):
            return True
    return in_quotation_marks(text, anchors[0].start, anchors[0].end)


def about_target(mapper: ArticleMapper, ref: str, path: PathKey) -> URIRef:
    """What `about` names: an actor, a place, an event or a sanctions package."""
    kind, _, key = ref.rpartition("/")
    if kind == "event":
        return event_iri(key)
    if kind == "sanctions":
        return sanctions_iri(key)
    gaz = mapper.gaz
    if ref in gaz.actors:
        return mapper.actor(ref, path)
    if ref in gaz.places:
        return place_iri(ref)
    if ref in mapper.event_keys():
        return event_iri(ref)
    if ref in mapper.package_keys():
        return sanctions_iri(ref)
    hint = _unknown_hint(mapper, ref)
    raise UnknownIdError(
        f"unknown actor id {ref!r}",
        hint=hint,
        location=mapper.source.location(path),
        field=".".join(map(str, path)),
    )


def _unknown_hint(mapper: ArticleMapper, ref: str) -> str:
    try:
        mapper.gaz.require_actor(ref)
    except UnknownIdError as exc:
        if exc.hint and exc.hint.startswith("did you mean"):
            return exc.hint
    return (
        "`about` names a gazetteer actor or place, an event or sanctions key of this "
        f"article, or a key defined in another article as event/{ref} or sanctions/{ref}"
    )
