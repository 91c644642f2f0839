CREATE TABLE book_author (
    book_id bigint NOT NULL REFERENCES book (id) ON DELETE CASCADE,
    author_id bigint NOT NULL REFERENCES author (id) ON DELETE CASCADE,
    position smallint NOT NULL DEFAULT 1,
    PRIMARY KEY (book_id, author_id)
);
CREATE INDEX book_author_author_id_idx ON book_author (author_id);
