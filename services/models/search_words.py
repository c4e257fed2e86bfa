"""Every word of the services' search documents, so that a word's start can be searched
as the whole words it begins."""

from django.db import models


class SearchWord(models.Model):
    """A word (a lexeme: an English stem, as the search document holds it) found in at
    least one service's search document, now or before.

    A GIN index matches a word's start ("understand:*") by reading the postings of every
    word with that start into one bitmap before it can AND the other words with it: 38 ms
    where the whole word takes 8 at a million services. The search reads here which whole
    words a start begins and asks for those instead (services.search_selectors).

    Kept complete by database triggers on services_service (migrations 0011, 0012): every
    insert, and every update that changes a search document, adds the document's words not
    yet here, whatever wrote the row (the actions, the admin, `seed_bulk`'s COPY) and
    whatever the session's replication role (`seed_bulk` skips ordinary triggers). A search
    matches the same services only while every word of every document is here; a word whose
    last service is gone stays and matches nothing, which costs nothing. Not unique: a
    unique word would make a write wait for another transaction adding the same new word,
    and two adding two new words in opposite orders deadlock; two writes adding one new
    word at the same instant both keep it, and the search reads it once. Written only by
    those triggers."""

    # "C" collation: byte order, so the words beginning with a start are one range of the
    # index.
    word = models.TextField(db_collation="C")

    class Meta:
        indexes = [models.Index(fields=["word"], name="services_searchword_word_idx")]

    def __str__(self):
        return self.word
