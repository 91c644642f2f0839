DO $$ BEGIN EXECUTE 'COMMENT ON TABLE attachment IS ''files'''; END $$;
