"""Frozen domain objects shared by every stage: documents, deliberations, chunks."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OcrWord:
    """One word read by OCR, its box in PDF points from the page's top left, its confidence."""

    text: str
    left: float
    top: float
    width: float
    height: float
    confidence: float


@dataclass(frozen=True)
class LineStyle:
    """How one line of a PDF page is printed, as ``index.layout`` reads it."""

    key: str  # its letters and digits, folded, at most the first 40: how a text line finds it
    size: float  # font size in points (that of most of its letters)
    bold: float  # share of its letters and digits printed in a bold font


Layout = tuple[tuple[LineStyle, ...], ...]  # a PDF's printed lines, page by page


@dataclass(frozen=True)
class SourceDocument:
    """A file read from disk: raw text per page (one page for .txt/.md)."""

    source: str
    sha256: str
    kind: str
    size: int
    pages: tuple[str, ...]
    replaced_chars: int = 0  # invalid characters the reader replaced or removed (index.sanitize)
    scanned: tuple[int, ...] = ()  # PDF pages (from 1) that are images without a text layer
    ocr_engine: str | None = None  # the OCR that read the scanned pages, None until it has
    ocr_confidence: tuple[float, ...] = ()  # mean word confidence (0-100) of each scanned page
    ocr_words: tuple[tuple[OcrWord, ...], ...] = ()  # the words of each scanned page
    collectivity: str | None = None  # the authority declared at ingest (index.authorities)
    # A PDF's printed lines, page by page (empty for other files, and for a PDF pdfium could
    # not read); None while a PDF's print is unknown (a catalog older than layouts whose file
    # was gone or changed at the rebuild: it is read at a later one).
    layout: Layout | None = ()

    def page_confidence(self) -> dict[int, float]:
        """Mean OCR confidence of each page read by OCR."""
        return dict(zip(self.scanned, self.ocr_confidence, strict=False))


@dataclass(frozen=True)
class Amount:
    """A sum of money printed in a deliberation."""

    value: float
    raw: str
    tax: str | None = None  # "HT" | "TTC" | None


@dataclass(frozen=True)
class ActesId:
    """The @ctes identifier printed on acts sent to the prefecture."""

    raw: str
    department: str
    siren: str
    decision_date: str  # ISO
    internal_number: str
    nature: str


@dataclass(frozen=True)
class Member:
    """An elected member, with the colleague holding their proxy if any."""

    name: str
    proxy: str | None = None


@dataclass(frozen=True)
class Vote:
    """How the assembly voted; every part stays None when the text does not say."""

    result: str | None = None  # unanimité, majorité, rejeté, adopté, pris acte
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstention: int | None = None
    not_participating: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attendance:
    """Who sat, who gave a proxy, who was absent, and the printed counts."""

    present: tuple[str, ...] = ()
    excused: tuple[Member, ...] = ()
    absent: tuple[Member, ...] = ()
    in_office: int | None = None
    present_count: int | None = None
    voters: int | None = None


@dataclass(frozen=True)
class Deliberation:
    """One object voted by an assembly, with everything extracted from its text."""

    id: str
    source: str
    position: int
    text: str
    page_starts: tuple[tuple[int, int], ...]  # (offset in text, page number)
    object: str | None = None
    session_date: str | None = None
    collectivity: str | None = None
    body: str | None = None
    delib_number: str | None = None
    rapporteur: str | None = None
    commission: str | None = None
    president: str | None = None
    secretary: str | None = None
    attendance: Attendance = field(default_factory=Attendance)
    vote: Vote = field(default_factory=Vote)
    amounts: tuple[Amount, ...] = ()
    actes: ActesId | None = None
    transmission_date: str | None = None
    reception_date: str | None = None
    ocr_confidence: float | None = None  # lowest mean OCR confidence of its pages read by OCR

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(page for _, page in self.page_starts)

    def page_at(self, offset: int) -> int | None:
        """Page number holding the character at ``offset`` (None for text files)."""
        page = None
        for start, number in self.page_starts:
            if start > offset:
                break
            page = number
        return page


@dataclass(frozen=True)
class Chunk:
    """A verbatim passage of one deliberation, and the text actually embedded."""

    id: str
    deliberation_id: str
    position: int
    text: str
    start: int
    end: int
    page: int | None
    embed_text: str


@dataclass(frozen=True)
class Filters:
    """Restrictions on what may be cited: authorities, bodies, a session date range, a vote."""

    collectivities: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    date_from: str | None = None  # ISO, inclusive
    date_to: str | None = None  # ISO, inclusive
    vote_result: str | None = None
    last_session: bool = False
    deliberation_ids: tuple[str, ...] = ()  # a follow-up about deliberations already cited
    # Session dates read from a year, a month or a range in the question ("en 2019", "depuis
    # 2016"): they rank (deliberations of those sessions first) but exclude nothing, since such
    # a date may not be the session's ("le budget 2023" is voted in 2022).
    prefer_from: str | None = None
    prefer_to: str | None = None

    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with what a citation needs from its deliberation."""

    chunk_id: str
    deliberation_id: str
    text: str
    start: int
    end: int
    page: int | None
    source: str
    collectivity: str | None
    body: str | None
    session_date: str | None
    object: str | None
    delib_number: str | None
    vote_result: str | None
    score: float = 0.0
    dense_score: float | None = None
    lexical_score: float | None = None
    ocr_confidence: float | None = None  # read by OCR: its lowest page confidence (0-100)


@dataclass(frozen=True)
class Citation:
    """What a [n] marker resolves to: the deliberation, where it is, and the quoted excerpt."""

    n: int
    deliberation_id: str
    source: str
    collectivity: str | None
    body: str | None
    session_date: str | None
    session_label: str  # "séance du 28 janvier 2019" or "séance de date inconnue"
    object: str | None
    delib_number: str | None
    vote_result: str | None
    page: int | None
    quote: str
    ocr_confidence: float | None = None  # the text was read by OCR, with this confidence


@dataclass(frozen=True)
class Answer:
    """An answer as data: text with [n] markers, its citations, or a plain refusal with leads."""

    question: str
    standalone_question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...] = ()
    leads: tuple[Citation, ...] = ()
    filters: Filters = field(default_factory=Filters)
    notices: tuple[str, ...] = ()
    flagged: tuple[str, ...] = ()  # sentences without citation or with an unsupported figure
    timings_ms: tuple[tuple[str, float], ...] = ()
    retrieved: tuple[tuple[str, str], ...] = ()  # (deliberation id, source), best first
    span: str | None = None  # the exact words that answer, opening ``text`` (a figure, a name)
    uncertain: bool = False  # given, but marked « Réponse incertaine » (its notices say why)
