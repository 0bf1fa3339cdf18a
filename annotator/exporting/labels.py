"""What each exported column means, and which codebook section codes it.

The variable labels of the SPSS and Stata files, so that an analyst who opens
``claims_flat.sav`` sees "Claim's position toward the addressee: -1, 0, +1"
instead of guessing from a name.
"""

from __future__ import annotations

COLUMN_LABELS = {
    "article_id": "Article id (articles.article_id)",
    "title": "Article title",
    "article_title": "Article title",
    "published": "Publication date (YYYY-MM-DD)",
    "published_time": "Publication time of day and UTC offset, when the source gave one",
    "published_raw": "Publication date as the source wrote it",
    "outlet": "Outlet that published the article",
    "url": "Article URL",
    "source_file": "File the article was imported from",
    "content_hash": "Hash of the normalised body (duplicates share it)",
    "imported_at": "When the article was imported (UTC)",
    "status": "Coding status",
    "extra": "Other fields of the source, as JSON",
    "body": "Article text; offsets count its characters from 0",
    "coder": "Coder",
    "updated_at": "When the status last changed (UTC)",
    "note": "Coder's note",
    "entity_id": "Entity id (entities.entity_id)",
    "name": "Entity's canonical name",
    "type": "Entity type",
    "merged_into": "Entity this one was merged into",
    "aliases": "Other names of the entity, ' | '-separated",
    "mention_count": "Mentions of the entity",
    "article_count": "Articles that mention the entity",
    "mention_id": "Mention id",
    "entity_name": "Entity's canonical name",
    "entity_type": "Entity type",
    "start": "Span start (character offset into body, from 0)",
    "end": "Span end (character offset into body, exclusive)",
    "text": "Span text (body[start:end])",
    "fragments": "Pieces of a discontinuous span, JSON [[start, end], ...]",
    "suggested": "1: accepted from a suggestion; 0: coded by hand",
    "source_fragments": "Pieces of a discontinuous source span, JSON",
    "cue_fragments": "Pieces of a discontinuous cue span, JSON",
    "claim_id": "Claim id (claims.claim_id)",
    "claim_start": "Claim start (character offset into body, from 0)",
    "claim_end": "Claim end (character offset into body, exclusive)",
    "claim_text": "Claim text",
    "claimant_entity_id": "Claimant's entity id",
    "claimant_name": "Claimant: who makes the claim",
    "claimant_type": "Claimant's entity type",
    "addressee_entity_id": "Addressee's entity id",
    "addressee_name": "Addressee: whom the claim is about or aimed at",
    "addressee_type": "Addressee's entity type",
    "category": "Claim category",
    "position": "Claim's position toward the addressee: -1, 0, +1",
    "certainty": "How certain the claim is put",
    "attribution_id": "Attribution id (attributions.attribution_id)",
    "parent_attribution_id": "Attribution this one is nested in (the outer source)",
    "source_entity_id": "Source's entity id (empty: anonymous)",
    "source_name": "Source: who the claim is attributed to",
    "source_type": "Source's entity type",
    "source_text": "Source span text",
    "source_start": "Source span start (character offset)",
    "source_end": "Source span end (character offset)",
    "cue_text": "Attribution cue text (said, according to ...)",
    "cue_start": "Cue span start (character offset)",
    "cue_end": "Cue span end (character offset)",
    "kind": "Attribution kind",
    "chain_depth": "Sources in the attribution chain (0: unattributed)",
    "chain": "Attribution chain, outermost source first",
    "outer_source_name": "Outermost source of the chain",
    "parent_source_name": "Source the innermost one is reported by",
    "codebook_version": "Version of the project's codebook the annotation was coded under",
}

#: column -> codebook section whose codes become its value labels
CODED_COLUMNS = {
    "category": "claim_category",
    "kind": "attribution_kind",
    "type": "entity_type",
    "entity_type": "entity_type",
    "claimant_type": "entity_type",
    "addressee_type": "entity_type",
    "source_type": "entity_type",
    "certainty": "certainty",
}

#: article_status.status: a fixed scheme, not in the codebook
STATUSES = ("todo", "in_progress", "done", "skipped")
