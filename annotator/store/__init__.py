"""The one door to a project's SQLite file.

``Store`` is assembled from small mixins, one per part of the data model, so
each file stays readable; all SQL of the program lives in this package and in
``annotator/migrations/``.
"""

from annotator.codebook import CodebookError
from annotator.store.adjudication import AdjudicationMixin
from annotator.store.agreement_queries import AgreementQueriesMixin
from annotator.store.annotations import AnnotationsMixin
from annotator.store.articles import AddResult, ArticlesMixin, fts_query
from annotator.store.assist import AssistMixin
from annotator.store.candidates import CandidatesMixin
from annotator.store.codebook_changes import CodebookMixin
from annotator.store.copying import CopyMixin
from annotator.store.entities import EntitiesMixin
from annotator.store.errors import ProjectError, StoreError
from annotator.store.identity import IdentityMixin
from annotator.store.journal import JournalMixin
from annotator.store.listing import ListingMixin, ListLayout
from annotator.store.opening import needs_upgrade
from annotator.store.reports import ReportsMixin
from annotator.store.team import TeamMixin
from annotator.store.typeahead import TypeaheadMixin


class Store(ListingMixin, ArticlesMixin, EntitiesMixin, IdentityMixin, CandidatesMixin,
            TypeaheadMixin, AnnotationsMixin, ReportsMixin, TeamMixin, AgreementQueriesMixin,
            AdjudicationMixin, AssistMixin, CopyMixin, JournalMixin, CodebookMixin):
    """A project file: ``Store(path, coder="ana")``; ``Store(None)`` is in memory.

    Opening refuses files that are not Annotator projects or come from a newer
    schema, and leaves them untouched. Every method that changes data runs in
    one transaction, writes the edit log, and returns a ``Change``.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: Why articles an interrupted import left unindexed are still unsearchable.
        self.index_error: str | None = None
        if not self.read_only:
            try:  # an import killed before its end left these unsearchable
                self.index_pending()
            except StoreError as exc:  # a full disk: reading the project still works
                self.index_error = str(exc)
        self.watch_journal()


__all__ = ["AddResult", "CodebookError", "ListLayout", "ProjectError", "Store", "StoreError",
           "fts_query", "needs_upgrade"]
