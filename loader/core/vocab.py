"""Namespaces, ontology terms and the rules that build instance IRIs.

The same input always gives the same IRIs: every IRI is built from stable ids
(gazetteer ids, article ids, event keys) or from a digest of the content.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD


class _CachedNamespace(Namespace):
    """A Namespace whose attribute terms are built once (the mapping reads them per triple)."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self.term(name)
        self.__dict__[name] = term
        return term


NG = _CachedNamespace("https://w3id.org/newsgraph/ontology#")
ID = Namespace("https://w3id.org/newsgraph/id/")
ONTOLOGY_IRI = URIRef("https://w3id.org/newsgraph/ontology")
ONTOLOGY_GRAPH = ONTOLOGY_IRI
GAZETTEER_GRAPH = URIRef("https://w3id.org/newsgraph/id/gazetteer")
# Merged facts of every meeting and sanctions package, derived from the article graphs.
CONSENSUS_GRAPH = ID["consensus"]
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
# Store bookkeeping on each graph written: the digest of its source (kept out of the OWL export).
SOURCE_DIGEST = NG.sourceDigest

__all__ = [
    "CONSENSUS_GRAPH",
    "GAZETTEER_GRAPH",
    "ID",
    "NG",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "OWL",
    "RDF",
    "RDFS",
    "SKOS",
    "SOURCE_DIGEST",
    "WIKIDATA",
    "XSD",
    "actor_iri",
    "article_iri",
    "digest",
    "event_iri",
]

ACTOR_CLASSES = {
    "person": NG.Person,
    "state": NG.State,
    "international-organization": NG.InternationalOrganization,
    "government-body": NG.GovernmentBody,
    "company": NG.Company,
    "media-outlet": NG.MediaOutlet,
}
MEETING_CLASSES = {
    "meeting": NG.Meeting,
    "summit": NG.Summit,
    "talks": NG.Talks,
    "phone-call": NG.PhoneCall,
    "video-call": NG.VideoCall,
    "visit": NG.Visit,
    "press-conference": NG.PressConferenceEvent,
    "joint-appearance": NG.JointAppearance,
    "negotiation-round": NG.NegotiationRound,
    "council-meeting": NG.CouncilMeeting,
}
PARTICIPANT_ROLES = {
    "host": NG.Host,
    "mediator": NG.Mediator,
    "chair": NG.Chair,
    "delegate": NG.Delegate,
    "observer": NG.Observer,
    "guest": NG.Guest,
}
ATTRIBUTIONS = {
    "reportedly": NG.Reportedly,
    "according-to": NG.AccordingTo,
    "citing-source": NG.CitingSource,
}
EVENT_STATUSES = {
    "held": NG.Held,
    "planned": NG.Planned,
    "proposed": NG.Proposed,
    "postponed": NG.Postponed,
    "cancelled": NG.Cancelled,
}
PACKAGE_STATUSES = {
    "planned": NG.Planned,
    "drafting": NG.Drafting,
    "proposed": NG.Proposed,
    "adopted": NG.Adopted,
    "in-force": NG.InForce,
    "extended": NG.Extended,
    "failed": NG.Failed,
    "lifted": NG.Lifted,
    "expired": NG.Expired,
}
PACKAGE_KINDS = {
    "package": NG.NewPackage,
    "renewal": NG.Renewal,
    "extension": NG.Extension,
    "listing": NG.Listing,
    "delisting": NG.Delisting,
}
MEASURE_TYPES = {
    "asset-freeze": NG.AssetFreeze,
    "travel-ban": NG.TravelBan,
    "export-ban": NG.ExportBan,
    "import-ban": NG.ImportBan,
    "price-cap": NG.PriceCap,
    "secondary-sanctions": NG.SecondarySanctions,
    "financial-restrictions": NG.FinancialRestrictions,
    "transaction-ban": NG.TransactionBan,
    "service-ban": NG.ServiceBan,
    "vessel-listing": NG.VesselListing,
    "entity-listing": NG.EntityListing,
    "other": NG.OtherMeasure,
}
SPEECH_TYPES = {
    "direct": NG.DirectSpeech,
    "reported": NG.ReportedSpeech,
    "partial": NG.PartialQuote,
}
MEDIA = {
    "interview": NG.Interview,
    "press-conference": NG.PressConference,
    "broadcast": NG.Broadcast,
    "social-media": NG.SocialMedia,
    "written-statement": NG.WrittenStatement,
    "speech": NG.Speech,
}
PRECISIONS = {
    "day": NG.DayPrecision,
    "month": NG.MonthPrecision,
    "season": NG.SeasonPrecision,
    "year": NG.YearPrecision,
    "interval": NG.IntervalPrecision,
}


def digest(*parts: str, length: int = 12) -> str:
    """A short, stable hex digest of the parts (used to name content-derived nodes)."""
    h = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def _slug(value: str) -> str:
    # Ids are validated as slugs by the model; quoting keeps any other value a valid IRI.
    return quote(value, safe="-._~")


def actor_iri(actor_id: str) -> URIRef:
    return ID[f"actor/{_slug(actor_id)}"]


def place_iri(place_id: str) -> URIRef:
    return ID[f"place/{_slug(place_id)}"]


def article_iri(article_id: str) -> URIRef:
    """The article's IRI, which is also the name of the article's graph."""
    return ID[f"article/{_slug(article_id)}"]


def event_iri(event_key: str) -> URIRef:
    return ID[f"event/{_slug(event_key)}"]


def sanctions_iri(package_key: str) -> URIRef:
    return ID[f"sanctions/{_slug(package_key)}"]


def article_local_iri(kind: str, article_id: str, *content: str) -> URIRef:
    """A node that belongs to one article (statement, date, evidence, unkeyed meeting)."""
    return ID[f"{kind}/{_slug(article_id)}/{digest(*content)}"]


def evidence_iri(article_id: str, start: int, end: int) -> URIRef:
    return ID[f"evidence/{_slug(article_id)}/{start}-{end}"]


def role_iri(actor_id: str, index: int) -> URIRef:
    return ID[f"role/{_slug(actor_id)}/{index}"]
