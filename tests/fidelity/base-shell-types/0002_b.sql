DROP TYPE shell;
DROP TYPE base_type CASCADE;
