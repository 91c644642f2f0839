ALTER TABLE book ADD COLUMN publisher_id bigint REFERENCES publisher (id) ON DELETE SET NULL;
CREATE INDEX book_publisher_id_idx ON book (publisher_id);
