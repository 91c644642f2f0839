-- golang-migrate sends a file as one query: a file holding only a CALL runs outside a transaction block,
-- where the procedure may COMMIT (reduced from reportportal's attachment_creation_date_fill).
CREATE TABLE attachment (id int PRIMARY KEY, project_id int, created timestamp);
INSERT INTO attachment VALUES (1, 1, NULL), (2, 2, NULL);
CREATE PROCEDURE fill_created()
    LANGUAGE plpgsql
AS $$
DECLARE
    prj int;
BEGIN
    FOR prj IN SELECT DISTINCT project_id FROM attachment ORDER BY 1 LOOP
        UPDATE attachment SET created = now() WHERE project_id = prj AND created IS NULL;
        COMMIT;
    END LOOP;
END;
$$;
