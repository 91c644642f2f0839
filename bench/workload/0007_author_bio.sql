ALTER TABLE author ADD COLUMN bio text;
ALTER TABLE author ADD COLUMN email text;
CREATE UNIQUE INDEX author_email_key ON author (lower(email));
