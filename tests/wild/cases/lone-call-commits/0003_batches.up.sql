DO $$
BEGIN
    ALTER TABLE attachment ADD COLUMN checked boolean;
    COMMIT;
    UPDATE attachment SET checked = true;
END
$$;
