-- dropping them from the parent leaves no trace on the partition
ALTER TABLE parted DROP CONSTRAINT check_a, DROP CONSTRAINT check_b;
