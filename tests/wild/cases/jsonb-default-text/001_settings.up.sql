-- crowd.dev V1677590202: a jsonb default is stored as a jsonb constant, printed by jsonb_out: keys
-- unique and ordered by length then bytes, ", " and ": " separators, numbers as numeric prints them
CREATE TABLE tenant_users (id int PRIMARY KEY);
ALTER TABLE tenant_users ADD COLUMN settings JSONB DEFAULT '{"isGuideDismissed": false, "eagleEye": { "onboarded": false } }';
CREATE TABLE prefs (
    id int PRIMARY KEY,
    p jsonb NOT NULL DEFAULT '{"bb":1,"a":[1.50, 2e1, -0],"a":"last wins","s":"caf\u00e9\/\n"}',
    q jsonb DEFAULT '[ {} , [ ] , null ]'::jsonb,
    j json DEFAULT '{"b":1,"a":2}'   -- json keeps its text
);
