-- crowd.dev: Flyway repeatables (R__) run after every versioned migration; drift after `up` expects
-- what they made (the history has their rows)
CREATE TABLE members (id int PRIMARY KEY, name text, score int DEFAULT 0);
