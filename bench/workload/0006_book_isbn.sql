ALTER TABLE book ADD COLUMN isbn varchar(13);
CREATE UNIQUE INDEX book_isbn_key ON book (isbn) WHERE isbn IS NOT NULL;
