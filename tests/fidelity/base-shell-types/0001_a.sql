-- Base and shell types (DefineType, compute_return_type): a C/internal function returning a type that does
-- not exist makes it a shell; CREATE TYPE name; makes one; CREATE TYPE name (INPUT = ...) completes it, with
-- its array type; CREATE TYPE name AS RANGE fills in a shell; DROP TYPE ... CASCADE takes its functions.
CREATE FUNCTION int42_in(cstring) RETURNS int42 AS 'int4in' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION int42_out(int42) RETURNS cstring AS 'int4out' LANGUAGE internal STRICT IMMUTABLE;
CREATE TYPE int42 (internallength = 4, input = int42_in, output = int42_out, alignment = int4, default = 42, passedbyvalue);
CREATE TABLE dt (f2 int42, f3 int42[], f4 _int42);
CREATE TYPE shell;
CREATE TYPE myshell;
CREATE TYPE rr;
CREATE TYPE rr AS RANGE (subtype = int4);
CREATE FUNCTION base_fn_in(cstring) RETURNS base_type AS 'boolin' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION base_fn_out(base_type) RETURNS cstring AS 'boolout' LANGUAGE internal IMMUTABLE STRICT;
CREATE TYPE base_type(INPUT = base_fn_in, OUTPUT = base_fn_out);
