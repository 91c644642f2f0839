CREATE INDEX notes_body ON notes (body);
