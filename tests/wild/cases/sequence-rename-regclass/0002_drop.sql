-- the dependency of a default on a quoted, qualified sequence is known: DROP ... CASCADE removes the default
DROP SEQUENCE billing.invoice_no CASCADE;
