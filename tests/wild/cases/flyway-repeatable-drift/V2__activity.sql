ALTER TABLE members ADD COLUMN active boolean NOT NULL DEFAULT true;
