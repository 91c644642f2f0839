-- inbox-zero 20260506120000: an exclusion constraint's elements print as pg_get_constraintdef prints
-- them (quoted columns, normalized expressions), conkey holds the columns only, and the default name
-- joins every element's name (ChooseIndexColumnNames: an expression by FigureIndexColname)
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE "Booking" ("emailAccountId" text, "startTime" timestamp, "endTime" timestamp, status text);
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_no_overlap" EXCLUDE USING gist (
    "emailAccountId" WITH =,
    tsrange("startTime", "endTime", '[)') WITH &&
) WHERE ("status" IN ('PENDING', 'CONFIRMED'));
CREATE TABLE room (id int, "roomId" int, during tsrange, EXCLUDE USING gist ("roomId" WITH =, during WITH &&));
CREATE TABLE span (a int, b int, c text COLLATE "C",
    EXCLUDE USING gist ((a + 1) WITH =, int4range(a, b) WITH &&),
    EXCLUDE USING gist (c COLLATE "C" WITH =, a WITH =, a WITH =) WHERE (a > 0));
