-- A default's nextval('seq'::regclass) keeps the sequence's OID: after a rename it prints the new name.
-- regclass input folds unquoted names and keeps quoted ones. Reduced from lemmy (user__id_seq renamed).
CREATE TABLE user_ (id serial PRIMARY KEY, name text);
ALTER SEQUENCE user__id_seq RENAME TO person_id_seq;
ALTER TABLE user_ RENAME TO person;
CREATE SCHEMA billing;
CREATE SEQUENCE billing."InvoiceNo";
CREATE TABLE invoice (
    no bigint DEFAULT nextval('billing."InvoiceNo"'),
    seq_name text DEFAULT 'person_id_seq'::regclass::text,
    CHECK ('billing."InvoiceNo"'::regclass IS NOT NULL)
);
ALTER TABLE billing."InvoiceNo" RENAME TO invoice_no;
CREATE SEQUENCE Upper_Seq;
CREATE TABLE later (id int DEFAULT nextval('UPPER_SEQ'));
ALTER SEQUENCE upper_seq RENAME TO "Lower";
CREATE VIEW next_ids AS SELECT nextval('person_id_seq'::regclass) AS next_person;
ALTER SEQUENCE person_id_seq RENAME TO person_seq;
