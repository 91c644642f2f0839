DO $$ BEGIN UPDATE attachment SET checked = false WHERE id = 2; END $$;
