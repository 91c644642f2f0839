ALTER TABLE publisher ADD COLUMN website text;
ALTER TABLE publisher ADD COLUMN founded smallint;
CREATE INDEX publisher_country_idx ON publisher (country);
COMMENT ON TABLE book IS 'one edition of a book';
