-- a renamed column is renamed in the constraint's text, quoted or not
ALTER TABLE room RENAME COLUMN "roomId" TO "RoomNo";
ALTER TABLE room RENAME COLUMN during TO "When";
ALTER TABLE span RENAME COLUMN a TO "A";
